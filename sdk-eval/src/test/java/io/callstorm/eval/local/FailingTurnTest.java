package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Outcome;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.EvalStatus;
import io.callstorm.eval.EvalUsage;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static io.callstorm.eval.local.TestConversations.conversation;
import static io.callstorm.eval.local.TestConversations.failed;
import static io.callstorm.eval.local.TestConversations.ok;
import static io.callstorm.eval.local.TestConversations.timedOut;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each local rubric names the transcript turn (0-based, caller and agent counted) where a fail happened. */
class FailingTurnTest {
    private static String words(int n) {
        return "word ".repeat(n).strip() + ".";
    }

    @Test
    void isPoliteNamesTheFirstRudeAgentTurn() {
        var c = conversation()
                .caller("I was charged twice.")                       // 0
                .agent("Sorry about that, it's refunded.")            // 1
                .caller("When will I see it?")                        // 2
                .agent("As I already said, it's refunded.")           // 3
                .caller("Fine.")                                      // 4
                .agent("Calm down.")                                  // 5
                .build();

        EvalResult r = new PolitenessEvaluator().evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.failingTurn()).hasValue(3);
        assertThat(r.reasonWithTurn()).startsWith("turn 3: 2 of 3 agent turns impolite, first talks down");
    }

    @Test
    void isPoliteNamesTheBrushOffEvenInWarmWords() {
        var c = conversation()
                .caller("I was charged twice.")                                       // 0
                .agent("I'm so sorry! Sadly there's nothing I can do, have a lovely day!") // 1
                .build();

        EvalResult r = new PolitenessEvaluator().evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.failingTurn()).hasValue(1);
        assertThat(r.reason()).contains("brushes the caller off");
    }

    @Test
    void isConciseNamesTheFirstTooLongAgentTurn() {
        var c = conversation()
                .caller("Hi.")                                        // 0
                .agent("Hello, how can I help?")                      // 1
                .caller("Go on.")                                     // 2
                .agent(words(81))                                     // 3
                .caller("Thanks.")                                    // 4
                .agent("Bye.")                                        // 5
                .build();

        EvalResult r = new ConcisenessEvaluator().evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.failingTurn()).hasValue(3);
    }

    @Test
    void isConciseNamesTheTurnWhereARepliesLoopStarts() {
        var c = conversation()
                .caller("Hi.")                                        // 0
                .agent("One moment please.")                          // 1
                .caller("Hello?")                                     // 2
                .agent("One moment please.")                          // 3
                .caller("Are you there?")                             // 4
                .agent("one moment please. ")                         // 5: third time, a loop
                .build();

        EvalResult r = new ConcisenessEvaluator().evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.failingTurn()).hasValue(1); // the loop's first reply: every later one repeats it
    }

    @Test
    void isConciseNamesTheReplyThatRepeatsAnEarlierSentence() {
        var c = conversation()
                .caller("Which plan?")                                                         // 0
                .agent("You're on the Business plan with 25 seats.")                           // 1
                .caller("And the renewal?")                                                    // 2
                .agent("It renews on the first. You're on the Business plan with 25 seats.")   // 3
                .build();

        EvalResult r = new ConcisenessEvaluator().evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.failingTurn()).hasValue(3);
        assertThat(r.reason()).startsWith("repeats a sentence already said");
    }

    @Test
    void isHelpfulNamesTheFirstNonAnswerWhenTooFewRepliesAnswer() {
        var c = conversation()
                .caller("Which plan am I on?")                        // 0
                .agent("The Pro plan.")                               // 1
                .caller("And my invoice?")                            // 2
                .agent("Let me check that.")                          // 3
                .caller("Well?")                                      // 4
                .agent("Please hold.")                                // 5
                .build();

        EvalResult r = new HelpfulnessEvaluator().evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.failingTurn()).hasValue(3);
    }

    @Test
    void isHelpfulNamesTheLastReplyWhenOnlyItFails() {
        var c = conversation()
                .caller("Which plan am I on?").agent("The Pro plan.")
                .caller("And when does it renew?").agent("The first of the month.")
                .caller("How many seats?").agent("Ten seats.")
                .caller("Can you send me the invoice?").agent("Please hold.")   // 7
                .build();

        EvalResult r = new HelpfulnessEvaluator().evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.failingTurn()).hasValue(7);
    }

    @Test
    void taskCompletionNamesTheTurnOfTheFailedTool() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_account_info", "get_open_tickets")
                .caller("Exports fail.")                                                    // 0
                .agent("Found your account.", ok("get_account_info"))                       // 1
                .caller("And my tickets?")                                                  // 2
                .agent("I'm having trouble reaching our ticket system.", timedOut("get_open_tickets")) // 3
                .caller("OK, bye.")                                                         // 4
                .agent("Goodbye.")                                                          // 5
                .build();

        EvalResult r = new TaskCompletionEvaluator().evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).isEqualTo("get_open_tickets timed out");
        assertThat(r.failingTurn()).hasValue(3);
        assertThat(r.reasonWithTurn()).isEqualTo("turn 3: get_open_tickets timed out");
    }

    @Test
    void taskCompletionNamesTheLastAgentTurnForAToolNeverCalled() {
        var c = conversation().expecting(Outcome.TICKET_CREATED, "create_ticket")
                .caller("Open a ticket.")                                 // 0
                .agent("Sure, one second.")                               // 1
                .caller("Thanks.")                                        // 2
                .agent("Anything else?")                                  // 3
                .caller("No.")                                            // 4
                .build();

        EvalResult r = new TaskCompletionEvaluator().evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.failingTurn()).hasValue(3);
    }

    @Test
    void taskCompletionPrefersAFailedAttemptToAToolNeverCalled() {
        var c = conversation().expecting(Outcome.ESCALATED, "escalate_to_human", "create_ticket")
                .caller("Get me a human.")                                // 0
                .agent("Filing that.", failed("create_ticket"))           // 1
                .caller("OK.")                                            // 2
                .agent("Done.")                                           // 3
                .build();

        assertThat(new TaskCompletionEvaluator().evaluate(c).failingTurn()).hasValue(1);
    }

    @Test
    void conversationResolutionNamesTheLastAgentTurn() {
        var c = conversation().expecting(Outcome.TICKET_CREATED).status(CallStatus.HUNG_UP)
                .caller("Open a ticket.")                                 // 0
                .agent("One moment.")                                     // 1
                .caller("Hello?")                                         // 2
                .agent("Still checking.")                                 // 3
                .caller("Forget it.")                                     // 4
                .build();

        EvalResult r = new ConversationResolutionEvaluator().evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).isEqualTo(
                "expected TICKET_CREATED, got UNRESOLVED: the call ended on a holding reply: \"Still checking.\"");
        assertThat(r.failingTurn()).hasValue(3);
    }

    @Test
    void passesAndConversationsWithoutAgentTurnsNameNoTurn() {
        var good = conversation().expecting(Outcome.RESOLVED)
                .caller("Which plan am I on?").agent("Thank you, you're on the Pro plan.").build();
        var silent = conversation().expecting(Outcome.RESOLVED).caller("Hello?").build();

        for (var evaluator : LocalEvaluators.all()) {
            EvalResult pass = evaluator.evaluate(good);
            assertThat(pass.passed()).as(pass.rubric() + ": " + pass.reason()).isTrue();
            assertThat(pass.failingTurn()).as(pass.rubric()).isEmpty();
            EvalResult none = evaluator.evaluate(silent);
            assertThat(none.failingTurn()).as(none.rubric()).isEmpty();
        }
    }

    @Test
    void onlyAFailKeepsATurnAndATurnIsNeverNegative() {
        assertThat(new EvalResult("r", true, 1.0, "ok", OptionalInt.of(2)).failingTurn()).isEmpty();
        assertThat(EvalResult.error("r", "down").withFailingTurn(2).failingTurn()).isEmpty();
        assertThat(EvalResult.failAt("r", 0.0, "bad", 2).withUsage(EvalUsage.NONE).failingTurn()).hasValue(2);
        assertThat(new EvalResult("r", EvalStatus.FAIL, 0.0, "bad", EvalUsage.NONE))
                .isEqualTo(new EvalResult("r", false, 0.0, "bad"));
        assertThatThrownBy(() -> EvalResult.failAt("r", 0.0, "bad", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
