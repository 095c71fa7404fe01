package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Scores {@value Rubrics#TASK_COMPLETION}: did the agent do the work the path needs, i.e. make each expected
 * tool call successfully?
 *
 * <p>Rule: the expected tool calls are a multiset of names (a path that needs {@code get_billing_status}
 * twice needs two successful calls). An expected call is satisfied by a distinct {@code OK} call of that
 * name anywhere in the transcript; order does not matter, and extra or failed calls beyond the expected
 * ones cost nothing, so a timeout that a retry cured still counts as done.
 * <ul>
 *   <li>score = satisfied expected calls / expected calls, 1.0 when none are expected;</li>
 *   <li>passes iff every expected call is satisfied and the call status is not {@link CallStatus#FAILED}
 *       (an agent that errored out did not complete its task, whatever it looked up first).</li>
 * </ul>
 * The reason lists each unsatisfied tool and why, e.g. {@code get_open_tickets timed out},
 * {@code create_ticket failed}, {@code escalate_to_human not called}.
 *
 * <p>Failing turn: for the first unsatisfied tool (in expected order) that the agent tried and that failed or
 * timed out, the turn of its last failed attempt; otherwise (a tool never called, or only the call
 * {@code FAILED}) the agent's last turn, where the call ended with the task undone; none when the agent never
 * spoke.
 */
public final class TaskCompletionEvaluator implements Evaluator {
    @Override
    public String rubric() {
        return Rubrics.TASK_COMPLETION;
    }

    @Override
    public EvalResult evaluate(Conversation conversation) {
        List<String> expected = conversation.expectedToolCalls();
        Map<String, Integer> wanted = new LinkedHashMap<>(); // first-expected order keeps reasons stable
        expected.forEach(name -> wanted.merge(name, 1, Integer::sum));
        List<ToolCall> made = conversation.transcript().toolCalls().toList();

        int satisfied = 0;
        List<String> missing = new ArrayList<>();
        OptionalInt failedAttempt = OptionalInt.empty();
        for (Map.Entry<String, Integer> want : wanted.entrySet()) {
            String tool = want.getKey();
            int needed = want.getValue();
            long ok = made.stream().filter(c -> c.name().equals(tool) && c.succeeded()).count();
            satisfied += (int) Math.min(ok, needed);
            if (ok < needed) {
                missing.add(tool + " " + whyMissing(made, tool, ok, needed));
                if (failedAttempt.isEmpty()) {
                    failedAttempt = lastFailedAttempt(conversation, tool);
                }
            }
        }

        boolean failedCall = conversation.status() == CallStatus.FAILED;
        double score = expected.isEmpty() ? 1.0 : (double) satisfied / expected.size();
        boolean passed = missing.isEmpty() && !failedCall;

        List<String> reasons = new ArrayList<>(missing);
        if (failedCall) {
            reasons.add("call FAILED");
        }
        String reason = reasons.isEmpty()
                ? (expected.isEmpty() ? "no tool calls expected"
                        : "all " + expected.size() + " expected tool calls succeeded")
                : String.join("; ", reasons);
        OptionalInt failingTurn = passed ? OptionalInt.empty()
                : failedAttempt.isPresent() ? failedAttempt : AgentReplies.lastIndex(conversation);
        return new EvalResult(rubric(), passed, score, reason, failingTurn);
    }

    /** The index of the last turn with a call of {@code tool} that did not succeed. */
    private static OptionalInt lastFailedAttempt(Conversation conversation, String tool) {
        List<TranscriptTurn> turns = conversation.transcript().turns();
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).toolCalls().stream().anyMatch(c -> c.name().equals(tool) && !c.succeeded())) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    private static String whyMissing(List<ToolCall> made, String tool, long ok, int needed) {
        if (ok > 0) {
            return "succeeded " + ok + " of " + needed + " times";
        }
        if (made.stream().anyMatch(c -> c.name().equals(tool) && c.status() == ToolCallStatus.TIMEOUT)) {
            return "timed out";
        }
        if (made.stream().anyMatch(c -> c.name().equals(tool) && c.status() == ToolCallStatus.ERROR)) {
            return "failed";
        }
        return "not called";
    }
}
