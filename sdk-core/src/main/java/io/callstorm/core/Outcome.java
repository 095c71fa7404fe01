package io.callstorm.core;

/**
 * How a support conversation ended. The first three are what a scenario can expect (its ground truth);
 * {@link #UNRESOLVED} is what a call gets when it reached none of them.
 */
public enum Outcome {
    RESOLVED,
    TICKET_CREATED,
    ESCALATED,
    UNRESOLVED;

    /** Whether a scenario may name this outcome as its expected result. */
    public boolean isExpectable() {
        return this != UNRESOLVED;
    }
}
