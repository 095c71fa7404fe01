package io.callstorm.eval.pool;

import io.callstorm.eval.EvalInput;
import io.callstorm.eval.EvalResult;

import java.util.List;
import java.util.Objects;

/**
 * One conversation with its results, as {@link EvaluationPool} hands it to the callback.
 *
 * @param input   what was scored (its {@link EvalInput#conversation()} for a submitted conversation)
 * @param results one result per evaluator, in the pool's evaluator order; a result may be an error
 */
public record ScoredConversation(EvalInput input, List<EvalResult> results) {
    public ScoredConversation {
        Objects.requireNonNull(input, "input");
        results = List.copyOf(results);
    }
}
