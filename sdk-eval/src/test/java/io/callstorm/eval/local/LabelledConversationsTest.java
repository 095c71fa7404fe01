package io.callstorm.eval.local;

import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the local evaluators against conversations people labelled by reading them ({@link LabelledSet}). The
 * labels say what a reviewer thinks, not what the rules compute, so a rubric below the bar means a rule needs
 * work, not the labels. Only the development part's disagreements are printed: the test part is for measuring,
 * and its individual misses are not shown, so that no rule gets fitted to them.
 */
class LabelledConversationsTest {
    /** The bar on the development part, which the rules were tuned on. */
    private static final double MIN_DEV_AGREEMENT = 0.85;
    /** The bars on the held-out test part: what the rules must reach on conversations they were not fitted to. */
    private static final double MIN_TEST_AGREEMENT = 0.78;
    private static final double MIN_TEST_KAPPA = 0.40;

    @Test
    void theSetIsBigEnoughAndSplit() {
        var dev = LabelledSet.development();
        var test = LabelledSet.test();
        assertThat(dev.size() + test.size()).isGreaterThanOrEqualTo(690);
        assertThat(test).hasSizeGreaterThanOrEqualTo(200);
        assertThat(dev).allSatisfy(l -> assertThat(l.labels()).containsOnlyKeys(Rubrics.CORE));
        assertThat(test).allSatisfy(l -> assertThat(l.labels()).containsOnlyKeys(Rubrics.CORE));
        assertThat(dev).extracting(LabelledSet.LabelledConversation::callId)
                .doesNotContainAnyElementsOf(test.stream().map(LabelledSet.LabelledConversation::callId).toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void everyScorerAgreesWithTheReviewersOnTheDevelopmentPart() {
        List<String> belowBar = new ArrayList<>();
        for (Evaluator evaluator : LocalEvaluators.all()) {
            LabelledSet.Agreement a = LabelledSet.agreement(evaluator, LabelledSet.development());
            print("development", a);
            a.disagreements().forEach(d -> System.out.println("    " + d));
            if (a.share() < MIN_DEV_AGREEMENT) {
                belowBar.add(a.rubric());
            }
        }
        assertThat(belowBar).as("rubrics below %.0f%% agreement on the development part", MIN_DEV_AGREEMENT * 100)
                .isEmpty();
    }

    @Test
    void everyScorerAgreesWithTheReviewersOnTheHeldOutTestPart() {
        List<String> belowBar = new ArrayList<>();
        for (Evaluator evaluator : LocalEvaluators.all()) {
            LabelledSet.testFiles().forEach((file, part) -> print(file, LabelledSet.agreement(evaluator, part)));
            LabelledSet.Agreement a = LabelledSet.agreement(evaluator, LabelledSet.test());
            print("test", a);
            if (a.share() < MIN_TEST_AGREEMENT || a.kappa() < MIN_TEST_KAPPA) {
                belowBar.add(a.rubric());
            }
        }
        assertThat(belowBar).as("rubrics below %.0f%% agreement or kappa %.2f on the test part",
                MIN_TEST_AGREEMENT * 100, MIN_TEST_KAPPA).isEmpty();
    }

    private static void print(String part, LabelledSet.Agreement a) {
        System.out.printf(Locale.ROOT, "%-12s %-24s agreement %5.1f%% (%d/%d), kappa %.2f%n", part, a.rubric(),
                a.share() * 100, a.agreed(), a.total(), a.kappa());
    }
}
