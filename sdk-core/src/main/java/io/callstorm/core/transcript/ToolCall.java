package io.callstorm.core.transcript;

import java.util.Objects;

/**
 * One tool call the agent made during a turn: what it asked, what came back, and how it ended. Arguments and
 * result are JSON text, as OpenAI-style agents carry them ({@code function.arguments} and the {@code tool} message's
 * content), so that a scorer or a judge can tell a right lookup from a wrong one, and whether a result reached the
 * caller.
 *
 * @param name           tool name, e.g. {@code get_open_tickets}
 * @param status         how it ended
 * @param durationMillis request to result, or to the timeout
 * @param attempts       how many times the agent tried it (more than 1 with a tool retry policy)
 * @param arguments      the arguments, a JSON object as text; {@code {}} when none were reported
 * @param result         what the tool returned, JSON (or plain) text; empty when it returned nothing (a timeout)
 * @param error          why it failed, e.g. {@code timed out after 2000 ms}; empty when it succeeded
 */
public record ToolCall(String name, ToolCallStatus status, long durationMillis, int attempts, String arguments,
                       String result, String error) {
    /** The arguments of a call that reported none. */
    public static final String NO_ARGUMENTS = "{}";

    public ToolCall {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        arguments = arguments == null || arguments.isBlank() ? NO_ARGUMENTS : arguments;
        result = result == null ? "" : result;
        error = error == null ? "" : error;
    }

    /** A call reported without its arguments or result (lines and agents from before they were carried). */
    public ToolCall(String name, ToolCallStatus status, long durationMillis, int attempts) {
        this(name, status, durationMillis, attempts, NO_ARGUMENTS, "", "");
    }

    public boolean succeeded() {
        return status == ToolCallStatus.OK;
    }
}
