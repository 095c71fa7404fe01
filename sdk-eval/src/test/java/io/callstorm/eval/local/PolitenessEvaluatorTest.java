package io.callstorm.eval.local;

import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Rubrics;
import org.junit.jupiter.api.Test;

import static io.callstorm.eval.local.TestConversations.conversation;
import static org.assertj.core.api.Assertions.assertThat;

class PolitenessEvaluatorTest {
    private final PolitenessEvaluator evaluator = new PolitenessEvaluator();

    @Test
    void plainFactualRepliesArePoliteWithoutCourtesyWords() {
        var c = conversation()
                .caller("Which plan am I on?").agent("The Business plan, 25 seats.")
                .caller("When does it renew?").agent("On March 1st.")
                .build();

        EvalResult r = evaluator.evaluate(c);

        assertThat(r.rubric()).isEqualTo(Rubrics.IS_POLITE);
        assertThat(r.passed()).as(r.reason()).isTrue();
        assertThat(r.score()).isEqualTo(1.0);
    }

    @Test
    void blameCondescensionSarcasmAndScoldingEachFail() {
        String[] replies = {
            "You must have typed the card number wrong.",
            "As I already told you, it's in Settings.",
            "Oh great, another forgotten password. Let me guess, you're sure it was right?",
            "Calm down, I'm getting to it.",
        };
        for (String reply : replies) {
            EvalResult r = evaluator.evaluate(conversation().caller("Help me.").agent(reply).build());
            assertThat(r.passed()).as(reply).isFalse();
            assertThat(r.failingTurn()).as(reply).hasValue(1);
        }
    }

    @Test
    void warmWordsDoNotRescueABrushOff() {
        var c = conversation()
                .caller("Can you refund the duplicate?")
                .agent("Thank you so much for calling! That's not my department, I'm afraid. Have a wonderful day!")
                .build();

        EvalResult r = evaluator.evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).contains("brushes the caller off");
    }

    @Test
    void aBareRetortIsCurt() {
        var c = conversation().caller("Can you check my invoice?").agent("What?").build();

        assertThat(evaluator.evaluate(c).reason()).contains("curt");
    }

    @Test
    void aSecondRetentionPitchAfterTheCallerSaidNoIsImpolite() {
        var c = conversation()
                .caller("Close my account, please.")
                .agent("Before you go, have you considered our special offer of two months free?")
                .caller("No. Close it.")
                .agent("Are you sure you want to miss out? Most people who close come back.")
                .build();

        EvalResult r = evaluator.evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.failingTurn()).hasValue(3);
    }

    @Test
    void rudeCallerDoesNotMakeTheAgentImpolite() {
        var c = conversation()
                .caller("This is useless, calm down and fix it, obviously you can't.")
                .agent("I understand. Your refund of $40 was issued today.")
                .build();

        assertThat(evaluator.evaluate(c).passed()).isTrue();
    }

    @Test
    void wholeWordsOnly() {
        // "relaxed" is not "relax", "slowdown" is not "slow down"
        var c = conversation().caller("Why is it slow?")
                .agent("The relaxed rate limits caused a slowdown; it's fixed now.").build();

        assertThat(evaluator.evaluate(c).passed()).isTrue();
    }

    @Test
    void noAgentTurnsFails() {
        EvalResult r = evaluator.evaluate(conversation().caller("Hello?").build());

        assertThat(r.passed()).isFalse();
        assertThat(r.score()).isZero();
        assertThat(r.reason()).isEqualTo("no agent turns to judge");
    }
}
