package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.core.Outcome;
import io.callstorm.core.transcript.ReplyCues;

/**
 * Reads the outcome a conversation actually reached from its transcript, for comparison with the
 * scenario's expected outcome. The rule, first match wins:
 * <ol>
 *   <li>{@link Outcome#ESCALATED} if the agent made a successful ({@code OK}) {@value #ESCALATE_TOOL} call;</li>
 *   <li>else {@link Outcome#TICKET_CREATED} if it made a successful {@value #TICKET_TOOL} call;</li>
 *   <li>else {@link Outcome#RESOLVED} if the call {@link CallStatus#COMPLETED} and the agent's last reply
 *       answered the caller (it is not a {@linkplain ReplyCues#isNonAnswer non-answer});</li>
 *   <li>else {@link Outcome#UNRESOLVED}.</li>
 * </ol>
 * Escalation wins over a ticket because a handover to a human supersedes a ticket filed on the way. The
 * tool calls count whatever the call status: a ticket filed before the caller hung up is still filed.
 */
public final class ConversationOutcomes {
    /** The tool whose successful call means the agent handed the caller to a human. */
    public static final String ESCALATE_TOOL = "escalate_to_human";
    /** The tool whose successful call means the agent filed a ticket. */
    public static final String TICKET_TOOL = "create_ticket";

    private ConversationOutcomes() {
    }

    /** The outcome the conversation reached, by the rule in the class description. */
    public static Outcome actualOutcome(Conversation conversation) {
        if (succeeded(conversation, ESCALATE_TOOL)) {
            return Outcome.ESCALATED;
        }
        if (succeeded(conversation, TICKET_TOOL)) {
            return Outcome.TICKET_CREATED;
        }
        boolean answeredLast = AgentReplies.last(conversation)
                .filter(turn -> !ReplyCues.isNonAnswer(turn.text()))
                .isPresent();
        return conversation.status() == CallStatus.COMPLETED && answeredLast ? Outcome.RESOLVED : Outcome.UNRESOLVED;
    }

    private static boolean succeeded(Conversation conversation, String tool) {
        return conversation.transcript().toolCalls().anyMatch(call -> call.name().equals(tool) && call.succeeded());
    }
}
