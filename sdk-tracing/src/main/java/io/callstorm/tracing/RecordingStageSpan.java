package io.callstorm.tracing;

import io.callstorm.core.transcript.ToolCallStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * A stage that records: its span (which may be non-recording, e.g. sampled out, but still carries a valid
 * context), its metrics, and its timing for the turn's {@code Server-Timing}. Times are {@code nanoTime}
 * readings; the span's timestamps are derived from its start so that its duration is exact.
 */
final class RecordingStageSpan implements StageSpan {
    private static final long UNSET = Long.MIN_VALUE;
    private static final double NANOS_PER_MILLI = 1e6;
    private static final AtomicLongFieldUpdater<RecordingStageSpan> FIRST_RESULT =
            AtomicLongFieldUpdater.newUpdater(RecordingStageSpan.class, "firstResultNanos");
    private static final AtomicIntegerFieldUpdater<RecordingStageSpan> ENDED =
            AtomicIntegerFieldUpdater.newUpdater(RecordingStageSpan.class, "ended");

    private final VoiceTelemetry telemetry;
    private final VoiceStage stage;
    private final Span span;
    private final long startNanos;
    private final long startEpochNanos;
    private final long concurrency;
    private final VoiceTurn turn;
    private volatile long firstResultNanos = UNSET;
    private volatile int ended;
    private volatile String errorType;
    private volatile String toolName;

    RecordingStageSpan(VoiceTelemetry telemetry, VoiceStage stage, Span span, long startNanos, long startEpochNanos,
                       long concurrency, VoiceTurn turn, String toolName) {
        this.telemetry = telemetry;
        this.stage = stage;
        this.span = span;
        this.startNanos = startNanos;
        this.startEpochNanos = startEpochNanos;
        this.concurrency = concurrency;
        this.turn = turn;
        this.toolName = toolName;
    }

    @Override
    public VoiceStage stage() {
        return stage;
    }

    @Override
    public StageSpan firstResult() {
        if (stage.hasFirstResult() && firstResultNanos == UNSET && ended == 0) {
            markFirstResult(System.nanoTime());
        }
        return this;
    }

    @Override
    public StageSpan firstResultAt(long nanoTime) {
        if (stage.hasFirstResult() && firstResultNanos == UNSET && ended == 0) {
            markFirstResult(nanoTime);
        }
        return this;
    }

    private void markFirstResult(long nanoTime) {
        long at = Math.max(nanoTime, startNanos); // a first result cannot come before the stage started
        if (!FIRST_RESULT.compareAndSet(this, UNSET, at)) {
            return;
        }
        try {
            long ttft = at - startNanos;
            if (span.isRecording()) {
                span.setAttribute(stage.firstResultKey(), ttft / NANOS_PER_MILLI);
                span.addEvent(stage.firstResultEventName(), startEpochNanos + ttft, TimeUnit.NANOSECONDS);
            }
            telemetry.metrics.recordFirstResult(stage, concurrency, ttft);
        } catch (RuntimeException e) {
            FailureLog.failed("StageSpan.firstResult", e);
        }
    }

    @Override
    public StageSpan provider(String provider) {
        return setAttribute(StandardAttributes.GEN_AI_PROVIDER_NAME, provider);
    }

    @Override
    public StageSpan model(String model) {
        return setAttribute(StandardAttributes.GEN_AI_REQUEST_MODEL, model);
    }

    @Override
    public StageSpan tokens(long inputTokens, long outputTokens) {
        if (inputTokens >= 0) {
            setAttribute(StandardAttributes.GEN_AI_USAGE_INPUT_TOKENS, inputTokens);
        }
        if (outputTokens >= 0) {
            setAttribute(StandardAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, outputTokens);
        }
        return this;
    }

    @Override
    public StageSpan promptCacheHit(boolean hit) {
        return setAttribute(VoiceAttributes.LLM_PROMPT_CACHE_HIT, hit);
    }

    @Override
    public StageSpan toolName(String name) {
        return setAttribute(StandardAttributes.GEN_AI_TOOL_NAME, name);
    }

    @Override
    public StageSpan toolOutcome(ToolCallStatus outcome) {
        if (outcome == null) {
            return this;
        }
        switch (outcome) {
            case OK -> setAttribute(VoiceAttributes.TOOL_OUTCOME, "ok");
            case TIMEOUT -> {
                setAttribute(VoiceAttributes.TOOL_OUTCOME, "timeout");
                if (errorType == null) {
                    error("timeout");
                }
            }
            case ERROR -> {
                setAttribute(VoiceAttributes.TOOL_OUTCOME, "error");
                if (errorType == null) {
                    error("tool_error");
                }
            }
            default -> { }
        }
        return this;
    }

    @Override
    public <T> StageSpan setAttribute(AttributeKey<T> key, T value) {
        if (key == null || value == null || ended != 0) {
            return this;
        }
        try {
            if (key == StandardAttributes.GEN_AI_TOOL_NAME) {
                toolName = (String) value;
            }
            if (span.isRecording()) {
                span.setAttribute(key, value);
            }
        } catch (RuntimeException e) {
            FailureLog.failed("StageSpan.setAttribute", e);
        }
        return this;
    }

    @Override
    public StageSpan error(Throwable error) {
        if (ended == 0) {
            errorType = error == null ? "_OTHER" : error.getClass().getName();
            Spans.error(span, error, "StageSpan.error");
        }
        return this;
    }

    @Override
    public StageSpan error(String type) {
        if (ended == 0) {
            errorType = type == null || type.isBlank() ? "_OTHER" : type;
            Spans.error(span, errorType, "StageSpan.error");
        }
        return this;
    }

    @Override
    public void end() {
        if (ended == 0) {
            finish(System.nanoTime());
        }
    }

    @Override
    public void endAt(long nanoTime) {
        if (ended == 0) {
            finish(nanoTime);
        }
    }

    private void finish(long nanoTime) {
        if (!ENDED.compareAndSet(this, 0, 1)) {
            return;
        }
        try {
            long first = firstResultNanos;
            long at = Math.max(nanoTime, first == UNSET ? startNanos : first);
            long duration = at - startNanos;
            if (turn != null) {
                turn.stageEnded(stage, first == UNSET ? -1 : first - startNanos, duration, toolName);
            }
            span.end(startEpochNanos + duration, TimeUnit.NANOSECONDS);
            telemetry.metrics.recordDuration(stage, concurrency, duration, errorType);
        } catch (RuntimeException e) {
            FailureLog.failed("StageSpan.end", e);
        }
    }

    @Override
    public Span span() {
        return span;
    }

    @Override
    public String toString() {
        return "StageSpan{" + stage.wireName() + ", " + span.getSpanContext().getSpanId() + '}';
    }
}
