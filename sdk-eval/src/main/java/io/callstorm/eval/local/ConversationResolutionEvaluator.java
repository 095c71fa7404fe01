package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.core.Outcome;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;

import java.util.OptionalInt;

/**
 * Scores {@value Rubrics#CONVERSATION_RESOLUTION}: did the call end where its scenario path says a correct
 * agent ends it?
 *
 * <p>Rule: passes iff the call {@link CallStatus#COMPLETED} and its
 * {@linkplain ConversationOutcomes#actualOutcome actual outcome} equals the conversation's expected outcome.
 * Score 1 on a pass, 0 otherwise. A call that did not complete fails even when the outcome matches, because
 * the caller did not stay to the end of it. The reason names both outcomes and the status, e.g.
 * {@code expected TICKET_CREATED, got UNRESOLVED (call HUNG_UP)}.
 *
 * <p>Failing turn: the agent's last turn, where the call was left in the wrong state (empty when the agent
 * never spoke).
 */
public final class ConversationResolutionEvaluator implements Evaluator {
    @Override
    public String rubric() {
        return Rubrics.CONVERSATION_RESOLUTION;
    }

    @Override
    public EvalResult evaluate(Conversation conversation) {
        Outcome actual = ConversationOutcomes.actualOutcome(conversation);
        boolean passed = conversation.status() == CallStatus.COMPLETED && actual == conversation.expectedOutcome();
        String reason = "expected " + conversation.expectedOutcome() + ", got " + actual
                + " (call " + conversation.status() + ")";
        return new EvalResult(rubric(), passed, passed ? 1.0 : 0.0, reason,
                passed ? OptionalInt.empty() : AgentReplies.lastIndex(conversation));
    }
}
