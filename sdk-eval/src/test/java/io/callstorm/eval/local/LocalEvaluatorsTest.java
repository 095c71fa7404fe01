package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.core.Outcome;
import io.callstorm.core.transcript.Transcript;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.callstorm.eval.local.TestConversations.conversation;
import static io.callstorm.eval.local.TestConversations.ok;
import static org.assertj.core.api.Assertions.assertThat;

class LocalEvaluatorsTest {
    @Test
    void allCoversTheCoreRubricsInOrder() {
        assertThat(LocalEvaluators.all()).extracting(Evaluator::rubric).containsExactlyElementsOf(Rubrics.CORE);
    }

    @Test
    void forRubricFindsEachCoreRubricAndNothingElse() {
        for (String rubric : Rubrics.CORE) {
            assertThat(LocalEvaluators.forRubric(rubric))
                    .hasValueSatisfying(e -> assertThat(e.rubric()).isEqualTo(rubric));
        }
        assertThat(LocalEvaluators.forRubric("is_funny")).isEmpty();
    }

    @Test
    void aGoodCallPassesEveryRubric() {
        var c = conversation().expecting(Outcome.TICKET_CREATED, "get_account_info", "create_ticket")
                .caller("Hi, my account number is AC-12345.")
                .agent("Thank you, I have your account.", ok("get_account_info"))
                .caller("I'm locked out. Please open a ticket.")
                .agent("Of course, ticket TK-1 is open.", ok("create_ticket"))
                .caller("Thanks, bye.")
                .agent("You're welcome, goodbye.")
                .build();

        assertThat(LocalEvaluators.all()).allSatisfy(e -> {
            EvalResult result = e.evaluate(c);
            assertThat(result.passed()).as("%s: %s", result.rubric(), result.reason()).isTrue();
            assertThat(result.rubric()).isEqualTo(e.rubric());
        });
    }

    @Test
    void emptyTranscriptNeverThrows() {
        var c = new Conversation("c", "p", "path", Outcome.RESOLVED, List.of("get_account_info"), CallStatus.FAILED,
                Transcript.of(List.<TranscriptTurn>of()));

        assertThat(LocalEvaluators.all()).allSatisfy(e -> assertThat(e.evaluate(c).passed()).isFalse());
    }

    @Test
    void sameConversationAlwaysScoresTheSame() {
        var c = conversation().expecting(Outcome.RESOLVED, "get_billing_status")
                .caller("Invoice please.").agent("One moment.").caller("Hello?").agent("Sent, thanks for waiting.")
                .build();

        for (Evaluator e : LocalEvaluators.all()) {
            assertThat(e.evaluate(c)).isEqualTo(e.evaluate(c));
        }
    }
}
