package io.callstorm.simulate.connect;

/** One open call to the agent. Methods are called on the harness's event loop and must not block. */
public interface AgentCall {
    /**
     * Sends the caller's finished turn; the agent answers through the call's listener. A connector that
     * {@linkplain AgentConnector#streamsCallerSpeech() streams the caller's speech} gets it when the caller starts
     * speaking, and speaks it.
     */
    void sendTurn(CallerTurn turn);

    /** Ends the call from the caller's side and releases what the agent holds for it. Idempotent. */
    void hangUp();
}
