package io.callstorm.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attribute keys of the {@code voice.*} namespace that Callstorm's instrumentation and simulator share.
 * Keys borrowed from the OpenTelemetry semantic conventions and OpenInference are in
 * {@link StandardAttributes}. Every key here is part of the span contract described in {@code docs/tracing.md}:
 * keys are added, never renamed.
 */
public final class VoiceAttributes {
    /** Calls in flight in the process when a span started (from the {@link ConcurrencyTracker}). */
    public static final AttributeKey<Long> CONCURRENCY = AttributeKey.longKey("voice.concurrency");
    /** The pipeline stage of a span: {@code stt}, {@code llm}, {@code tts} or {@code tool}. */
    public static final AttributeKey<String> STAGE = AttributeKey.stringKey("voice.stage");
    /** The simulated persona that placed the call. */
    public static final AttributeKey<String> PERSONA = AttributeKey.stringKey("voice.persona");
    /** The scenario path the call followed. */
    public static final AttributeKey<String> SCENARIO = AttributeKey.stringKey("voice.scenario");

    /**
     * Metrics only: the lower bound of the concurrency bucket a measurement fell in
     * ({@code floor(voice.concurrency / width) * width}), so that histograms stay low-cardinality.
     */
    public static final AttributeKey<Long> CONCURRENCY_BUCKET = AttributeKey.longKey("voice.concurrency.bucket");
    /** The 1-based index of a turn within its call, on {@code voice.turn} spans. */
    public static final AttributeKey<Long> TURN_INDEX = AttributeKey.longKey("voice.turn.index");
    /** How many turns a call had, set on the {@code voice.call} span when it ends. */
    public static final AttributeKey<Long> CALL_TURNS = AttributeKey.longKey("voice.call.turns");

    /** STT stage: milliseconds from the stage's start to the first partial transcript. */
    public static final AttributeKey<Double> STT_TTFT_MS = AttributeKey.doubleKey("voice.stt.ttft_ms");
    /** LLM stage: milliseconds from the request to the first token. */
    public static final AttributeKey<Double> LLM_TTFT_MS = AttributeKey.doubleKey("voice.llm.ttft_ms");
    /** TTS stage: milliseconds from the request to the first audio byte. */
    public static final AttributeKey<Double> TTS_TTFB_MS = AttributeKey.doubleKey("voice.tts.ttfb_ms");
    /** LLM stage: whether the provider served the prompt prefix from its cache. */
    public static final AttributeKey<Boolean> LLM_PROMPT_CACHE_HIT =
            AttributeKey.booleanKey("voice.llm.prompt_cache_hit");
    /** Tool stage: how the call ended, {@code ok}, {@code timeout} or {@code error}. */
    public static final AttributeKey<String> TOOL_OUTCOME = AttributeKey.stringKey("voice.tool.outcome");

    private VoiceAttributes() {
    }
}
