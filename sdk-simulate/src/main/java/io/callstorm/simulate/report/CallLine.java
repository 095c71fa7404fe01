package io.callstorm.simulate.report;

import io.callstorm.core.transcript.ToolCall;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line of {@code calls.jsonl}: a finished call with its transcript, per-turn measurements (each tagged
 * with the concurrency in force) and scores. Enough to rebuild every report section from the file alone.
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
 */
public record CallLine(String callId, int row, String persona, String path, String expectedOutcome,
                       String actualOutcome, String status, double startedAtSeconds, long durationMs, int concurrency,
                       int retries, Optional<CallError> error, Map<String, Score> scores, List<Turn> turns) {

    /**
     * @param kind        classification, e.g. {@code RATE_LIMITED}, {@code HUNG_UP}, {@code TIMEOUT}
     * @param stage       stage it hurt
     * @param status      status code, 0 when none
     * @param concurrency in force when it happened
     * @param message     what was said
     */
    public record CallError(String kind, String stage, int status, int concurrency, String message) {
    }

    /**
     * @param passed whether the rubric passed
     * @param score  0..1
     * @param reason why
     */
    public record Score(boolean passed, double score, String reason) {
    }

    /**
     * @param speaker     {@code CALLER} or {@code AGENT}
     * @param text        what was said
     * @param atMs        offset from the call's start
     * @param concurrency in force when the turn was measured
     * @param gapMs       for an agent turn: end of the caller's turn to first audio
     * @param stagesMs    for an agent turn: the stage latencies the agent reported
     * @param toolCalls   for an agent turn: tools called
     * @param annotations for an agent turn: what the agent reported about it
     */
    public record Turn(String speaker, String text, long atMs, int concurrency, Optional<Double> gapMs,
                       Map<String, List<Double>> stagesMs, List<ToolCall> toolCalls, Map<String, String> annotations) {
    }
}
