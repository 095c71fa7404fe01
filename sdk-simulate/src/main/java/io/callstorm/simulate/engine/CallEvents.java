package io.callstorm.simulate.engine;

import io.callstorm.core.CallStatus;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.measure.CallLine;

/**
 * The steps of one call, in order: per turn {@code turnSent}, then {@code firstToken} or {@code firstAudio}, then
 * {@code reply}; at the end {@code callFailed} (when the call did not complete), then {@code callEnd}. Called on the
 * harness loop; an implementation is fast and never throws.
 */
public interface CallEvents {
    /** Tells nothing. */
    CallEvents NONE = new CallEvents() {
    };

    /** The caller's turn went to the agent (a retry sends it again). */
    default void turnSent(int turnIndex) {
    }

    /** A text agent's first token of its answer, {@code gapMs} after the caller's turn ended. */
    default void firstToken(int turnIndex, double gapMs) {
    }

    /** A voice agent's first audio of its answer, {@code gapMs} after the caller's turn ended. */
    default void firstAudio(int turnIndex, double gapMs) {
    }

    /** The agent's complete answer to a turn. */
    default void reply(AgentReply reply) {
    }

    /** The call ended without completing: how, as its line records it. */
    default void callFailed(CallLine.CallError error) {
    }

    /** The call ended, however it ended. */
    default void callEnd(CallStatus status) {
    }
}
