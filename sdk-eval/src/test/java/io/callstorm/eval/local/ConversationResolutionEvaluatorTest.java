package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Outcome;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Rubrics;
import org.junit.jupiter.api.Test;

import static io.callstorm.eval.local.TestConversations.conversation;
import static io.callstorm.eval.local.TestConversations.ok;
import static org.assertj.core.api.Assertions.assertThat;

class ConversationResolutionEvaluatorTest {
    private final ConversationResolutionEvaluator evaluator = new ConversationResolutionEvaluator();

    @Test
    void passesWhenTheExpectedOutcomeIsReached() {
        var c = conversation().expecting(Outcome.TICKET_CREATED, "create_ticket")
                .caller("Please open a ticket.")
                .agent("Done, ticket TK-4471 is open.", ok("create_ticket"))
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.rubric()).isEqualTo(Rubrics.CONVERSATION_RESOLUTION);
        assertThat(result.passed()).isTrue();
        assertThat(result.score()).isEqualTo(1.0);
        assertThat(result.reason()).isEqualTo("expected TICKET_CREATED, got TICKET_CREATED (call COMPLETED)");
    }

    @Test
    void failsOnADifferentOutcome() {
        var c = conversation().expecting(Outcome.ESCALATED, "escalate_to_human")
                .caller("Put me through to a person.")
                .agent("I've opened ticket TK-9 instead.", ok("create_ticket"))
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isZero();
        assertThat(result.reason()).isEqualTo("expected ESCALATED, got TICKET_CREATED (call COMPLETED)");
    }

    @Test
    void aCallLeftOnHoldFailsAndSaysWhy() {
        var c = conversation().expecting(Outcome.TICKET_CREATED, "create_ticket").status(CallStatus.HUNG_UP)
                .caller("My dashboard is down.")
                .agent("Let me check on that.")
                .caller("Hello? Anyone there?")
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).isEqualTo(
                "expected TICKET_CREATED, got UNRESOLVED: the call ended on a holding reply: \"Let me check on that.\"");
        assertThat(result.failingTurn()).hasValue(1);
    }

    @Test
    void theTicketCountsFromWhatHappenedWhateverTheCallStatus() {
        var c = conversation().expecting(Outcome.TICKET_CREATED, "create_ticket").status(CallStatus.FAILED)
                .caller("Please open a ticket.")
                .agent("Ticket TK-2 is open.", ok("create_ticket"))
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isTrue();
        assertThat(result.reason()).isEqualTo("expected TICKET_CREATED, got TICKET_CREATED (call FAILED)");
    }

    @Test
    void anUnneededTicketIsTheWrongEndStateAndNamesItsTurn() {
        var c = conversation().expecting(Outcome.RESOLVED)
                .caller("Which plan am I on?")                                  // 0
                .agent("You're on Pro.")                                        // 1
                .caller("Thanks.")                                              // 2
                .agent("I've also opened ticket TK-9 to review it.", ok("create_ticket")) // 3
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).isEqualTo("expected RESOLVED, got TICKET_CREATED (call COMPLETED)");
        assertThat(result.failingTurn()).hasValue(3);
    }
}
