package io.callstorm.tracing;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Turns {@link System#nanoTime()} readings into epoch timestamps for spans. All times in this module are
 * taken with {@code nanoTime} (monotonic, cheap, and what callers such as the simulator hold), and each span
 * converts its start once, then derives its events and end from the start by nanoTime differences, so a
 * span's duration equals the nanoTime difference exactly. The anchor between the two clocks is refreshed
 * every minute, so that long-running services follow wall-clock corrections.
 */
final class EpochClock {
    private static final long REANCHOR_AFTER_NANOS = TimeUnit.SECONDS.toNanos(60);

    private volatile Anchor anchor = Anchor.now();

    long epochNanos(long nanoTime) {
        Anchor a = anchor;
        if (Math.abs(nanoTime - a.nanoTime) > REANCHOR_AFTER_NANOS) {
            a = Anchor.now();
            anchor = a;
        }
        return a.epochNanos + (nanoTime - a.nanoTime);
    }

    private static final class Anchor {
        final long nanoTime;
        final long epochNanos;

        private Anchor(long nanoTime, long epochNanos) {
            this.nanoTime = nanoTime;
            this.epochNanos = epochNanos;
        }

        static Anchor now() {
            Instant wall = Instant.now();
            long nano = System.nanoTime();
            return new Anchor(nano, TimeUnit.SECONDS.toNanos(wall.getEpochSecond()) + wall.getNano());
        }
    }
}
