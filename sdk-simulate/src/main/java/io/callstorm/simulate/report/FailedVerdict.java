package io.callstorm.simulate.report;

import java.util.Optional;

/**
 * One failed verdict shown as an example of its rubric: the call, where in it the rubric failed and why, and what
 * was said there, so a reader can check the verdict without opening {@code calls.jsonl} (the report's drill-down).
 *
 * @param rubric      the rubric that failed
 * @param callId      the call, as in {@code calls.jsonl}
 * @param concurrency the call's mean concurrency (its quality bucket)
 * @param turn        the 0-based turn the evaluator named, when it named one
 * @param reason      the evaluator's reason
 * @param caller      what the caller said in the turn before the failing one (clipped), or empty
 * @param agent       what was said in the failing turn, else the agent's last turn (clipped), or empty
 */
public record FailedVerdict(String rubric, String callId, int concurrency, Optional<Integer> turn, String reason,
                            String caller, String agent) {
    public FailedVerdict {
        turn = turn == null ? Optional.empty() : turn;
        reason = reason == null ? "" : reason;
        caller = caller == null ? "" : caller;
        agent = agent == null ? "" : agent;
    }
}
