package io.callstorm.core;

import io.callstorm.core.transcript.Transcript;

import java.util.List;
import java.util.Objects;

/**
 * A finished conversation as evaluators see it: what was expected (the scenario's ground truth) and what
 * happened (the transcript and how the call ended).
 *
 * @param callId            the call's identifier within its run
 * @param personaId         who called
 * @param pathId            which scenario path the caller followed
 * @param expectedOutcome   the path's ground truth
 * @param expectedToolCalls the tool calls a correct agent makes along the path
 * @param status            how the call ended
 * @param transcript        every turn
 */
public record Conversation(String callId, String personaId, String pathId, Outcome expectedOutcome,
                           List<String> expectedToolCalls, CallStatus status, Transcript transcript) {
    public Conversation {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(personaId, "personaId");
        Objects.requireNonNull(pathId, "pathId");
        Objects.requireNonNull(expectedOutcome, "expectedOutcome");
        expectedToolCalls = List.copyOf(expectedToolCalls);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(transcript, "transcript");
    }
}
