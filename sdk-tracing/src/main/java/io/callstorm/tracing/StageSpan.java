package io.callstorm.tracing;

import io.callstorm.core.transcript.ToolCallStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;

/**
 * One stage of a voice turn (STT, LLM, TTS or a tool call) as a span and as metrics. Start one with
 * {@link VoiceTurn#startLlm(String)} and friends, or {@link VoiceTelemetry#startStage(VoiceStage)} when there
 * is no turn object at hand; mark its first result; end it.
 *
 * <pre>{@code
 * try (StageSpan llm = turn.startLlm("gpt-4o-mini").provider("openai")) {
 *     stream.onFirstToken(llm::firstResult);     // voice.llm.ttft_ms + event voice.llm.first_token
 *     Completion c = stream.await();
 *     llm.tokens(c.inputTokens(), c.outputTokens()).promptCacheHit(c.cached());
 * }
 * }</pre>
 *
 * <p>Rules every implementation keeps: methods never throw and return at once; they may be called from any
 * thread; {@link #firstResult()} counts only the first time; {@link #end()} only the first time, and nothing
 * changes the span after it; {@code null} arguments are ignored. When the telemetry is off (a no-op
 * OpenTelemetry, and the turn does not capture {@code Server-Timing}) the stage is a shared no-op instance and
 * costs nothing. A first result racing with {@link #end()} on another thread may miss the span.
 */
public interface StageSpan extends AutoCloseable {
    /** Which stage this is. */
    VoiceStage stage();

    /**
     * Marks the stage's first result now: the STT first partial, the LLM first token, the TTS first audio
     * byte. Sets the stage's {@code *_ttft_ms} / {@code voice.tts.ttfb_ms} attribute, adds the first-result
     * event, and records {@code voice.stage.time_to_first_result}. Ignored for tools and after the first call.
     */
    StageSpan firstResult();

    /** Like {@link #firstResult()}, at a {@link System#nanoTime()} reading taken by the caller. */
    StageSpan firstResultAt(long nanoTime);

    /** The provider serving this stage ({@code gen_ai.provider.name}), e.g. {@code openai}. */
    StageSpan provider(String provider);

    /** The model this stage asked for ({@code gen_ai.request.model}). */
    StageSpan model(String model);

    /** LLM token usage ({@code gen_ai.usage.input_tokens} / {@code output_tokens}); negative counts are skipped. */
    StageSpan tokens(long inputTokens, long outputTokens);

    /** LLM: whether the prompt prefix was served from the provider's cache ({@code voice.llm.prompt_cache_hit}). */
    StageSpan promptCacheHit(boolean hit);

    /** Tool: the tool's name ({@code gen_ai.tool.name}), when the stage was not started with one. */
    StageSpan toolName(String toolName);

    /**
     * Tool: how the call ended ({@code voice.tool.outcome}). {@code TIMEOUT} and {@code ERROR} also mark the span
     * as an error ({@code error.type} {@code timeout} / {@code tool_error}) unless an error was set already.
     */
    StageSpan toolOutcome(ToolCallStatus outcome);

    /** Sets any other attribute on the span. */
    <T> StageSpan setAttribute(AttributeKey<T> key, T value);

    /**
     * Marks the stage as failed: span status ERROR, {@code error.type} = the exception's class name, the
     * exception recorded as an event; the duration metric carries the same {@code error.type}.
     */
    StageSpan error(Throwable error);

    /** Marks the stage as failed with a short error code such as {@code timeout} or {@code 429}. */
    StageSpan error(String errorType);

    /** Ends the stage now: ends the span, records {@code voice.stage.duration}. Only the first call counts. */
    void end();

    /** Ends the stage at a {@link System#nanoTime()} reading taken by the caller. */
    void endAt(long nanoTime);

    /** Same as {@link #end()}, for try-with-resources. */
    @Override
    default void close() {
        end();
    }

    /**
     * The underlying span, for context propagation ({@code Context.current().with(stage.span())}) or for API
     * this interface does not cover. Invalid (and non-recording) when the telemetry is off.
     */
    Span span();
}
