package io.callstorm.simulate.measure;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param scoring          whether the call was scored: {@link #SCORED}, {@link #DROPPED} (the evaluation queue was
 *                         full, or the run ended before its turn came) or {@link #NOT_SCORED} (no evaluators);
 *                         empty in files written before it was added
 */
public record CallLine(String callId, int row, String persona, String path, String expectedOutcome,
                       String actualOutcome, String status, double startedAtSeconds, long durationMs, int concurrency,
                       int retries, Optional<CallError> error, Map<String, Score> scores, List<Turn> turns,
                       int startConcurrency, int endConcurrency, String scoring) {
    /** The call was scored: {@code scores} has one entry per evaluator. */
    public static final String SCORED = "scored";
    /** The call was measured but not scored: the evaluation queue was full, or the run ended first. */
    public static final String DROPPED = "dropped";
    /** The run had no evaluators. */
    public static final String NOT_SCORED = "none";

    public CallLine {
        error = error == null ? Optional.empty() : error;
        scores = scores == null ? Map.of() : scores;
        turns = turns == null ? List.of() : turns;
        scoring = scoring == null ? "" : scoring;
    }

    /** A line not yet scored, as the caller that made the call writes it. */
    public CallLine(String callId, int row, String persona, String path, String expectedOutcome, String actualOutcome,
                    String status, double startedAtSeconds, long durationMs, int concurrency, int retries,
                    Optional<CallError> error, Map<String, Score> scores, List<Turn> turns, int startConcurrency,
                    int endConcurrency) {
        this(callId, row, persona, path, expectedOutcome, actualOutcome, status, startedAtSeconds, durationMs,
                concurrency, retries, error, scores, turns, startConcurrency, endConcurrency, "");
    }

    /** This line with its scores, the outcome read from the transcript, and how it was scored. */
    public CallLine withScores(String actualOutcome, Map<String, Score> scores, String scoring) {
        return new CallLine(callId, row, persona, path, expectedOutcome, actualOutcome, status, startedAtSeconds,
                durationMs, concurrency, retries, error, scores, turns, startConcurrency, endConcurrency, scoring);
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
     * One evaluator's result on the call.
     *
     * @param passed           whether the rubric passed (false for a fail and for an error)
     * @param score            0..1
     * @param reason           why (for an error: what went wrong)
     * @param status           {@code PASS}, {@code FAIL} or {@code ERROR}; an error is no verdict and counts in no
     *                         pass rate. Lines written before it was added read as {@code PASS} or {@code FAIL}
     * @param promptTokens     model tokens sent to reach the result; omitted from the line when 0
     * @param completionTokens model tokens produced; omitted when 0
     * @param costUsd          estimated cost in US dollars; omitted when 0
     */
    public record Score(boolean passed, double score, String reason, String status,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long promptTokens,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long completionTokens,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double costUsd) {
        public static final String PASS = "PASS";
        public static final String FAIL = "FAIL";
        public static final String ERROR = "ERROR";

        public Score {
            status = status == null || status.isEmpty() ? (passed ? PASS : FAIL) : status;
        }

        /** A pass or a fail that cost nothing. */
        public Score(boolean passed, double score, String reason) {
            this(passed, score, reason, passed ? PASS : FAIL, 0, 0, 0.0);
        }

        /** Whether the evaluator reached no verdict. */
        @JsonIgnore
        public boolean isError() {
            return ERROR.equals(status);
        }
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
     * @param stagesConcurrency for an agent turn: per stage, the concurrency each value of {@code stagesMs} was
     *                          measured at (a stage read from a span: its {@code voice.concurrency} when it started)
     */
    public record Turn(String speaker, String text, long atMs, int concurrency, Optional<Double> gapMs,
                       Map<String, List<Double>> stagesMs, List<ToolCall> toolCalls, Map<String, String> annotations,
                       int gapConcurrency, Map<String, List<Integer>> stagesConcurrency) {
        public Turn {
            stagesConcurrency = stagesConcurrency == null ? Map.of() : stagesConcurrency;
            gapMs = gapMs == null ? Optional.empty() : gapMs;
            stagesMs = stagesMs == null ? Map.of() : stagesMs;
            toolCalls = toolCalls == null ? List.of() : toolCalls;
            annotations = annotations == null ? Map.of() : annotations;
        }
    }
}
