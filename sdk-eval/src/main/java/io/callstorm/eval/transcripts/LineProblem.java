package io.callstorm.eval.transcripts;

import java.util.Objects;

/**
 * Why one line of a transcript file was not scored: where (the line number, and the field in it) and what was
 * expected there.
 *
 * @param line    1-based line number in the file
 * @param field   the field path within the line, e.g. {@code turns[2].speaker} or {@code messages[4].tool_call_id};
 *                empty when the problem is the line as a whole (not JSON, too long)
 * @param message what is wrong, and what would be accepted
 */
public record LineProblem(long line, String field, String message) {
    public LineProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1, was " + line);
        }
    }

    /** E.g. {@code line 7: turns[2].speaker: expected CALLER or AGENT, got 'bot'}. */
    @Override
    public String toString() {
        return "line " + line + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
