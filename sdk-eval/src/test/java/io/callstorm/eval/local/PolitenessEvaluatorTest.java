package io.callstorm.eval.local;

import io.callstorm.eval.EvalResult;
import org.junit.jupiter.api.Test;

import static io.callstorm.eval.local.TestConversations.conversation;
import static org.assertj.core.api.Assertions.assertThat;

class PolitenessEvaluatorTest {
    private final PolitenessEvaluator evaluator = new PolitenessEvaluator();

    @Test
    void courteousAgentPasses() {
        var c = conversation()
                .caller("Hi, account AC-1.")
                .agent("Thank you, I have your account.")
                .caller("Which plan am I on?")
                .agent("You're on the Pro plan.")
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isTrue();
        assertThat(result.score()).isEqualTo(0.5);
        assertThat(result.reason()).isEqualTo("1 of 2 agent turns courteous, none rude");
    }

    @Test
    void oneRudeReplyFailsWithScoreZero() {
        var c = conversation()
                .caller("I was charged twice.")
                .agent("Sorry about that, it's refunded.")
                .caller("When will I see it?")
                .agent("As I already said, it's refunded. Calm down.")
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isZero();
        assertThat(result.reason()).startsWith("1 of 2 agent turns rude, first: \"As I already said");
    }

    @Test
    void rudeCallerDoesNotMakeTheAgentImpolite() {
        var c = conversation()
                .caller("Whatever, calm down and figure it out, that's your job.")
                .agent("I understand, and I apologize for the trouble.")
                .build();

        assertThat(evaluator.evaluate(c).passed()).isTrue();
    }

    @Test
    void agentThatIsNeverCourteousFails() {
        var c = conversation()
                .caller("Which plan am I on?")
                .agent("Business plan. 25 seats.")
                .caller("Thanks, bye.")
                .agent("Call ended.")
                .build();

        EvalResult result = evaluator.evaluate(c);

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isZero();
        assertThat(result.reason()).isEqualTo("0 of 2 agent turns courteous, none rude");
    }

    @Test
    void noAgentTurnsFails() {
        EvalResult result = evaluator.evaluate(conversation().caller("Hello?").build());

        assertThat(result.passed()).isFalse();
        assertThat(result.score()).isZero();
        assertThat(result.reason()).isEqualTo("no agent turns to judge");
    }
}
