package io.callstorm.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One turn of a call: the {@code voice.turn} span, parent of the turn's stage spans. With
 * {@link VoiceTelemetryBuilder#captureServerTiming(boolean)} on, the turn also keeps its finished stages'
 * timings for the {@code Server-Timing} header ({@link #serverTiming()}).
 *
 * <pre>{@code
 * try (VoiceTurn turn = call.startTurn()) {
 *     StageSpan stt = turn.startStt();   ... stt.firstResult(); ... stt.end();
 *     StageSpan llm = turn.startLlm("gpt-4o-mini");   ... llm.firstResult(); ... llm.end();
 *     response.header(ServerTiming.HEADER_NAME, turn.serverTiming().toHeaderValue());
 * }
 * }</pre>
 *
 * <p>Thread-safe: stages may be started and ended from any thread. Methods never throw.
 */
public final class VoiceTurn implements AutoCloseable {
    private final VoiceTelemetry telemetry;
    private final VoiceCall call;
    private final int index;
    private final Span span;
    private final Context context;
    private final long startNanos;
    private final long startEpochNanos;
    private final List<ServerTiming.Metric> timings;
    private final AtomicBoolean ended = new AtomicBoolean();

    private VoiceTurn(VoiceTelemetry telemetry, VoiceCall call, int index, Span span, Context context,
                      long startNanos, long startEpochNanos) {
        this.telemetry = telemetry;
        this.call = call;
        this.index = index;
        this.span = span;
        this.context = context;
        this.startNanos = startNanos;
        this.startEpochNanos = startEpochNanos;
        this.timings = telemetry.capturesServerTiming() ? new ArrayList<>(4) : null;
    }

    static VoiceTurn start(VoiceTelemetry telemetry, VoiceCall call, int index, long startNanos) {
        Span span = Span.getInvalid();
        long startEpoch = 0;
        try {
            startEpoch = telemetry.clock.epochNanos(startNanos);
            SpanBuilder b = telemetry.tracer.spanBuilder(Spans.TURN)
                    .setParent(call.context())
                    .setSpanKind(SpanKind.INTERNAL)
                    .setStartTimestamp(startEpoch, TimeUnit.NANOSECONDS)
                    .setAttribute(VoiceAttributes.TURN_INDEX, (long) index)
                    .setAttribute(VoiceAttributes.CONCURRENCY, telemetry.concurrencyTracker().inFlight())
                    .setAttribute(StandardAttributes.OPENINFERENCE_SPAN_KIND, StandardAttributes.SPAN_KIND_CHAIN);
            if (call.sessionIdOrNull() != null) {
                b.setAttribute(StandardAttributes.SESSION_ID, call.sessionIdOrNull());
            }
            span = b.startSpan();
        } catch (RuntimeException e) {
            FailureLog.failed("VoiceTurn.start", e);
        }
        return new VoiceTurn(telemetry, call, index, span, Spans.with(call.context(), span), startNanos, startEpoch);
    }

    /** The turn's number within its call, from 1. */
    public int index() {
        return index;
    }

    /** The call's context with this turn's span. */
    public Context context() {
        return context;
    }

    /** The {@code voice.turn} span (non-recording when tracing is off). */
    public Span span() {
        return span;
    }

    /** Starts the turn's STT stage now. */
    public StageSpan startStt() {
        return startStage(VoiceStage.STT);
    }

    /** Starts an LLM request for {@code model} now. */
    public StageSpan startLlm(String model) {
        return telemetry.newStage(VoiceStage.LLM, context, VoiceTelemetry.NOW, this, call.sessionIdOrNull(), model);
    }

    /** Starts the turn's TTS stage now. */
    public StageSpan startTts() {
        return startStage(VoiceStage.TTS);
    }

    /** Starts a call of the tool {@code toolName} now. */
    public StageSpan startTool(String toolName) {
        return telemetry.newStage(VoiceStage.TOOL, context, VoiceTelemetry.NOW, this, call.sessionIdOrNull(),
                toolName);
    }

    /** Starts a stage now. */
    public StageSpan startStage(VoiceStage stage) {
        return telemetry.newStage(stage, context, VoiceTelemetry.NOW, this, call.sessionIdOrNull(), null);
    }

    /**
     * Starts a stage at a {@link System#nanoTime()} reading taken by the caller, for a stage that began before
     * the code reporting it ran: STT that started with the caller's speech, or a stage reconstructed from
     * measured timings.
     */
    public StageSpan startStage(VoiceStage stage, long startNanoTime) {
        return telemetry.newStage(stage, context, startNanoTime, this, call.sessionIdOrNull(), null);
    }

    /** Marks the turn as failed: status ERROR, {@code error.type} the exception's class name. */
    public VoiceTurn error(Throwable error) {
        Spans.error(span, error, "VoiceTurn.error");
        return this;
    }

    /** Marks the turn as failed with a short error code. */
    public VoiceTurn error(String errorType) {
        Spans.error(span, errorType, "VoiceTurn.error");
        return this;
    }

    /**
     * The {@code Server-Timing} of the stages of this turn that have ended so far, in the order they ended:
     * {@code stt}, {@code llm} and {@code tts} with their time to first result (stages that ended without one
     * are left out), {@code tool} with its duration and the tool name as {@code desc}. Empty unless
     * {@link VoiceTelemetryBuilder#captureServerTiming(boolean)} is on.
     */
    public ServerTiming serverTiming() {
        if (timings == null) {
            return ServerTiming.empty();
        }
        synchronized (timings) {
            return ServerTiming.of(timings);
        }
    }

    /** Ends the turn now. */
    public void end() {
        endAt(System.nanoTime());
    }

    /** Ends the turn at a {@link System#nanoTime()} reading taken by the caller. */
    public void endAt(long nanoTime) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            span.end(startEpochNanos + Math.max(0, nanoTime - startNanos), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            FailureLog.failed("VoiceTurn.end", e);
        }
    }

    /** Same as {@link #end()}. */
    @Override
    public void close() {
        end();
    }

    /** Called by a stage of this turn when it ends; {@code firstResultNanos} is -1 when none was marked. */
    void stageEnded(VoiceStage stage, long firstResultNanos, long durationNanos, String toolName) {
        if (timings == null) {
            return;
        }
        ServerTiming.Metric metric;
        if (stage == VoiceStage.TOOL) {
            metric = ServerTiming.Metric.of(stage.wireName(), durationNanos / 1e6, toolName);
        } else if (firstResultNanos >= 0) {
            metric = ServerTiming.Metric.of(stage.wireName(), firstResultNanos / 1e6, null);
        } else {
            return;
        }
        synchronized (timings) {
            timings.add(metric);
        }
    }

    @Override
    public String toString() {
        return "VoiceTurn{" + index + '}';
    }
}
