package io.callstorm.core.persona;

/** How a persona talks: shapes the wording of its utterances (fillers, courtesy, bluntness). */
public enum CommunicationStyle {
    /** Short, to the point. */
    DIRECT,
    /** Adds small talk and detail. */
    CHATTY,
    /** Polite and complete sentences. */
    FORMAL,
    /** Hesitates, uses fillers, loses the thread. */
    HESITANT,
    /** Blunt, irritated, may interrupt. */
    IRRITATED
}
