package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Outcome;
import io.callstorm.eval.EvalResult;
import org.junit.jupiter.api.Test;

import static io.callstorm.eval.local.TestConversations.conversation;
import static io.callstorm.eval.local.TestConversations.failed;
import static io.callstorm.eval.local.TestConversations.ok;
import static io.callstorm.eval.local.TestConversations.timedOut;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TaskCompletionEvaluatorTest {
    private final TaskCompletionEvaluator evaluator = new TaskCompletionEvaluator();

    @Test
    void passesWhenEveryExpectedCallSucceededInAnyOrder() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_account_info", "get_billing_status")
                .caller("I was charged twice.")
                .agent("The duplicate was refunded.", ok("get_billing_status"), ok("get_account_info"))
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isTrue();
        assertThat(result.score()).isEqualTo(1.0);
        assertThat(result.reason()).isEqualTo("all 2 expected tool calls done and conveyed");
    }

    @Test
    void nothingExpectedScoresOne() {
        var c = conversation().caller("Hi.").agent("Hello, how can I help?").build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isTrue();
        assertThat(result.score()).isEqualTo(1.0);
        assertThat(result.reason()).isEqualTo("no tool calls expected");
    }

    @Test
    void timedOutToolFailsWithItsName() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_account_info", "get_open_tickets")
                .caller("Exports fail.")
                .agent("I'm having trouble reaching our ticket system.", ok("get_account_info"),
                        timedOut("get_open_tickets"))
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isEqualTo(0.5);
        assertThat(result.reason()).isEqualTo("get_open_tickets timed out");
    }

    @Test
    void retryThatSucceededCountsAsDone() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_billing_status")
                .caller("Send me my invoice.")
                .agent("It's on its way.", timedOut("get_billing_status"), ok("get_billing_status"))
                .build();

        assertThat(evaluator.evaluate(c).passed()).isTrue();
    }

    @Test
    void expectedCallsAreAMultiset() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_account_info", "get_billing_status",
                        "get_billing_status", "create_ticket")
                .caller("Check both invoices and file a ticket.")
                .agent("March was paid.", ok("get_account_info"), ok("get_billing_status"), failed("create_ticket"))
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isCloseTo(0.5, within(1e-9));
        assertThat(result.reason())
                .isEqualTo("get_billing_status succeeded 1 of 2 times; create_ticket failed");
    }

    @Test
    void missingCallIsNamed() {
        var c = conversation().expecting(Outcome.ESCALATED, "get_account_info", "escalate_to_human")
                .caller("Get me a human.")
                .agent("I can help you myself.", ok("get_account_info"))
                .build();

        assertThat(evaluator.evaluate(c).reason()).isEqualTo("escalate_to_human not called");
    }

    @Test
    void aCallCutOffOnAnUnansweredRequestFails() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_account_info").status(CallStatus.FAILED)
                .caller("Hi, account AC-10001.")                        // 0
                .agent("Found it.", ok("get_account_info"))             // 1
                .caller("Which plan am I on right now?")                // 2
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).isEqualTo("the call FAILED before the caller's last request was answered");
        assertThat(result.failingTurn()).hasValue(2);
    }

    @Test
    void aCallThatFailedAfterTheWorkWasDonePasses() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_account_info").status(CallStatus.FAILED)
                .caller("Hi, account AC-10001. Which plan am I on?")
                .agent("You're on Pro.", ok("get_account_info"))
                .caller("Perfect, thanks.")
                .build();

        assertThat(evaluator.evaluate(c).passed()).isTrue();
    }

    @Test
    void theAccountMustBeTheOneTheCallerGave() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_account_info", "get_billing_status")
                .caller("Account AC-55310. Why was I charged twice?")
                .agent("Checking.", ok("get_account_info", "{\"account_number\":\"AC-55310\"}",
                        "{\"account_number\":\"AC-55310\",\"plan\":\"Pro\"}"))
                .caller("Well?")
                .agent("The $480 duplicate was refunded.", ok("get_billing_status",
                        "{\"account_number\":\"AC-55301\"}", "{\"duplicate_usd\":480}"))
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).isEqualTo("get_billing_status for account 55301, the caller gave 55310");
        assertThat(result.failingTurn()).hasValue(3);
    }

    @Test
    void aTicketMustBeForTheAccountTheLookupsServedEvenWhenTheCallerNamedAnother() {
        var c = conversation().expecting(Outcome.TICKET_CREATED, "get_account_info", "create_ticket")
                .caller("We were charged $540 twice on our main account, AC-50734. Our sandbox AC-50790 is fine.")
                .agent("I see the $540 charge on AC-50734.", ok("get_account_info",
                        "{\"account_number\":\"AC-50734\"}", "{\"account_number\":\"AC-50734\"}"))
                .caller("So raise a ticket.")
                .agent("Done: ticket TK-04817 for the duplicate $540 charge.", ok("create_ticket",
                        "{\"account_number\":\"AC-50790\",\"summary\":\"Refund duplicate $540 charge\"}",
                        "{\"ticket_id\":\"TK-04817\"}"))
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).isEqualTo("create_ticket for account 50790, the lookups before it served 50734");
        assertThat(result.failingTurn()).hasValue(3);
    }

    @Test
    void aTimedOutCallFailsOnARequestStatedWithoutAQuestionMark() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_account_info").status(CallStatus.TIMED_OUT)
                .caller("Need to change our admin email. AC-39027.")             // 0
                .agent("Sure. What's the new one?", ok("get_account_info"))     // 1
                .caller("it-admin@veldmark.de. And tell me where I do this myself.") // 2
                .caller("Hello? Still there?")                                  // 3
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).isEqualTo("the call TIMED_OUT before the caller's last request was answered");
        assertThat(result.failingTurn()).hasValue(2);
    }

    @Test
    void aTicketMustStateTheCallersProblem() {
        var right = conversation().expecting(Outcome.TICKET_CREATED, "create_ticket")
                .caller("File uploads fail at ninety percent for everyone since lunch.")
                .agent("Ticket TK-100 is open for the failing uploads.", ok("create_ticket",
                        "{\"summary\":\"File uploads failing at 90% for all users since lunch\"}",
                        "{\"ticket_id\":\"TK-100\"}"))
                .build();
        var wrong = conversation().expecting(Outcome.TICKET_CREATED, "create_ticket")
                .caller("File uploads fail at ninety percent for everyone since lunch.")
                .agent("Ticket TK-100 is open.", ok("create_ticket",
                        "{\"summary\":\"Users report the login page loading slowly\"}",
                        "{\"ticket_id\":\"TK-100\"}"))
                .build();

        assertThat(evaluator.evaluate(right).passed()).as(evaluator.evaluate(right).reason()).isTrue();
        assertThat(evaluator.evaluate(wrong).reason()).isEqualTo("create_ticket does not state the caller's problem");
    }

    @Test
    void aResultThatNeverReachesTheCallerFails() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_billing_status")
                .caller("Why was I charged twice?")
                .agent("I've looked into it and passed it along to the right team.", ok("get_billing_status",
                        "{}", "{\"duplicate_usd\":480,\"refund\":\"issued Monday\"}"))
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).isEqualTo("get_billing_status result never reached the caller");
    }

    @Test
    void anAmountToldWrongFails() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_billing_status")
                .caller("How much is my refund?")
                .agent("Your refund is $120.", ok("get_billing_status", "{}", "{\"refund_usd\":85}"))
                .build();

        assertThat(evaluator.evaluate(c).reason()).endsWith("an amount the tools returned was told wrong");
    }

    @Test
    void anUnneededEscalationFails() {
        var c = conversation().expecting(Outcome.RESOLVED)
                .caller("When will my refund arrive?")
                .agent("In five days. I'm also transferring you to billing.", ok("escalate_to_human"))
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isZero();
        assertThat(result.reason()).isEqualTo("unneeded escalate_to_human");
    }
}
