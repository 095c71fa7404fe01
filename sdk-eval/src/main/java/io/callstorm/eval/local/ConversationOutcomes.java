package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.core.Outcome;

import java.util.Optional;

/**
 * Reads the outcome a conversation actually reached from what happened in it, for comparison with the scenario's
 * expected outcome. What the agent claimed does not count: "I've opened a ticket" without a successful
 * {@value #TICKET_TOOL} call is no ticket. The rule, first match wins:
 * <ol>
 *   <li>{@link Outcome#ESCALATED} if the agent made a successful ({@code OK}) {@value #ESCALATE_TOOL} call;</li>
 *   <li>else {@link Outcome#TICKET_CREATED} if it made a successful {@value #TICKET_TOOL} call;</li>
 *   <li>else {@link Outcome#RESOLVED} if the caller was served: every lookup the path needs succeeded, the
 *       agent's last reply was not a holding reply or a loop (see {@code is_helpful}), the caller's last words
 *       were not those of someone leaving unserved ("forget it", "this is useless"), and the caller stayed to the
 *       end ({@link CallStatus#COMPLETED}), left content ("that's all I needed"), or hung up after hearing the
 *       result of every lookup the path needs beyond the account (of the account lookup, when the path needs no
 *       other);</li>
 *   <li>else {@link Outcome#UNRESOLVED}.</li>
 * </ol>
 * Escalation wins over a ticket because a handover to a human supersedes a ticket filed on the way. Tool calls
 * count whatever the call status: a ticket filed before the caller hung up is still filed.
 */
public final class ConversationOutcomes {
    /** The tool whose successful call means the agent handed the caller to a human. */
    public static final String ESCALATE_TOOL = "escalate_to_human";
    /** The tool whose successful call means the agent filed a ticket. */
    public static final String TICKET_TOOL = "create_ticket";
    /** The lookup that identifies the caller; its result answers no question of theirs on its own. */
    static final String ACCOUNT_LOOKUP = "get_account_info";

    private ConversationOutcomes() {
    }

    /** The outcome the conversation reached, by the rule in the class description. */
    public static Outcome actualOutcome(Conversation conversation) {
        CallFacts facts = CallFacts.of(conversation);
        if (facts.succeeded(ESCALATE_TOOL)) {
            return Outcome.ESCALATED;
        }
        if (facts.succeeded(TICKET_TOOL)) {
            return Outcome.TICKET_CREATED;
        }
        return unserved(facts).isEmpty() ? Outcome.RESOLVED : Outcome.UNRESOLVED;
    }

    static boolean isAction(String tool) {
        return tool.equals(TICKET_TOOL) || tool.equals(ESCALATE_TOOL);
    }

    /**
     * Whether every lookup the path needs beyond the account reached the caller (or, when it needs none, the
     * account lookup's result did): a caller who hangs up after hearing it was served.
     */
    private static boolean answersConveyed(CallFacts facts) {
        boolean any = false;
        for (String tool : facts.conversation.expectedToolCalls()) {
            if (isAction(tool) || tool.equals(ACCOUNT_LOOKUP)) {
                continue;
            }
            any = true;
            boolean told = false;
            for (CallFacts.ToolUse use : facts.tools) {
                told |= use.is(tool) && use.succeeded() && facts.conveyed(use.result, use.turn);
            }
            if (!told) {
                return false;
            }
        }
        if (!any) {
            // a question the account lookup answers ("what plan are we on?"): its result must have been told
            for (CallFacts.ToolUse use : facts.tools) {
                if (use.is(ACCOUNT_LOOKUP) && use.succeeded() && facts.conveyed(use.result, use.turn)
                        && !facts.holding(facts.lastAgentTurn())) {
                    return true;
                }
            }
        }
        return any;
    }

    /** Why the caller was not served, or empty when they were. */
    static Optional<String> unserved(CallFacts facts) {
        Conversation c = facts.conversation;
        for (String tool : c.expectedToolCalls()) {
            if (!isAction(tool) && !facts.succeeded(tool)) {
                return Optional.of(tool + " never succeeded");
            }
        }
        int last = facts.lastAgentTurn();
        if (last < 0) {
            return Optional.of("the agent never spoke");
        }
        if (facts.holding(last) || facts.verbatimCount(last) >= HelpfulnessEvaluator.LOOP_OCCURRENCES) {
            return Optional.of("the call ended on a holding reply: " + Quotes.quote(facts.turns.get(last).text()));
        }
        int callerLast = facts.lastCallerTurn();
        TurnText callerWords = callerLast < 0 ? TurnText.EMPTY : facts.text[callerLast];
        if (callerWords.has(Cue.UNSERVED)) {
            return Optional.of("the caller left unserved: " + Quotes.quote(facts.turns.get(callerLast).text()));
        }
        if (c.status() != CallStatus.COMPLETED && !callerWords.has(Cue.SATISFIED)
                && !(c.status() == CallStatus.HUNG_UP && answersConveyed(facts))) {
            return Optional.of("the call " + c.status() + " before the caller was served");
        }
        return Optional.empty();
    }
}
