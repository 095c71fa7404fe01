package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.eval.EvalResult;
import org.junit.jupiter.api.Test;

import static io.callstorm.eval.local.TestConversations.conversation;
import static io.callstorm.eval.local.TestConversations.failed;
import static io.callstorm.eval.local.TestConversations.ok;
import static org.assertj.core.api.Assertions.assertThat;

class HelpfulnessEvaluatorTest {
    private final HelpfulnessEvaluator evaluator = new HelpfulnessEvaluator();

    @Test
    void answeringAgentPasses() {
        var c = conversation()
                .caller("Which plan am I on?").agent("You're on the Pro plan.")
                .caller("Thanks, bye.").agent("You're welcome, goodbye.")
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isTrue();
        assertThat(result.score()).isEqualTo(1.0);
        assertThat(result.reason()).isEqualTo("2 of 2 agent turns helped");
    }

    @Test
    void oneHoldBeforeTheAnswerIsHowPeopleTalk() {
        var c = conversation()
                .caller("Hi, account AC-10001.").agent("One moment.")
                .caller("Hello?").agent("Found your account. How can I help?")
                .caller("Which plan am I on?").agent("The Pro plan.")
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).as(result.reason()).isTrue();
        assertThat(result.reason()).isEqualTo("2 of 3 agent turns helped, 1 held the caller off");
    }

    @Test
    void letMeCheckFollowedByTheAnswerIsAnAnswer() {
        var c = conversation().caller("What do I owe?")
                .agent("Let me check that... you owe $120, due Friday.", ok("get_billing_status", "{}",
                        "{\"balance_usd\":120,\"due\":\"Friday\"}"))
                .build();

        assertThat(evaluator.evaluate(c).passed()).isTrue();
    }

    @Test
    void holdingTwiceInARowFails() {
        var c = conversation()
                .caller("Which plan am I on?").agent("Hang tight a moment.")      // 1
                .caller("Well?").agent("Bear with me while I pull that up.")      // 3
                .caller("And?").agent("Pro.")
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.failingTurn()).hasValue(1);
    }

    @Test
    void endingOnAHoldingReplyFails() {
        var c = conversation()
                .caller("Which plan am I on?").agent("The Pro plan.")
                .caller("And when does it renew?").agent("The first of the month.")
                .caller("How many seats?").agent("Ten seats.")
                .caller("Can you send me the invoice?").agent("I'll have to check and get back to you.")  // 7
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.failingTurn()).hasValue(7);
    }

    @Test
    void anInventedTicketOrTransferFails() {
        var ticket = conversation().caller("Log a ticket.").agent("Your ticket number is TK-4471.").build();
        var transfer = conversation().caller("Get me a person.")
                .agent("Transferring you now.", failed("escalate_to_human")).build();

        assertThat(evaluator.evaluate(ticket).reason()).contains("claims a ticket no create_ticket made");
        assertThat(evaluator.evaluate(transfer).reason()).contains("claims a transfer no escalate_to_human made");
    }

    @Test
    void aFigureNoToolReturnedFails() {
        var c = conversation().caller("Account AC-47721. What plan are we on?")
                .agent("Pro, 15 seats, renewing at $1,260 a year.", ok("get_account_info",
                        "{\"account_number\":\"AC-47721\"}", "{\"plan\":\"Pro\",\"seats\":15}"))
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).contains("states 1260, which neither the caller nor a tool gave");
    }

    @Test
    void figuresAreComparedByTheirDigits() {
        var c = conversation().caller("Account AC-10423. Which invoice was doubled?")
                .agent("Invoice INV-2024-03-0291 for $1,240.00, on account 10423.", ok("get_billing_status",
                        "{\"account_number\":\"AC-10423\"}", "{\"invoice\":\"INV-2024-03-0291\",\"amount_usd\":1240}"))
                .build();

        assertThat(evaluator.evaluate(c).passed()).as(evaluator.evaluate(c).reason()).isTrue();
    }

    @Test
    void askingAgainForTheAccountFails() {
        var c = conversation()
                .caller("Hi, account AC-20871.").agent("Thanks. What's going on?")
                .caller("Exports fail.").agent("Could I have your account number first?")   // 3
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.failingTurn()).hasValue(3);
        assertThat(result.reason()).contains("asks again for the account");
    }

    @Test
    void sendingTheCallerElsewhereFails() {
        var c = conversation().caller("How do I change the admin email?")
                .agent("You'll find that in our help center.").build();

        assertThat(evaluator.evaluate(c).reason()).contains("sends the caller elsewhere");
    }

    @Test
    void aCallCutOffOnAnUnansweredQuestionFails() {
        var c = conversation().status(CallStatus.HUNG_UP)
                .caller("Hi, account AC-66051.").agent("Thanks, got your account.")
                .caller("Why is there a double charge on my card this month?")
                .build();

        assertThat(evaluator.evaluate(c).reason()).contains("left the caller's last request unanswered");
    }

    @Test
    void noAgentTurnsFails() {
        EvalResult result = evaluator.evaluate(conversation().caller("Hello?").build());

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isZero();
    }
}
