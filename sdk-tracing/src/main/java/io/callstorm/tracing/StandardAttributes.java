package io.callstorm.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The few keys this module takes from the OpenTelemetry semantic conventions (GenAI, error, session) and from
 * OpenInference. The GenAI conventions are still in "Development", so the keys are copied here rather than
 * read from the incubating semconv artifact, which a library must not depend on. Values follow semantic
 * conventions 1.37 ({@link #SCHEMA_URL}).
 */
public final class StandardAttributes {
    /** The schema URL of the semantic conventions these keys follow. */
    public static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.37.0";

    /** The operation: {@code chat} for the LLM, {@code execute_tool} for tools, {@code stt} / {@code tts}. */
    public static final AttributeKey<String> GEN_AI_OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    /** The model provider, e.g. {@code openai}, {@code deepgram}, {@code elevenlabs}. */
    public static final AttributeKey<String> GEN_AI_PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    /** The model the request asked for. */
    public static final AttributeKey<String> GEN_AI_REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    /** Prompt tokens of an LLM request. */
    public static final AttributeKey<Long> GEN_AI_USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    /** Completion tokens of an LLM request. */
    public static final AttributeKey<Long> GEN_AI_USAGE_OUTPUT_TOKENS =
            AttributeKey.longKey("gen_ai.usage.output_tokens");
    /** The name of the tool a tool span executes. */
    public static final AttributeKey<String> GEN_AI_TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");

    /** {@code gen_ai.operation.name} of LLM spans. */
    public static final String OPERATION_CHAT = "chat";
    /** {@code gen_ai.operation.name} of tool spans. */
    public static final String OPERATION_EXECUTE_TOOL = "execute_tool";

    /** The class of error a span ended with: an exception's class name or a short code such as {@code timeout}. */
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** The call's session id, on {@code voice.call} spans and on the stage spans of its turns. */
    public static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("session.id");

    /** OpenInference's span kind: {@code LLM}, {@code TOOL} or {@code CHAIN} here. */
    public static final AttributeKey<String> OPENINFERENCE_SPAN_KIND = AttributeKey.stringKey("openinference.span.kind");
    /** OpenInference span kind of LLM spans. */
    public static final String SPAN_KIND_LLM = "LLM";
    /** OpenInference span kind of tool spans. */
    public static final String SPAN_KIND_TOOL = "TOOL";
    /** OpenInference span kind of call and turn spans. */
    public static final String SPAN_KIND_CHAIN = "CHAIN";

    private StandardAttributes() {
    }
}
