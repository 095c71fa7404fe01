package io.callstorm.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attribute keys of the {@code voice.*} namespace that Callstorm's instrumentation and simulator share.
 * The full instrumentation API of this module is being built; these keys are stable already.
 */
public final class VoiceAttributes {
    /** Calls in flight in the process when a span started. */
    public static final AttributeKey<Long> CONCURRENCY = AttributeKey.longKey("voice.concurrency");
    /** The pipeline stage of a span: {@code stt}, {@code llm}, {@code tts} or {@code tool}. */
    public static final AttributeKey<String> STAGE = AttributeKey.stringKey("voice.stage");
    /** The simulated persona that placed the call. */
    public static final AttributeKey<String> PERSONA = AttributeKey.stringKey("voice.persona");
    /** The scenario path the call followed. */
    public static final AttributeKey<String> SCENARIO = AttributeKey.stringKey("voice.scenario");

    private VoiceAttributes() {
    }
}
