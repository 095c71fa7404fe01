package io.callstorm.eval;

import java.util.Locale;

/**
 * What the evaluations of one rubric cost so far.
 *
 * @param rubric           the rubric, or {@code total} for the sum over rubrics
 * @param evaluations      evaluations that called a model or an API
 * @param promptTokens     tokens sent
 * @param completionTokens tokens produced
 * @param costUsd          estimated cost in US dollars
 */
public record RubricCost(String rubric, long evaluations, long promptTokens, long completionTokens,
                         double costUsd) {
    /** Mean cost of one evaluation, 0 when there were none. */
    public double costPerEvaluationUsd() {
        return evaluations == 0 ? 0.0 : costUsd / evaluations;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d evaluations, %d prompt + %d completion tokens, $%.4f", rubric,
                evaluations, promptTokens, completionTokens, costUsd);
    }
}
