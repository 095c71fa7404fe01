package io.callstorm.core.transcript;

/** How one tool call ended. */
public enum ToolCallStatus {
    OK,
    /** The tool did not answer within the agent's tool timeout; the agent used its fallback reply. */
    TIMEOUT,
    ERROR
}
