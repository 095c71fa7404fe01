package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;

import java.util.OptionalInt;

/**
 * Scores {@value Rubrics#IS_HELPFUL}: did the agent's replies move the caller toward the goal with relevant,
 * accurate, specific information?
 *
 * <p>Rule, on the agent's turns, checked against the tool calls. A reply counts against the agent when it:
 * <ul>
 *   <li><b>invents</b> a ticket or a transfer ("I've opened ticket TK-1234") that no successful
 *       {@code create_ticket} or {@code escalate_to_human} made in the call, or states a figure (three or more digits, or an
 *       amount) that neither the caller nor any tool said: an invented or contradicted fact;</li>
 *   <li><b>contradicts</b> a tool in words: "no known issues" while the ticket lookup returned open tickets;</li>
 *   <li><b>re-asks</b> for the account the caller already gave;</li>
 *   <li><b>brushes off</b> the caller ("not my area", "these things sort themselves out");</li>
 *   <li><b>deflects</b> the caller elsewhere ("check our help center") instead of helping, or <b>steers</b> them
 *       off their goal (a retention pitch to a caller closing the account);</li>
 *   <li><b>keeps back</b> what a needed tool returned: the result never reaches the caller (see
 *       {@code task_completion});</li>
 *   <li><b>holds</b> the caller off (a stall, an "I can't", a request to repeat) without telling them anything,
 *       or says the same reply a third time (a loop).</li>
 * </ul>
 * A call that ends on the caller's request, unanswered, because the caller hung up on silence also fails (a call
 * that timed out or failed is judged by what the agent did say; {@code task_completion} counts the cut).
 * Passes iff no reply invents, contradicts, re-asks, brushes off or deflects, the last reply is not a holding one, no two replies in a row
 * hold, and at most one reply in {@value #MAX_HOLDING_SHARE_DIVISOR} holds (a "one moment" before the answer, or
 * an honest "the ticket system is not answering" followed by another way to help, is how people talk). Score = share of replies that count for
 * the agent. No agent turns: fails with score 0.
 *
 * <p>Failing turn: the first reply that counts against the agent.
 */
public final class HelpfulnessEvaluator implements Evaluator {
    /** At most one reply in this many may hold the caller off. */
    public static final int MAX_HOLDING_SHARE_DIVISOR = 3;
    /** A reply said this often is a loop. */
    static final int LOOP_OCCURRENCES = 3;

    @Override
    public String rubric() {
        return Rubrics.IS_HELPFUL;
    }

    @Override
    public EvalResult evaluate(Conversation conversation) {
        CallFacts facts = CallFacts.of(conversation);
        if (!facts.hasAgentTurns()) {
            return new EvalResult(rubric(), false, 0.0, "no agent turns to judge");
        }
        int against = 0;
        int holding = 0;
        int first = -1;
        String firstWhy = null;
        boolean hard = false;
        int last = facts.lastAgentTurn();
        boolean lastHolds = false;
        for (int turn : facts.agentTurns) {
            String why = unhelpful(facts, turn);
            boolean holdsOff = why == null && facts.holding(turn);
            if (holdsOff || (why == null && facts.verbatimCount(turn) >= LOOP_OCCURRENCES)) {
                why = holdsOff ? "holds the caller off" : "repeats itself in a loop";
                holding += askedToRepeatOnly(facts, turn) ? 0 : 1;
                lastHolds |= turn == last;
            } else if (why != null) {
                hard = true;
            }
            if (why != null) {
                against++;
                if (first < 0) {
                    first = turn;
                    firstWhy = why;
                }
            }
        }
        CallFacts.ToolUse untold = facts.unconveyed();
        if (untold != null) {
            hard = true;
            if (first < 0 || untold.turn < first) {
                first = untold.turn;
                firstWhy = "never told the caller what " + untold.call.name() + " returned";
            }
        }
        int unanswered = conversation.status() == CallStatus.HUNG_UP ? facts.unansweredAtEnd() : -1;
        if (unanswered >= 0) {
            hard = true;
            if (first < 0) {
                first = unanswered;
                firstWhy = "left the caller's last request unanswered";
            }
        }
        int replies = facts.agentTurns.length;
        boolean passed = !hard && !lastHolds && !heldTwiceRunning(facts)
                && holding * MAX_HOLDING_SHARE_DIVISOR <= replies;
        double score = 1.0 - (double) against / replies;
        if (passed) {
            return new EvalResult(rubric(), true, score, (replies - against) + " of " + replies
                    + " agent turns helped" + (holding > 0 ? ", " + holding + " held the caller off" : ""));
        }
        return new EvalResult(rubric(), false, Math.min(score, 0.99), against + " of " + replies
                + " agent turns did not help, first " + firstWhy + ": " + Quotes.quote(facts.turns.get(first).text()),
                OptionalInt.of(first));
    }

