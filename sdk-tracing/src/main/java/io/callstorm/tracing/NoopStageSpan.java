package io.callstorm.tracing;

import io.callstorm.core.transcript.ToolCallStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;

/**
 * The stage span used when neither traces nor metrics are on: one shared instance per stage, so that the
 * disabled path allocates nothing and reads no clock.
 */
final class NoopStageSpan implements StageSpan {
    private static final NoopStageSpan[] BY_STAGE = create();

    private final VoiceStage stage;

    private NoopStageSpan(VoiceStage stage) {
        this.stage = stage;
    }

    private static NoopStageSpan[] create() {
        VoiceStage[] stages = VoiceStage.values();
        NoopStageSpan[] spans = new NoopStageSpan[stages.length];
        for (VoiceStage s : stages) {
            spans[s.ordinal()] = new NoopStageSpan(s);
        }
        return spans;
    }

    static StageSpan of(VoiceStage stage) {
        return BY_STAGE[(stage == null ? VoiceStage.TOOL : stage).ordinal()];
    }

    @Override
    public VoiceStage stage() {
        return stage;
    }

    @Override
    public StageSpan firstResult() {
        return this;
    }

    @Override
    public StageSpan firstResultAt(long nanoTime) {
        return this;
    }

    @Override
    public StageSpan provider(String provider) {
        return this;
    }

    @Override
    public StageSpan model(String model) {
        return this;
    }

    @Override
    public StageSpan tokens(long inputTokens, long outputTokens) {
        return this;
    }

    @Override
    public StageSpan promptCacheHit(boolean hit) {
        return this;
    }

    @Override
    public StageSpan toolName(String toolName) {
        return this;
    }

    @Override
    public StageSpan toolOutcome(ToolCallStatus outcome) {
        return this;
    }

    @Override
    public <T> StageSpan setAttribute(AttributeKey<T> key, T value) {
        return this;
    }

    @Override
    public StageSpan error(Throwable error) {
        return this;
    }

    @Override
    public StageSpan error(String errorType) {
        return this;
    }

    @Override
    public void end() {
    }

    @Override
    public void endAt(long nanoTime) {
    }

    @Override
    public Span span() {
        return Span.getInvalid();
    }

    @Override
    public String toString() {
        return "StageSpan{" + stage.wireName() + ", no-op}";
    }
}
