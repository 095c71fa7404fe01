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
        assertThat(result.reason()).isEqualTo("all 2 expected tool calls succeeded");
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
    void failedCallFailsEvenWithEveryToolDone() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_account_info").status(CallStatus.FAILED)
                .caller("Hi, account AC-1.")
                .agent("Found it.", ok("get_account_info"))
                .caller("Which plan am I on?")
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isEqualTo(1.0);
        assertThat(result.reason()).isEqualTo("call FAILED");
    }
}
