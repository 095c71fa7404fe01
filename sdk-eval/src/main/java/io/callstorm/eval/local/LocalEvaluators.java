package io.callstorm.eval.local;

import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The built-in evaluators for the {@linkplain Rubrics#CORE core rubrics}. They run locally, without a
 * model: each applies a short, documented rule to the transcript (see each class), so a score can always
 * be explained by pointing at the turns that produced it, and the same conversation always scores the same.
 *
 * <pre>{@code
 * Evaluator polite = LocalEvaluators.forRubric(Rubrics.IS_POLITE).orElseThrow();
 * EvalResult result = polite.evaluate(conversation);
 * }</pre>
 */
public final class LocalEvaluators {
    // Evaluators are stateless, so one shared instance of each serves every caller and thread.
    private static final List<Evaluator> ALL = List.of(
            new ConversationResolutionEvaluator(),
            new TaskCompletionEvaluator(),
            new PolitenessEvaluator(),
            new HelpfulnessEvaluator(),
            new ConcisenessEvaluator());

    private LocalEvaluators() {
    }

    /** One evaluator per core rubric, in {@link Rubrics#CORE} order. */
    public static List<Evaluator> all() {
        return ALL;
    }

    /** The local evaluator for a rubric name such as {@code is_polite}; empty for a rubric it does not know. */
    public static Optional<Evaluator> forRubric(String rubric) {
        Objects.requireNonNull(rubric, "rubric");
        return ALL.stream().filter(e -> e.rubric().equals(rubric)).findFirst();
    }
}
