package io.callstorm.simulate.connect;

/** What went wrong between the caller and the agent, as the caller's edge sees it. */
public enum AgentErrorKind {
    /** 429: a provider or the agent refused for rate; {@link AgentException#retryAfter()} says when to retry. */
    RATE_LIMITED(true),
    /** 5xx from the agent or one of its providers. */
    SERVER_ERROR(true),
    /** The connection was reset mid-call. */
    CONNECTION_RESET(true),
    /** The agent could not be reached at all. */
    CONNECTION_REFUSED(true),
    /** The agent did not answer in time. */
    TIMEOUT(false),
    /** The agent answered with something that is not the protocol (garbage frames, malformed JSON). */
    PROTOCOL(false),
    /** Anything else. */
    OTHER(false);

    private final boolean transientByDefault;

    AgentErrorKind(boolean transientByDefault) {
        this.transientByDefault = transientByDefault;
    }

    /** Whether a retry may cure it. */
    public boolean isTransient() {
        return transientByDefault;
    }
}
