package io.callstorm.simulate.connect;

/**
 * Receives what the agent does on one call. Called from any thread (the connector's); implementations
 * hand events over to their own loop and return at once. Per turn the order is: {@link #onFirstAudio}
 * then {@link #onReply}, or {@link #onError} alone.
 */
public interface AgentCallListener {
    /**
     * The agent's first audio (or first token, for text agents) for a turn.
     *
     * @param turnIndex the caller turn being answered
     * @param atNanos   {@link System#nanoTime()} when it arrived
     */
    void onFirstAudio(int turnIndex, long atNanos);

    /**
     * The caller finished speaking a turn: its last speech frame left at {@code atNanos}. Only connectors that
     * {@linkplain AgentConnector#streamsCallerSpeech() stream the caller's speech} call it; the user-perceived
     * gap runs from here to {@link #onFirstAudio}. A retried turn is spoken, and ends, again.
     *
     * @param turnIndex the caller turn
     * @param atNanos   {@link System#nanoTime()} of its last speech frame
     */
    default void onSpeechEnded(int turnIndex, long atNanos) {
    }

    /** The agent's complete answer to a turn. */
    void onReply(AgentReply reply);

    /** The agent failed to answer a turn. */
    void onError(int turnIndex, AgentException error);
}
