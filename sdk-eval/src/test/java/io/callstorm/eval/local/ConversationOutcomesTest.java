package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Outcome;
import org.junit.jupiter.api.Test;

import static io.callstorm.eval.local.TestConversations.conversation;
import static io.callstorm.eval.local.TestConversations.failed;
import static io.callstorm.eval.local.TestConversations.ok;
import static org.assertj.core.api.Assertions.assertThat;

class ConversationOutcomesTest {
    @Test
    void successfulEscalationWinsOverTicket() {
        var c = conversation()
                .caller("Please open a ticket and get me a human.")
                .agent("Ticket filed, and I'm transferring you now.", ok("create_ticket"), ok("escalate_to_human"))
                .build();

        assertThat(ConversationOutcomes.actualOutcome(c)).isEqualTo(Outcome.ESCALATED);
    }

    @Test
    void failedEscalationDoesNotCount() {
        var c = conversation()
                .caller("Can I speak to a person?")
                .agent("Of course, transferring you.", failed("escalate_to_human"), ok("create_ticket"))
                .build();

        assertThat(ConversationOutcomes.actualOutcome(c)).isEqualTo(Outcome.TICKET_CREATED);
    }

    @Test
    void ticketCountsEvenWhenTheCallerHungUpAfterwards() {
        var c = conversation().status(CallStatus.HUNG_UP)
                .caller("Please log a ticket.")
                .agent("Ticket TK-1 is open.", ok("create_ticket"))
                .caller("Hello?")
                .build();

        assertThat(ConversationOutcomes.actualOutcome(c)).isEqualTo(Outcome.TICKET_CREATED);
    }

    @Test
    void completedCallEndingOnAnAnswerIsResolved() {
        var c = conversation()
                .caller("Which plan am I on?")
                .agent("You're on the Pro plan.")
                .build();

        assertThat(ConversationOutcomes.actualOutcome(c)).isEqualTo(Outcome.RESOLVED);
    }

    @Test
    void completedCallEndingOnANonAnswerIsUnresolved() {
        var c = conversation()
                .caller("Which plan am I on?")
                .agent("One moment please.")
                .build();

        assertThat(ConversationOutcomes.actualOutcome(c)).isEqualTo(Outcome.UNRESOLVED);
    }

    @Test
    void callThatDidNotCompleteIsUnresolved() {
        var c = conversation().status(CallStatus.HUNG_UP)
                .caller("Which plan am I on?")
                .agent("You're on the Pro plan.")
                .build();

        assertThat(ConversationOutcomes.actualOutcome(c)).isEqualTo(Outcome.UNRESOLVED);
    }

    @Test
    void callWithoutAgentTurnsIsUnresolved() {
        var c = conversation().caller("Hello?").build();

        assertThat(ConversationOutcomes.actualOutcome(c)).isEqualTo(Outcome.UNRESOLVED);
    }
}
