package io.callstorm.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.callstorm.simulate.report.ReportJson;

import java.io.UncheckedIOException;

/** Answers of an OpenAI-compatible judge, for WireMock stubs. */
public final class JudgeStubs {
    /** The judge's API key in tests: it must appear in no report, line, log or output. */
    public static final String KEY = "sk-test-judge-5f3c9a1e7b2d4c68";
    public static final String PATH = "/v1/chat/completions";

    private JudgeStubs() {
    }

    /** A chat completion whose message is {@code content}, with its token usage. */
    public static String completion(String content, int promptTokens, int completionTokens) {
        try {
            return """
                    {"id": "chatcmpl-1", "object": "chat.completion",
                     "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": %s}}],
                     "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d}}"""
                    .formatted(ReportJson.mapper().writeValueAsString(content), promptTokens, completionTokens,
                            promptTokens + completionTokens);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A well-formed verdict. */
    public static String verdict(boolean passed, double score, String reason) {
        return completion("{\"passed\": %s, \"score\": %s, \"reason\": \"%s\"}".formatted(passed, score, reason), 400,
                20);
    }
}
