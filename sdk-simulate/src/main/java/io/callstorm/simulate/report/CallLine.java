package io.callstorm.simulate.report;

import io.callstorm.core.transcript.ToolCall;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line of {@code calls.jsonl}: a finished call with its transcript, per-turn measurements (each tagged
 * with the concurrency in force) and scores. Enough to rebuild every report section from the file alone
 * ({@code callstorm report calls.jsonl}).
 *
 * @param callId           unique within the run
 * @param row              index of the scenario row
 * @param persona          persona id
 * @param path             scenario path id
 * @param expectedOutcome  the path's ground truth
 * @param actualOutcome    what the evaluators concluded happened
 * @param status           how the call ended
 * @param startedAtSeconds seconds after the run started
 * @param durationMs       call length
 * @param concurrency      mean concurrency over the call's turns
 * @param retries          turns re-sent after transient errors
 * @param error            the error that ended the call, if one did
 * @param scores           rubric name to score
 * @param turns            every turn
 * @param startConcurrency calls in progress right after this one was admitted, itself included
 * @param endConcurrency   calls in progress when it ended, itself included
 */
public record CallLine(String callId, int row, String persona, String path, String expectedOutcome,
                       String actualOutcome, String status, double startedAtSeconds, long durationMs, int concurrency,
                       int retries, Optional<CallError> error, Map<String, Score> scores, List<Turn> turns,
                       int startConcurrency, int endConcurrency) {
    public CallLine {
        error = error == null ? Optional.empty() : error;
        scores = scores == null ? Map.of() : scores;
        turns = turns == null ? List.of() : turns;
    }

    /** Seconds after the run started when the call ended. */
    public double endedAtSeconds() {
        return startedAtSeconds + durationMs / 1000.0;
    }

    /**
     * The error that ended a call, as the caller's edge classified it.
     *
     * @param kind           classification, e.g. {@code RATE_LIMITED}, {@code HUNG_UP}, {@code TIMEOUT}
     * @param stage          stage it hurt
     * @param status         status code, 0 when none
     * @param concurrency    in force when it happened
     * @param message        what was said
     * @param timeout        which wait ran out, for a call ended by waiting: {@code patience} (the caller hung up),
     *                       {@code turn} (turn timeout), {@code call} (longest call), {@code run_end} (the run
     *                       stopped); empty otherwise
     * @param exception      simple class name of the exception behind the error, when there was one
     * @param retrying       the transient error whose retries the caller was waiting through when the wait ran
     *                       out, if any
     * @param gapMs          end of the caller's last turn to first audio, when first audio came but the call ended
     *                       before the agent's reply was complete
     * @param gapConcurrency concurrency in force when that first audio came
     */
    public record CallError(String kind, String stage, int status, int concurrency, String message, String timeout,
                            String exception, Optional<Attempt> retrying, Optional<Double> gapMs, int gapConcurrency) {
        public CallError {
            timeout = timeout == null ? "" : timeout;
            exception = exception == null ? "" : exception;
            retrying = retrying == null ? Optional.empty() : retrying;
            gapMs = gapMs == null ? Optional.empty() : gapMs;
            message = message == null ? "" : message;
        }

        /** An error without the waiting details. */
        public CallError(String kind, String stage, int status, int concurrency, String message) {
            this(kind, stage, status, concurrency, message, "", "", Optional.empty(), Optional.empty(), 0);
        }
    }

    /**
     * A transient agent error a turn was being retried after.
     *
     * @param kind    e.g. {@code RATE_LIMITED}
     * @param stage   stage it hurt, or {@code agent}
     * @param status  status code, 0 when none
     * @param message what was said
     */
    public record Attempt(String kind, String stage, int status, String message) {
    }

    /**
     * @param passed whether the rubric passed
     * @param score  0..1
     * @param reason why
     */
    public record Score(boolean passed, double score, String reason) {
    }

    /**
     * @param speaker        {@code CALLER} or {@code AGENT}
     * @param text           what was said
     * @param atMs           offset from the call's start
     * @param concurrency    in force when the turn was measured
     * @param gapMs          for an agent turn: end of the caller's turn to first audio
     * @param stagesMs       for an agent turn: the stage latencies the agent reported
     * @param toolCalls      for an agent turn: tools called
     * @param annotations    for an agent turn: what the agent reported about it
     * @param gapConcurrency for an agent turn: concurrency in force when its first audio came (the gap's sample)
     */
    public record Turn(String speaker, String text, long atMs, int concurrency, Optional<Double> gapMs,
                       Map<String, List<Double>> stagesMs, List<ToolCall> toolCalls, Map<String, String> annotations,
                       int gapConcurrency) {
        public Turn {
            gapMs = gapMs == null ? Optional.empty() : gapMs;
            stagesMs = stagesMs == null ? Map.of() : stagesMs;
            toolCalls = toolCalls == null ? List.of() : toolCalls;
            annotations = annotations == null ? Map.of() : annotations;
        }
    }
}
