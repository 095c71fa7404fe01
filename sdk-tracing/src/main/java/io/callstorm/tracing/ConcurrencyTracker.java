package io.callstorm.tracing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the calls in flight in this process, so that every stage span can carry {@code voice.concurrency}:
 * the load the stage ran under. {@link VoiceCall}s started through {@link VoiceTelemetry} count themselves;
 * code that tracks calls without call spans uses {@link #callStarted()} and {@link #callEnded()}.
 *
 * <p>One tracker per process is the intent: hand the same instance to every {@link VoiceTelemetry} of the
 * process ({@link VoiceTelemetryBuilder#concurrencyTracker(ConcurrencyTracker)}). Thread-safe; a read is one
 * volatile load, a change one atomic add. The count never goes below zero: an unmatched
 * {@link #callEnded()} is ignored.
 *
 * <pre>{@code
 * ConcurrencyTracker calls = ConcurrencyTracker.create();
 * VoiceTelemetry agentTelemetry = VoiceTelemetry.builder(openTelemetry).concurrencyTracker(calls).build();
 * }</pre>
 */
public final class ConcurrencyTracker {
    private final AtomicLong inFlight = new AtomicLong();

    private ConcurrencyTracker() {
    }

    /** A tracker starting at zero calls. */
    public static ConcurrencyTracker create() {
        return new ConcurrencyTracker();
    }

    /** Counts one more call in flight; returns the new count. */
    public long callStarted() {
        return inFlight.incrementAndGet();
    }

    /** Counts one call fewer in flight (never below zero); returns the new count. */
    public long callEnded() {
        while (true) {
            long current = inFlight.get();
            if (current <= 0) {
                return 0;
            }
            if (inFlight.compareAndSet(current, current - 1)) {
                return current - 1;
            }
        }
    }

    /** The calls in flight now. */
    public long inFlight() {
        return inFlight.get();
    }

    @Override
    public String toString() {
        return "ConcurrencyTracker{inFlight=" + inFlight.get() + '}';
    }
}
