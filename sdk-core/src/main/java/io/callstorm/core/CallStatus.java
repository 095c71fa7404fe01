package io.callstorm.core;

/** How a simulated call ended, from the caller's side. */
public enum CallStatus {
    /** The caller went through the whole scenario path. */
    COMPLETED,
    /** The caller hung up, typically because the agent was silent longer than the persona's patience. */
    HUNG_UP,
    /** The agent did not answer a turn within the turn timeout, or the call exceeded its maximum length. */
    TIMED_OUT,
    /** The agent returned an error that retries did not cure. */
    FAILED,
    /**
     * The run was stopped (cancelled, interrupted, or unable to write its results) while the call was in progress:
     * the agent was not given the chance to finish it, so it counts as neither a pass nor an error.
     */
    CANCELLED
}
