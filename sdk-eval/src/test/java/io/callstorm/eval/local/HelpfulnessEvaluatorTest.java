package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.eval.EvalResult;
import org.junit.jupiter.api.Test;

import static io.callstorm.eval.local.TestConversations.conversation;
import static org.assertj.core.api.Assertions.assertThat;

class HelpfulnessEvaluatorTest {
    private final HelpfulnessEvaluator evaluator = new HelpfulnessEvaluator();

    @Test
    void answeringAgentPasses() {
        var c = conversation()
                .caller("Which plan am I on?")
                .agent("You're on the Pro plan.")
                .caller("Thanks, bye.")
                .agent("You're welcome, goodbye.")
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isTrue();
        assertThat(result.score()).isEqualTo(1.0);
        assertThat(result.reason()).isEqualTo("0 of 2 agent turns were non-answers");
    }

    @Test
    void oneStallInFourIsTolerated() {
        var c = conversation()
                .caller("Hi, account AC-1.")
                .agent("One moment.")
                .caller("Hello?")
                .agent("Found your account. How can I help?")
                .caller("Which plan am I on?")
                .agent("The Pro plan.")
                .caller("Bye.")
                .agent("Goodbye.")
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isTrue();
        assertThat(result.score()).isEqualTo(0.75);
    }

    @Test
    void endingOnANonAnswerFailsEvenWithAHighScore() {
        var c = conversation().status(CallStatus.HUNG_UP)
                .caller("Hi, account AC-1.")
                .agent("Found your account.")
                .caller("Which plan am I on?")
                .agent("The Pro plan.")
                .caller("And when does it renew?")
                .agent("The first of the month.")
                .caller("Can you send me the invoice?")
                .agent("Please hold.")
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.score()).isEqualTo(0.75);
        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).isEqualTo("1 of 4 agent turns were non-answers; "
                + "last reply is a non-answer: \"Please hold.\"");
    }

    @Test
    void replyRepeatedToEveryQuestionIsALoop() {
        var c = conversation()
                .caller("How do I change my email?")
                .agent("Go to Settings, Account.")
                .caller("How long does it take?")
                .agent("Go to Settings, Account.")
                .caller("Sorry, how long does it take?")
                .agent("go to settings, account. ")
                .caller("Bye.")
                .agent("Goodbye.")
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isEqualTo(0.25);
        assertThat(result.reason()).isEqualTo("3 of 4 agent turns were non-answers (3 repeated in a loop)");
    }

    @Test
    void sameAnswerTwiceIsNotALoop() {
        var c = conversation()
                .caller("Which plan am I on?")
                .agent("The Starter plan.")
                .caller("Sorry, which plan?")
                .agent("The Starter plan.")
                .build();

        assertThat(evaluator.evaluate(c).passed()).isTrue();
    }

    @Test
    void noAgentTurnsFails() {
        EvalResult result = evaluator.evaluate(conversation().status(CallStatus.FAILED).caller("Hi?").build());

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isZero();
        assertThat(result.reason()).isEqualTo("no agent turns to judge");
    }
}
