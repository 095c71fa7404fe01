package io.callstorm.eval.transcripts;

/** How a line of a transcript file wrote its conversation. */
public enum LineFormat {
    /**
     * Callstorm's own shape: {@code {"callId", "turns": [{"speaker", "text", "toolCalls"}], ...}}, which a run's
     * {@code calls.jsonl} lines also have.
     */
    NATIVE("native"),
    /** An OpenAI chat-completions message list: {@code {"messages": [{"role", "content", "tool_calls"}], ...}}. */
    OPENAI("openai");

    private final String wire;

    LineFormat(String wire) {
        this.wire = wire;
    }

    /** The name written in outputs: {@code native} or {@code openai}. */
    public String wire() {
        return wire;
    }
}
