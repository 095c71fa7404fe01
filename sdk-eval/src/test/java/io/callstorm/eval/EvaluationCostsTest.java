package io.callstorm.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvaluationCostsTest {
    @Test
    void totalsPerRubricAndOverall() {
        EvaluationCosts costs = new EvaluationCosts();
        costs.record(Rubrics.IS_POLITE, new EvalUsage(100, 10, 0.001));
        costs.record(Rubrics.IS_POLITE, new EvalUsage(200, 20, 0.002));
        costs.record(Rubrics.IS_HELPFUL, new EvalUsage(50, 5, 0.0005));

        RubricCost polite = costs.forRubric(Rubrics.IS_POLITE);
        assertThat(polite.evaluations()).isEqualTo(2);
        assertThat(polite.promptTokens()).isEqualTo(300);
        assertThat(polite.completionTokens()).isEqualTo(30);
        assertThat(polite.costUsd()).isCloseTo(0.003, within(1e-12));
        assertThat(polite.costPerEvaluationUsd()).isCloseTo(0.0015, within(1e-12));
        assertThat(costs.snapshot()).containsOnlyKeys(Rubrics.IS_POLITE, Rubrics.IS_HELPFUL);
        assertThat(costs.total().evaluations()).isEqualTo(3);
        assertThat(costs.total().costUsd()).isCloseTo(0.0035, within(1e-12));
        assertThat(costs.forRubric("unknown").evaluations()).isZero();
    }

    @Test
    void isExactUnderConcurrentRecording() throws InterruptedException {
        EvaluationCosts costs = new EvaluationCosts();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    costs.record(i % 2 == 0 ? Rubrics.IS_POLITE : Rubrics.IS_CONCISE, new EvalUsage(3, 1, 0.0));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(costs.forRubric(Rubrics.IS_POLITE).evaluations()).isEqualTo(40_000);
        assertThat(costs.total().promptTokens()).isEqualTo(240_000);
    }
}
