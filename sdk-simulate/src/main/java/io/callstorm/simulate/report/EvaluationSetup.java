package io.callstorm.simulate.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a run scores its calls, as {@code run.json} records it so that a report rebuilt from {@code calls.jsonl}
 * says the same as the run's own.
 *
 * @param policy        what handing over a call did when the queue was full: {@code DROP_AND_COUNT} or {@code WAIT}
 * @param threads       worker threads
 * @param queueCapacity calls that could wait to be scored
 * @param evaluators    rubric to evaluator kind ({@code local}, {@code judge}, {@code remote} or {@code custom}), in
 *                      scoring order
 * @param sample        the share of calls scored, 1 for all
 */
public record EvaluationSetup(String policy, int threads, int queueCapacity, Map<String, String> evaluators,
                              double sample) {
    public EvaluationSetup {
        policy = policy == null ? "" : policy;
        evaluators = evaluators == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evaluators));
        sample = sample > 0 && sample <= 1 ? sample : 1; // absent from files written before sampling: all
    }

    /** A setup that scores every call. */
    public EvaluationSetup(String policy, int threads, int queueCapacity, Map<String, String> evaluators) {
        this(policy, threads, queueCapacity, evaluators, 1);
    }

    /** Nothing known: a report rebuilt without {@code run.json} or {@code report.json}. */
    public static EvaluationSetup unknown() {
        return new EvaluationSetup("", 0, 0, Map.of());
    }
}