    /**
     * Whether a holding reply only asks the caller to say it again: on a bad line that is how a call goes on, so it
     * counts against the agent only as the call's last reply.
     */
    private static boolean askedToRepeatOnly(CallFacts facts, int turn) {
        TurnText t = facts.text[turn];
        return t.has(Cue.REPEAT_REQUEST) && !t.has(Cue.STALL) && !t.has(Cue.CANNOT);
    }

    /** Whether two agent replies in a row held the caller off: the caller asked again and was held again. */
    private static boolean heldTwiceRunning(CallFacts facts) {
        boolean previous = false;
        for (int turn : facts.agentTurns) {
            boolean holds = facts.holding(turn) && !askedToRepeatOnly(facts, turn);
            if (holds && previous) {
                return true;
            }
            previous = holds;
        }
        return false;
    }

    /** What makes a reply unhelpful beyond holding, or null. */
    static String unhelpful(CallFacts facts, int turn) {
        TurnText t = facts.text[turn];
        if (t.has(Cue.TICKET_CLAIM) && !facts.succeeded(ConversationOutcomes.TICKET_TOOL)) {
            return "claims a ticket no create_ticket made";
        }
        if (t.has(Cue.TRANSFER_CLAIM) && !facts.succeeded(ConversationOutcomes.ESCALATE_TOOL)) {
            return "claims a transfer no escalate_to_human made";
        }
        long invented = facts.resultsReported ? facts.ungroundedFact(turn) : CallFacts.NO_FACT;
        if (invented != CallFacts.NO_FACT) {
            return "states " + invented + ", which neither the caller nor a tool gave";
        }
        if (t.has(Cue.ASK_ACCOUNT) && !t.has(Cue.REPEAT_REQUEST) && facts.callerGaveIdentifierBefore(turn)
                && !restatesIdentifier(facts, t)) {
            return "asks again for the account the caller gave";
        }
        if (t.has(Cue.DEFLECT) && !neededToolFailed(facts)) {
            return "sends the caller elsewhere";
        }
        if (t.has(Cue.DISMISS)) {
            return "brushes the caller off";
        }
        String against = facts.contradiction(turn);
        if (against != null) {
            return against;
        }
        if (t.has(Cue.PUSH_OFF)) {
            return "steers the caller off their goal";
        }
        return null;
    }


    /** Whether a tool the path needs never succeeded: sending the caller elsewhere is then a workaround, not a dodge. */
    private static boolean neededToolFailed(CallFacts facts) {
        for (String tool : facts.conversation.expectedToolCalls()) {
            if (!ConversationOutcomes.isAction(tool) && !facts.succeeded(tool)) {
                return true;
            }
        }
        return false;
    }

    private static boolean restatesIdentifier(CallFacts facts, TurnText reply) {
        for (long id : facts.callerIdentifiers) {
            if (reply.mentionsNumber(id)) {
                return true;
            }
        }
        return false;
    }
}
