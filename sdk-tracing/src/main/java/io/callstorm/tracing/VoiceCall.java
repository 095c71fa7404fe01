package io.callstorm.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call: the {@code voice.call} span, parent of the call's turns, and one call counted in flight on the
 * {@link ConcurrencyTracker} (and the {@code voice.calls.active} counter) from start to {@link #end()}.
 * End every call, or the count of calls in flight drifts up; try-with-resources does it.
 *
 * <pre>{@code
 * Context remote = telemetry.propagation().extractStartParameters(start.customParameters());
 * try (VoiceCall call = telemetry.callBuilder(start.callSid()).parent(remote).spanKind(SpanKind.SERVER).start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe; methods never throw; only the first {@link #end()} counts.
 */
public final class VoiceCall implements AutoCloseable {
    private final VoiceTelemetry telemetry;
    private final String sessionId;
    private final Span span;
    private final Context context;
    private final long startNanos;
    private final long startEpochNanos;
    private final long concurrency;
    private final AtomicInteger turns = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();

    private VoiceCall(VoiceTelemetry telemetry, String sessionId, Span span, Context context, long startNanos,
                      long startEpochNanos, long concurrency) {
        this.telemetry = telemetry;
        this.sessionId = sessionId;
        this.span = span;
        this.context = context;
        this.startNanos = startNanos;
        this.startEpochNanos = startEpochNanos;
        this.concurrency = concurrency;
    }

    /** The session id given at start, if any ({@code session.id}). */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /** The calls in flight when this call started, itself included. */
    public long concurrency() {
        return concurrency;
    }

    /** The parent context with this call's span: inject it into an outgoing request, or make it current. */
    public Context context() {
        return context;
    }

    /** The {@code voice.call} span (non-recording when tracing is off). */
    public Span span() {
        return span;
    }

    /** Starts the next turn (numbered from 1) now. */
    public VoiceTurn startTurn() {
        return startTurn(System.nanoTime());
    }

    /** Starts the next turn at a {@link System#nanoTime()} reading taken by the caller. */
    public VoiceTurn startTurn(long startNanoTime) {
        return VoiceTurn.start(telemetry, this, turns.incrementAndGet(), startNanoTime);
    }

    /** Marks the call as failed: status ERROR, {@code error.type} the exception's class name. */
    public VoiceCall error(Throwable error) {
        Spans.error(span, error, "VoiceCall.error");
        return this;
    }

    /** Marks the call as failed with a short error code such as {@code hangup_timeout}. */
    public VoiceCall error(String errorType) {
        Spans.error(span, errorType, "VoiceCall.error");
        return this;
    }

    /** Ends the call now: ends its span and counts it out of the calls in flight. */
    public void end() {
        endAt(System.nanoTime());
    }

    /** Ends the call at a {@link System#nanoTime()} reading taken by the caller. */
    public void endAt(long nanoTime) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        telemetry.concurrencyTracker().callEnded();
        try {
            telemetry.metrics.callEnded();
            if (span.isRecording()) {
                span.setAttribute(VoiceAttributes.CALL_TURNS, (long) turns.get());
            }
            span.end(startEpochNanos + Math.max(0, nanoTime - startNanos), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            FailureLog.failed("VoiceCall.end", e);
        }
    }

    /** Same as {@link #end()}. */
    @Override
    public void close() {
        end();
    }

    String sessionIdOrNull() {
        return sessionId;
    }

    @Override
    public String toString() {
        return "VoiceCall{" + (sessionId == null ? "" : sessionId + ", ") + span.getSpanContext().getTraceId() + '}';
    }

    /**
     * Describes a call before it starts. Values set here reach the span at its start, where samplers see them.
     * Lenient like the rest of the run-time API: {@code null} values are ignored.
     */
    public static final class Builder {
        private final VoiceTelemetry telemetry;
        private final String sessionId;
        private String persona;
        private String scenario;
        private Context parent;
        private SpanKind kind = SpanKind.INTERNAL;
        private long startNanoTime = VoiceTelemetry.NOW;

        Builder(VoiceTelemetry telemetry, String sessionId) {
            this.telemetry = telemetry;
            this.sessionId = sessionId;
        }

        /** The persona placing the call ({@code voice.persona}); simulators set it, production agents rarely. */
        public Builder persona(String persona) {
            this.persona = persona;
            return this;
        }

        /** The scenario the call follows ({@code voice.scenario}). */
        public Builder scenario(String scenario) {
            this.scenario = scenario;
            return this;
        }

        /** The parent context, e.g. one extracted from the request; {@link Context#current()} by default. */
        public Builder parent(Context parent) {
            this.parent = parent;
            return this;
        }

        /**
         * The span kind: {@code INTERNAL} by default; {@code SERVER} in an agent that received the call over the
         * network, {@code CLIENT} on the calling side.
         */
        public Builder spanKind(SpanKind kind) {
            if (kind != null) {
                this.kind = kind;
            }
            return this;
        }

        /** When the call started, as a {@link System#nanoTime()} reading; now by default. */
        public Builder startNanoTime(long nanoTime) {
            this.startNanoTime = nanoTime;
            return this;
        }

        /** Starts the call span and counts the call in flight. */
        public VoiceCall start() {
            long start = startNanoTime == VoiceTelemetry.NOW ? System.nanoTime() : startNanoTime;
            long concurrency = telemetry.concurrencyTracker().callStarted();
            Context base = parent != null ? parent : Context.current();
            long startEpoch = 0;
            Span span = Span.getInvalid();
            try {
                telemetry.metrics.callStarted();
                startEpoch = telemetry.clock.epochNanos(start);
                SpanBuilder b = telemetry.tracer.spanBuilder(Spans.CALL)
                        .setParent(base)
                        .setSpanKind(kind)
                        .setStartTimestamp(startEpoch, TimeUnit.NANOSECONDS)
                        .setAttribute(VoiceAttributes.CONCURRENCY, concurrency)
                        .setAttribute(StandardAttributes.OPENINFERENCE_SPAN_KIND, StandardAttributes.SPAN_KIND_CHAIN);
                if (sessionId != null) {
                    b.setAttribute(StandardAttributes.SESSION_ID, sessionId);
                }
                if (persona != null) {
                    b.setAttribute(VoiceAttributes.PERSONA, persona);
                }
                if (scenario != null) {
                    b.setAttribute(VoiceAttributes.SCENARIO, scenario);
                }
                span = b.startSpan();
            } catch (RuntimeException e) {
                FailureLog.failed("VoiceCall.start", e);
            }
            return new VoiceCall(telemetry, sessionId, span, Spans.with(base, span), start, startEpoch, concurrency);
        }
    }
}
