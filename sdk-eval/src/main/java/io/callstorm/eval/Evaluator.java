package io.callstorm.eval;

import io.callstorm.core.Conversation;

/**
 * Scores finished conversations on one rubric.
 *
 * <p>Implementations must be thread-safe (one instance scores many conversations concurrently),
 * deterministic (the same conversation always gets the same result) and must never throw for a
 * well-formed conversation: a conversation the rubric cannot judge, such as one without agent turns,
 * gets a failing result whose reason says why.
 *
 * <pre>{@code
 * for (Evaluator evaluator : LocalEvaluators.all()) {
 *     EvalResult result = evaluator.evaluate(conversation);
 *     System.out.println(result.rubric() + " " + result.passed() + ": " + result.reason());
 * }
 * }</pre>
 */
public interface Evaluator {
    /** The rubric this evaluator scores, one of {@link Rubrics}. */
    String rubric();

    /** Scores one conversation. */
    EvalResult evaluate(Conversation conversation);
}
