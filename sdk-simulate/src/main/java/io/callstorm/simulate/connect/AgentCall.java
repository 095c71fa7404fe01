package io.callstorm.simulate.connect;

import java.util.Optional;

/** One open call to the agent. Methods are called on the harness's event loop and must not block. */
public interface AgentCall {
    /**
     * Sends the caller's finished turn; the agent answers through the call's listener. A connector that
     * {@linkplain AgentConnector#streamsCallerSpeech() streams the caller's speech} gets it when the caller starts
     * speaking, and speaks it.
     */
    void sendTurn(CallerTurn turn);

    /**
     * The agent's audio as the caller heard it, when the connector recorded this call (a media stream asked to
     * {@code recordAudio}); scored by the {@code audio_quality} rubric. Called once, after {@link #hangUp()}.
     */
    default Optional<RecordedAudio> agentAudio() {
        return Optional.empty();
    }

    /** Ends the call from the caller's side and releases what the agent holds for it. Idempotent. */
    void hangUp();
}
