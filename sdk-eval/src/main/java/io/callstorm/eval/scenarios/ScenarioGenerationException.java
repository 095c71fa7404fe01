package io.callstorm.eval.scenarios;

import io.callstorm.core.validation.Problem;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The model could not produce a valid scenario graph: its answer and its repaired answer both had problems, or the
 * endpoint could not be reached. {@link #problems()} lists every problem of the last answer, each with its path in
 * the answer (e.g. {@code paths[2].steps[0].tools[1]}) and what is wrong.
 */
public final class ScenarioGenerationException extends RuntimeException {
    private final List<Problem> problems;

    ScenarioGenerationException(String summary, List<Problem> problems) {
        super(summary + (problems.isEmpty() ? "" : ":" + problems.stream().map(p -> "\n  - " + p)
                .collect(Collectors.joining())));
        this.problems = List.copyOf(problems);
    }

    ScenarioGenerationException(String summary, Throwable cause) {
        super(summary, cause);
        this.problems = List.of();
    }

    /** What was wrong with the last answer; empty when no answer came (the call itself failed). */
    public List<Problem> problems() {
        return problems;
    }
}
