package io.callstorm.eval.local;

import io.callstorm.core.Conversation;
import io.callstorm.core.Outcome;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;

import java.util.OptionalInt;

/**
 * Scores {@value Rubrics#CONVERSATION_RESOLUTION}: did the call end in the state its scenario expects, judged
 * from what happened rather than from what the agent claimed?
 *
 * <p>Rule: passes iff the {@linkplain ConversationOutcomes#actualOutcome actual outcome} equals the expected
 * one: a ticket is a successful {@code create_ticket}, a handover a successful {@code escalate_to_human}, a
 * resolution a caller who was served (who may hang up once served; one who leaves unserved is not). An unneeded
 * ticket or transfer is the wrong end state. Score 1 on a pass, 0 otherwise. The reason names both outcomes and,
 * for an unresolved call, why, e.g. {@code expected RESOLVED, got UNRESOLVED: get_billing_status never
 * succeeded}.
 *
 * <p>Failing turn: the turn of an unneeded ticket or transfer; otherwise the agent's last turn, where the call
 * was left in the wrong state (empty when the agent never spoke).
 */
public final class ConversationResolutionEvaluator implements Evaluator {
    @Override
    public String rubric() {
        return Rubrics.CONVERSATION_RESOLUTION;
    }

    @Override
    public EvalResult evaluate(Conversation conversation) {
        CallFacts facts = CallFacts.of(conversation);
        Outcome expected = conversation.expectedOutcome();
        Outcome actual = ConversationOutcomes.actualOutcome(conversation);
        if (actual == expected) {
            return new EvalResult(rubric(), true, 1.0, "expected " + expected + ", got " + actual
                    + " (call " + conversation.status() + ")");
        }
        String why = actual == Outcome.UNRESOLVED
                ? ": " + ConversationOutcomes.unserved(facts).orElse("not served")
                : " (call " + conversation.status() + ")";
        int turn = facts.lastAgentTurn();
        String action = actual == Outcome.ESCALATED ? ConversationOutcomes.ESCALATE_TOOL
                : actual == Outcome.TICKET_CREATED ? ConversationOutcomes.TICKET_TOOL : null;
        if (action != null) {
            turn = facts.firstSuccess(action).turn;
        }
        return new EvalResult(rubric(), false, 0.0, "expected " + expected + ", got " + actual + why,
                turn < 0 ? OptionalInt.empty() : OptionalInt.of(turn));
    }
}
