package io.callstorm.eval.local;

import io.callstorm.eval.EvalResult;
import org.junit.jupiter.api.Test;

import static io.callstorm.eval.local.TestConversations.conversation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConcisenessEvaluatorTest {
    private final ConcisenessEvaluator evaluator = new ConcisenessEvaluator();

    private static String words(int n) {
        return "word ".repeat(n).strip();
    }

    @Test
    void shortRepliesPass() {
        var c = conversation()
                .caller("Which plan am I on?")
                .agent("You're on the Pro plan.")
                .caller("Thanks.")
                .agent("You're welcome.")
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isTrue();
        assertThat(result.score()).isEqualTo(1.0);
        assertThat(result.reason())
                .isEqualTo("mean 3.5 words per agent turn, longest 5, no reply said more than twice");
    }

    @Test
    void meanAboveTheLimitFailsAndScoresProportionally() {
        var c = conversation().caller("Tell me everything.").agent(words(50)).agent(words(50)).build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isCloseTo(0.8, within(1e-9));
        assertThat(result.reason()).isEqualTo("mean 50.0 words per agent turn (max 40)");
    }

    @Test
    void oneMonologueFailsEvenWhenTheMeanIsFine() {
        var c = conversation().caller("Why?").agent(words(81)).agent("Ok.").agent("Sure.").build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isEqualTo(1.0);
        assertThat(result.reason()).isEqualTo("longest agent turn 81 words (max 80)");
    }

    @Test
    void limitsAreInclusive() {
        var c = conversation().caller("Why?")
                .agent(words(ConcisenessEvaluator.MAX_WORDS_PER_TURN)).agent("Ok.").agent("Ok then.").build();

        assertThat(evaluator.evaluate(c).passed()).isTrue();
    }

    @Test
    void replyGivenTwiceIsAllowedButThreeTimesFails() {
        var twice = conversation()
                .caller("Which plan?").agent("The Starter plan.")
                .caller("Sorry?").agent("  the starter plan. ")
                .build();
        var thrice = conversation()
                .caller("Which plan?").agent("One moment please.")
                .caller("Hello?").agent("One moment please.")
                .caller("Hello?").agent("ONE MOMENT PLEASE.")
                .build();

        assertThat(evaluator.evaluate(twice).passed()).isTrue();
        EvalResult result = evaluator.evaluate(thrice);
        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).isEqualTo("reply repeated 3 times: \"one moment please.\"");
    }

    @Test
    void noAgentTurnsFailsWithScoreZero() {
        EvalResult result = evaluator.evaluate(conversation().caller("Hello?").build());

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isZero();
        assertThat(result.reason()).isEqualTo("no agent turns to judge");
    }
}
