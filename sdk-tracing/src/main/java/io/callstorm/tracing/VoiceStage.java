package io.callstorm.tracing;

import io.callstorm.core.Stage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;

import java.util.Optional;

/**
 * The stages of a voice pipeline that get a span of their own. Each stage span is named {@link #spanName()},
 * carries {@code voice.stage} = {@link #wireName()}, and (except {@link #TOOL}) can mark its first result,
 * which sets {@link #firstResultAttribute()} and adds the event {@link #firstResultEvent()}.
 */
public enum VoiceStage {
    /** Speech-to-text; its first result is the first partial transcript. */
    STT("stt", "voice.stt", SpanKind.CLIENT, Stage.STT_TTFT, "voice.stt.first_partial",
            VoiceAttributes.STT_TTFT_MS, "stt", null),
    /** The language model; its first result is the first token. */
    LLM("llm", "voice.llm", SpanKind.CLIENT, Stage.LLM_TTFT, "voice.llm.first_token",
            VoiceAttributes.LLM_TTFT_MS, StandardAttributes.OPERATION_CHAT, StandardAttributes.SPAN_KIND_LLM),
    /** Text-to-speech; its first result is the first audio byte. */
    TTS("tts", "voice.tts", SpanKind.CLIENT, Stage.TTS_FIRST_AUDIO, "voice.tts.first_audio",
            VoiceAttributes.TTS_TTFB_MS, "tts", null),
    /** One tool call, request to result or timeout; it has no first result, its latency is the span's duration. */
    TOOL("tool", "voice.tool", SpanKind.INTERNAL, Stage.TOOL_CALL, null,
            null, StandardAttributes.OPERATION_EXECUTE_TOOL, StandardAttributes.SPAN_KIND_TOOL);

    private static final VoiceStage[] VALUES = values();

    private final String wireName;
    private final String spanName;
    private final SpanKind spanKind;
    private final Stage reportStage;
    private final String firstResultEvent;
    private final AttributeKey<Double> firstResultAttribute;
    private final String operationName;
    private final String openInferenceKind;

    VoiceStage(String wireName, String spanName, SpanKind spanKind, Stage reportStage, String firstResultEvent,
               AttributeKey<Double> firstResultAttribute, String operationName, String openInferenceKind) {
        this.wireName = wireName;
        this.spanName = spanName;
        this.spanKind = spanKind;
        this.reportStage = reportStage;
        this.firstResultEvent = firstResultEvent;
        this.firstResultAttribute = firstResultAttribute;
        this.operationName = operationName;
        this.openInferenceKind = openInferenceKind;
    }

    /** The value of {@code voice.stage} and the metric name in {@code Server-Timing}, e.g. {@code llm}. */
    public String wireName() {
        return wireName;
    }

    /** The span name, e.g. {@code voice.llm}. */
    public String spanName() {
        return spanName;
    }

    /** The span kind: {@code CLIENT} for the model stages (a request to a provider), {@code INTERNAL} for tools. */
    public SpanKind spanKind() {
        return spanKind;
    }

    /** The report stage this stage's latency feeds, e.g. {@link Stage#LLM_TTFT}. */
    public Stage reportStage() {
        return reportStage;
    }

    /** The name of the event that marks the first result, e.g. {@code voice.llm.first_token}; empty for tools. */
    public Optional<String> firstResultEvent() {
        return Optional.ofNullable(firstResultEvent);
    }

    /** The attribute holding the time to first result in milliseconds, e.g. {@code voice.llm.ttft_ms}. */
    public Optional<AttributeKey<Double>> firstResultAttribute() {
        return Optional.ofNullable(firstResultAttribute);
    }

    /** Whether the stage has a first result ({@code stt}, {@code llm}, {@code tts}). */
    public boolean hasFirstResult() {
        return firstResultAttribute != null;
    }

    /** The stage whose {@link #wireName()} is {@code wireName}, if any. */
    public static Optional<VoiceStage> fromWireName(String wireName) {
        VoiceStage stage = find(wireName);
        return Optional.ofNullable(stage);
    }

    // Allocation-free lookup for the span-processor path.
    static VoiceStage find(String wireName) {
        if (wireName == null) {
            return null;
        }
        for (VoiceStage s : VALUES) {
            if (s.wireName.equals(wireName)) {
                return s;
            }
        }
        return null;
    }

    String firstResultEventName() {
        return firstResultEvent;
    }

    AttributeKey<Double> firstResultKey() {
        return firstResultAttribute;
    }

    String operationName() {
        return operationName;
    }

    String openInferenceKind() {
        return openInferenceKind;
    }
}
