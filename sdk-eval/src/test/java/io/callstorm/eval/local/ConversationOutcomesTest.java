package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Outcome;
import org.junit.jupiter.api.Test;

import static io.callstorm.eval.local.TestConversations.conversation;
import static io.callstorm.eval.local.TestConversations.failed;
import static io.callstorm.eval.local.TestConversations.ok;
import static org.assertj.core.api.Assertions.assertThat;

class ConversationOutcomesTest {
    private static final String BILLING = "get_billing_status";

    @Test
    void successfulEscalationWinsOverTicket() {
        var c = conversation()
                .caller("Please open a ticket and get me a human.")
                .agent("Ticket filed, and I'm transferring you now.", ok("create_ticket"), ok("escalate_to_human"))
                .build();

        assertThat(ConversationOutcomes.actualOutcome(c)).isEqualTo(Outcome.ESCALATED);
    }

    @Test
    void aClaimWithoutASuccessfulCallIsNoOutcome() {
        var c = conversation()
                .caller("Can I speak to a person?")
                .agent("Of course, transferring you now.", failed("escalate_to_human"))
                .build();

        assertThat(ConversationOutcomes.actualOutcome(c)).isNotEqualTo(Outcome.ESCALATED);
        var ticket = conversation().caller("Log a ticket.").agent("I've opened a ticket for you.").build();
        assertThat(ConversationOutcomes.actualOutcome(ticket)).isNotEqualTo(Outcome.TICKET_CREATED);
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
        var c = conversation().caller("Which plan am I on?").agent("You're on the Pro plan.").build();

        assertThat(ConversationOutcomes.actualOutcome(c)).isEqualTo(Outcome.RESOLVED);
    }

    @Test
    void completedCallEndingOnAHoldingReplyIsUnresolved() {
        var c = conversation().caller("Which plan am I on?").agent("One moment please.").build();

        assertThat(ConversationOutcomes.actualOutcome(c)).isEqualTo(Outcome.UNRESOLVED);
    }

    @Test
    void aNeededLookupThatNeverSucceededLeavesTheCallerUnserved() {
        var c = conversation().expecting(Outcome.RESOLVED, BILLING)
                .caller("Why was I charged twice?").agent("It was a glitch, all fixed.", failed(BILLING))
                .build();

        assertThat(ConversationOutcomes.actualOutcome(c)).isEqualTo(Outcome.UNRESOLVED);
    }

    @Test
    void aCallerWhoHangsUpAfterBeingServedIsResolved() {
        var told = conversation().expecting(Outcome.RESOLVED, BILLING).status(CallStatus.HUNG_UP)
                .caller("Why was I charged twice?")
                .agent("The second $480 charge was a duplicate; it was refunded yesterday.",
                        ok(BILLING, "{\"account_number\":\"AC-1\"}", "{\"duplicate_usd\":480,\"refund\":\"yesterday\"}"))
                .build();
        var content = conversation().status(CallStatus.HUNG_UP)
                .caller("Which plan?").agent("Pro.").caller("Perfect, that's all I needed.").build();

        assertThat(ConversationOutcomes.actualOutcome(told)).isEqualTo(Outcome.RESOLVED);
        assertThat(ConversationOutcomes.actualOutcome(content)).isEqualTo(Outcome.RESOLVED);
    }

    @Test
    void aCallerWhoHangsUpAfterAFirmNoOnAnAccountQuestionWasServed() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_account_info").status(CallStatus.HUNG_UP)
                .caller("Drop us to Pro now and refund the difference, AC-62118.")
                .agent("I can't refund mid-term: your Business plan is annual and changes apply at renewal.",
                        ok("get_account_info", "{\"account_number\":\"AC-62118\"}",
                                "{\"plan\":\"Business\",\"billing_cycle\":\"annual\"}"))
                .caller("Ugh. Fine, I'll schedule it. Bye.")
                .build();
        var unanswered = conversation().expecting(Outcome.RESOLVED, "get_account_info").status(CallStatus.HUNG_UP)
                .caller("Which plan are we on, AC-62118?")
                .agent("Let me look into that.", ok("get_account_info", "{\"account_number\":\"AC-62118\"}",
                        "{\"plan\":\"Business\",\"billing_cycle\":\"annual\"}"))
                .caller("Never mind. Bye.")
                .build();

        assertThat(ConversationOutcomes.actualOutcome(c)).isEqualTo(Outcome.RESOLVED);
        assertThat(ConversationOutcomes.actualOutcome(unanswered)).isEqualTo(Outcome.UNRESOLVED);
    }

    @Test
    void aCallerWhoLeavesUnservedIsUnresolved() {
        var hungUp = conversation().status(CallStatus.HUNG_UP)
                .caller("Which plan am I on?").agent("Plans vary.").caller("Is it Pro?").build();
        var completed = conversation()
                .caller("Which plan am I on?").agent("Plans vary by account.").caller("Forget it, this is useless.")
                .build();

        assertThat(ConversationOutcomes.actualOutcome(hungUp)).isEqualTo(Outcome.UNRESOLVED);
        assertThat(ConversationOutcomes.actualOutcome(completed)).isEqualTo(Outcome.UNRESOLVED);
    }

    @Test
    void callWithoutAgentTurnsIsUnresolved() {
        assertThat(ConversationOutcomes.actualOutcome(conversation().caller("Hello?").build()))
                .isEqualTo(Outcome.UNRESOLVED);
    }
}
