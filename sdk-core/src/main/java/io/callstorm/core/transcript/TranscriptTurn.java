package io.callstorm.core.transcript;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation.
 *
 * @param speaker      who spoke
 * @param text         what was said
 * @param offsetMillis when the turn started, from the start of the call
 * @param toolCalls    tools the agent called to produce this turn (always empty for the caller)
 */
public record TranscriptTurn(Speaker speaker, String text, long offsetMillis, List<ToolCall> toolCalls) {
    public TranscriptTurn {
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
        toolCalls = List.copyOf(toolCalls);
    }

    public static TranscriptTurn caller(String text, long offsetMillis) {
        return new TranscriptTurn(Speaker.CALLER, text, offsetMillis, List.of());
    }

    public static TranscriptTurn agent(String text, long offsetMillis, List<ToolCall> toolCalls) {
        return new TranscriptTurn(Speaker.AGENT, text, offsetMillis, toolCalls);
    }

    /** Number of words, as a speaker would count them. */
    public int wordCount() {
        return Words.count(text);
    }
}
