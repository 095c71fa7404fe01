package io.callstorm.simulate.measure;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.callstorm.core.CallStatus;
import io.callstorm.core.transcript.ToolCall;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line of {@code calls.jsonl}: a finished call with its transcript, per-turn measurements (each tagged
 * with the concurrency in force) and scores. Enough to rebuild every report section from the file alone
 * ({@code callstorm report calls.jsonl}).
 *
 * <p>The file is a public format read back by later versions: the enums below write exactly the strings earlier
 * versions wrote, and the open-ended ones ({@link ErrorKind}, {@link Timeout}, {@link Scoring}, {@link Verdict})
 * read a value they do not know as a fallback rather than making the line unreadable.
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
 * @param scoring          whether the call was scored; {@link Scoring#UNMARKED} in files written before it was added
 * @param expectedToolCalls the tool calls the path needs (its ground truth for {@code task_completion}), so that a
 *                          line can be scored again ({@code callstorm eval calls.jsonl}); empty in files written
 *                          before it was added
 */
public record CallLine(String callId, int row, String persona, String path, String expectedOutcome,
                       String actualOutcome, CallStatus status, double startedAtSeconds, long durationMs,
                       int concurrency, int retries, Optional<CallError> error, Map<String, Score> scores,
                       List<Turn> turns, int startConcurrency, int endConcurrency, Scoring scoring,
                       List<String> expectedToolCalls) {
    public CallLine {
        error = error == null ? Optional.empty() : error;
        scores = scores == null ? Map.of() : scores;
        turns = turns == null ? List.of() : turns;
        scoring = scoring == null ? Scoring.UNMARKED : scoring;
        expectedToolCalls = expectedToolCalls == null ? List.of() : List.copyOf(expectedToolCalls);
    }

    /** A line without the path's expected tool calls (as earlier versions wrote it). */
    public CallLine(String callId, int row, String persona, String path, String expectedOutcome, String actualOutcome,
                    CallStatus status, double startedAtSeconds, long durationMs, int concurrency, int retries,
                    Optional<CallError> error, Map<String, Score> scores, List<Turn> turns, int startConcurrency,
                    int endConcurrency, Scoring scoring) {
        this(callId, row, persona, path, expectedOutcome, actualOutcome, status, startedAtSeconds, durationMs,
                concurrency, retries, error, scores, turns, startConcurrency, endConcurrency, scoring, List.of());
    }

    /** A line not yet scored, as the caller that made the call writes it. */
    public CallLine(String callId, int row, String persona, String path, String expectedOutcome, String actualOutcome,
                    CallStatus status, double startedAtSeconds, long durationMs, int concurrency, int retries,
                    Optional<CallError> error, Map<String, Score> scores, List<Turn> turns, int startConcurrency,
                    int endConcurrency) {
        this(callId, row, persona, path, expectedOutcome, actualOutcome, status, startedAtSeconds, durationMs,
                concurrency, retries, error, scores, turns, startConcurrency, endConcurrency, Scoring.UNMARKED);
    }

    /** This line with its scores, the outcome read from the transcript, and how it was scored. */
    public CallLine withScores(String actualOutcome, Map<String, Score> scores, Scoring scoring) {
        return new CallLine(callId, row, persona, path, expectedOutcome, actualOutcome, status, startedAtSeconds,
                durationMs, concurrency, retries, error, scores, turns, startConcurrency, endConcurrency, scoring,
                expectedToolCalls);
    }

    /** Seconds after the run started when the call ended. */
    public double endedAtSeconds() {
        return startedAtSeconds + durationMs / 1000.0;
    }

    /**
     * The error that ended a call, as the caller's edge classified it.
     *
     * @param kind           classification, e.g. {@link ErrorKind#RATE_LIMITED}, {@link ErrorKind#HUNG_UP}
     * @param stage          stage it hurt
     * @param status         status code, 0 when none
     * @param concurrency    in force when it happened
     * @param message        what was said
     * @param timeout        which wait ran out, for a call ended by waiting; {@link Timeout#NONE} otherwise
     * @param exception      simple class name of the exception behind the error, when there was one
     * @param retrying       the transient error whose retries the caller was waiting through when the wait ran
     *                       out, if any
     * @param gapMs          end of the caller's last turn to first audio, when first audio came but the call ended
     *                       before the agent's reply was complete
     * @param gapConcurrency concurrency in force when that first audio came
     */
    public record CallError(ErrorKind kind, String stage, int status, int concurrency, String message,
                            Timeout timeout, String exception, Optional<Attempt> retrying, Optional<Double> gapMs,
                            int gapConcurrency) {
        public CallError {
            timeout = timeout == null ? Timeout.NONE : timeout;
            exception = exception == null ? "" : exception;
            retrying = retrying == null ? Optional.empty() : retrying;
            gapMs = gapMs == null ? Optional.empty() : gapMs;
            message = message == null ? "" : message;
        }

        /** An error without the waiting details. */
        public CallError(ErrorKind kind, String stage, int status, int concurrency, String message) {
            this(kind, stage, status, concurrency, message, Timeout.NONE, "", Optional.empty(), Optional.empty(), 0);
        }
    }

    /**
     * A transient agent error a turn was being retried after.
     *
     * @param kind    e.g. {@link ErrorKind#RATE_LIMITED}
     * @param stage   stage it hurt, or {@code agent}
     * @param status  status code, 0 when none
     * @param message what was said
     */
    public record Attempt(ErrorKind kind, String stage, int status, String message) {
    }

    /**
     * One evaluator's result on the call.
     *
     * @param passed           whether the rubric passed (false for a fail and for an error)
     * @param score            0..1
     * @param reason           why (for an error: what went wrong)
     * @param status           the verdict; an {@link Verdict#ERROR} is no verdict and counts in no pass rate. Lines
     *                         written before it was added (or with a value this version does not know) read as
     *                         {@link Verdict#PASS} or {@link Verdict#FAIL}, from {@code passed}
     * @param promptTokens     model tokens sent to reach the result; omitted from the line when 0
     * @param completionTokens model tokens produced; omitted when 0
     * @param costUsd          estimated cost in US dollars; omitted when 0
     * @param turn             for a fail: the index in {@link CallLine#turns()} (0-based, caller and agent turns
     *                         counted) of the turn where the rubric failed, written as {@code "turn"}; omitted when
     *                         the evaluator named none (always for a pass or an error), so such lines are written as
     *                         before, and lines written before it was added read with none
     */
    public record Score(boolean passed, double score, String reason, Verdict status,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long promptTokens,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long completionTokens,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double costUsd,
                        @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Integer> turn) {
        public Score {
            status = status == null ? Verdict.of(passed) : status;
            turn = turn == null ? Optional.empty() : turn;
        }

        /** A score that names no failing turn. */
        public Score(boolean passed, double score, String reason, Verdict status, long promptTokens,
                     long completionTokens, double costUsd) {
            this(passed, score, reason, status, promptTokens, completionTokens, costUsd, Optional.empty());
        }

        /** A pass or a fail that cost nothing. */
        public Score(boolean passed, double score, String reason) {
            this(passed, score, reason, Verdict.of(passed), 0, 0, 0.0);
        }

        /** Whether the evaluator reached no verdict. */
        @JsonIgnore
        public boolean isError() {
            return status == Verdict.ERROR;
        }
    }

    /**
     * @param speaker        who spoke
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
    public record Turn(Speaker speaker, String text, long atMs, int concurrency, Optional<Double> gapMs,
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

    /** Who spoke a turn. */
    public enum Speaker {
        /** The simulated caller. */
        CALLER,
        /** The agent under test. */
        AGENT
    }

    /**
     * Whether a call was scored. Written as {@code scored}, {@code dropped}, {@code none}, {@code sampled-out}, and, for a line read from
     * a file written before the field existed, as the empty string that stands for "unknown".
     */
    public enum Scoring {
        /** The call was scored: {@code scores} has one entry per evaluator. */
        SCORED("scored"),
        /** The call was measured but not scored: the evaluation queue was full, or the run ended first. */
        DROPPED("dropped"),
        /** The run had no evaluators. */
        NOT_SCORED("none"),
        /** The call was not in the share of calls the run scores ({@code EvaluationConfig.sample()}). */
        SAMPLED_OUT("sampled-out"),
        /**
         * The line does not say: it was written before the field existed (dropped, if other calls of the file were
         * scored), or by a later version with a value this one does not know.
         */
        UNMARKED("");

        private final String wire;

        Scoring(String wire) {
            this.wire = wire;
        }

        /** The value in {@code calls.jsonl}. */
        @JsonValue
        public String wire() {
            return wire;
        }

        /** The constant written as {@code wire}; {@link #UNMARKED} for an empty, missing or unknown value. */
        @JsonCreator
        public static Scoring fromWire(String wire) {
            for (Scoring s : values()) {
                if (s.wire.equals(wire)) {
                    return s;
                }
            }
            return UNMARKED;
        }
    }

    /** An evaluator's result on a call, written by name. */
    public enum Verdict {
        /** The call meets the rubric. */
        PASS,
        /** The call does not meet the rubric. */
        FAIL,
        /** The evaluator reached no verdict; counts in no pass rate. */
        ERROR;

        /** The verdict of a pass or a fail. */
        public static Verdict of(boolean passed) {
            return passed ? PASS : FAIL;
        }

        /**
         * The constant named {@code name}, or null for an empty or unknown value, so that {@link Score} derives it
         * from {@code passed} as for lines written before verdicts were.
         */
        @JsonCreator
        public static Verdict named(String name) {
            for (Verdict v : values()) {
                if (v.name().equals(name)) {
                    return v;
                }
            }
            return null;
        }
    }

    /**
     * What ended a call, written by name: the connector's error kinds ({@code AgentErrorKind}, mapped by name so that
     * this package does not depend on the connector API) and the two the caller's own waits produce.
     */
    public enum ErrorKind {
        /** 429: a provider or the agent refused for rate. */
        RATE_LIMITED,
        /** 5xx from the agent or one of its providers. */
        SERVER_ERROR,
        /** The connection was reset mid-call. */
        CONNECTION_RESET,
        /** The agent could not be reached at all. */
        CONNECTION_REFUSED,
        /** The agent, or the caller's turn or call timer, did not get an answer in time. */
        TIMEOUT,
        /** The agent answered with something that is not the protocol. */
        PROTOCOL,
        /** The caller hung up on the agent's silence. */
        HUNG_UP,
        /**
         * Anything else, including a kind this version does not know (a connector's newer kind, or a file written
         * by a later version): such a line stays readable.
         */
        @JsonEnumDefaultValue
        OTHER;

        /**
         * The constant named {@code name}, else {@link #OTHER}. Jackson reads through it, because the report mapper
         * does not read unknown enum values as their default.
         */
        @JsonCreator
        public static ErrorKind named(String name) {
            for (ErrorKind k : values()) {
                if (k.name().equals(name)) {
                    return k;
                }
            }
            return OTHER;
        }
    }

    /** Which wait ran out, for a call ended by waiting; written as the lower-case words below. */
    public enum Timeout {
        /** The call did not end by waiting (written as the empty string). */
        NONE(""),
        /** The caller's patience: the caller hung up on the agent's silence. */
        PATIENCE("patience"),
        /** The turn timeout. */
        TURN("turn"),
        /** The longest call allowed. */
        CALL("call"),
        /** The run stopped while the call was in progress. */
        RUN_END("run_end"),
        /** A wait this version does not know, read from a file written by a later version; never written here. */
        @JsonEnumDefaultValue
        OTHER("other");

        private final String wire;

        Timeout(String wire) {
            this.wire = wire;
        }

        /** The value in {@code calls.jsonl}. */
        @JsonValue
        public String wire() {
            return wire;
        }

        /** The constant written as {@code wire}: {@link #NONE} for empty or missing, {@link #OTHER} if unknown. */
        @JsonCreator
        public static Timeout fromWire(String wire) {
            if (wire == null || wire.isEmpty()) {
                return NONE;
            }
            for (Timeout t : values()) {
                if (t.wire.equals(wire)) {
                    return t;
                }
            }
            return OTHER;
        }
    }
}
