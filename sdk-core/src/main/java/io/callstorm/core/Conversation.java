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
 * @param language          the caller's language as a BCP 47 tag (e.g. {@code es-ES}), which the transcript is in;
 *                          {@link #UNKNOWN_LANGUAGE} when not known
 */
public record Conversation(String callId, String personaId, String pathId, Outcome expectedOutcome,
                           List<String> expectedToolCalls, CallStatus status, Transcript transcript,
                           String language) {
    /** {@link #language()} of a conversation whose language nobody said. */
    public static final String UNKNOWN_LANGUAGE = "";

    public Conversation {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(personaId, "personaId");
        Objects.requireNonNull(pathId, "pathId");
        Objects.requireNonNull(expectedOutcome, "expectedOutcome");
        expectedToolCalls = List.copyOf(expectedToolCalls);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(transcript, "transcript");
        language = language == null ? UNKNOWN_LANGUAGE : language.strip();
    }

    /** A conversation whose language is not known. */
    public Conversation(String callId, String personaId, String pathId, Outcome expectedOutcome,
                        List<String> expectedToolCalls, CallStatus status, Transcript transcript) {
        this(callId, personaId, pathId, expectedOutcome, expectedToolCalls, status, transcript, UNKNOWN_LANGUAGE);
    }

    /** This conversation, in {@code newLanguage} (a BCP 47 tag). */
    public Conversation withLanguage(String newLanguage) {
        return new Conversation(callId, personaId, pathId, expectedOutcome, expectedToolCalls, status, transcript,
                newLanguage);
    }
}
