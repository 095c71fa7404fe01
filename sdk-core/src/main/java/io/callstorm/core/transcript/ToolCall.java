package io.callstorm.core.transcript;

import java.util.Objects;

/**
 * One tool call the agent made during a turn.
 *
 * @param name           tool name, e.g. {@code get_open_tickets}
 * @param status         how it ended
 * @param durationMillis request to result, or to the timeout
 * @param attempts       how many times the agent tried it (more than 1 with a tool retry policy)
 */
public record ToolCall(String name, ToolCallStatus status, long durationMillis, int attempts) {
    public ToolCall {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }

    public boolean succeeded() {
        return status == ToolCallStatus.OK;
    }
}
