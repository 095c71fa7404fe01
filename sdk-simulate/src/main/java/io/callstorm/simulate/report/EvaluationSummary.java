package io.callstorm.simulate.report;

import java.util.List;
import java.util.Optional;

/**
 * The {@code evaluation} section of {@code report.json}: how the run's calls were scored, per rubric and in all.
 *
 * @param policy               what handing over a call did when the queue was full: {@code DROP_AND_COUNT} or
 *                             {@code WAIT}; empty when unknown
 * @param threads              evaluation worker threads
 * @param queueCapacity        calls that could wait to be scored
 * @param conversationsScored  calls scored (as {@code harness.evaluationsDone})
 * @param conversationsDropped calls not scored (as {@code harness.evaluationsDropped})
 * @param rubrics              one row per rubric, in scoring order
 * @param total                the sum of the rows, named {@code total}
 * @param failures             examples of failed verdicts, up to {@value #EXAMPLES_PER_RUBRIC} per rubric: those at the
 *                             highest concurrency (where a load test's failures matter), ties by call id, so the
 *                             same calls give the same examples in any order; empty in reports written before
 * @param sample               the share of calls the run scored ({@code EvaluationConfig.sample()}), 1 for all
 * @param conversationsSampledOut calls left out of that share: not scored by choice, so neither dropped nor failed
 */
public record EvaluationSummary(String policy, int threads, int queueCapacity, long conversationsScored,
                                long conversationsDropped, List<RubricEvaluation> rubrics, RubricEvaluation total,
                                List<FailedVerdict> failures, double sample, long conversationsSampledOut) {
    /** Examples of failed verdicts kept per rubric. */
    public static final int EXAMPLES_PER_RUBRIC = 5;

    public EvaluationSummary {
        policy = policy == null ? "" : policy;
        rubrics = rubrics == null ? List.of() : List.copyOf(rubrics);
        total = total == null ? new RubricEvaluation("total", "", 0, 0, 0, 0, 0, 0, 0, 0, 0) : total;
        failures = failures == null ? List.of() : List.copyOf(failures);
        sample = sample > 0 && sample <= 1 ? sample : 1; // absent from reports written before sampling: all
    }

    /** A section of a run that scored every call. */
    public EvaluationSummary(String policy, int threads, int queueCapacity, long conversationsScored,
                             long conversationsDropped, List<RubricEvaluation> rubrics, RubricEvaluation total,
                             List<FailedVerdict> failures) {
        this(policy, threads, queueCapacity, conversationsScored, conversationsDropped, rubrics, total, failures, 1, 0);
    }

    /** A section without examples of failed verdicts. */
    public EvaluationSummary(String policy, int threads, int queueCapacity, long conversationsScored,
                             long conversationsDropped, List<RubricEvaluation> rubrics, RubricEvaluation total) {
        this(policy, threads, queueCapacity, conversationsScored, conversationsDropped, rubrics, total, List.of());
    }

    /** No section: a report written before it was added. */
    public static EvaluationSummary none() {
        return new EvaluationSummary("", 0, 0, 0, 0, List.of(), null);
    }

    /** The row of one rubric. */
    public Optional<RubricEvaluation> rubric(String name) {
        return rubrics.stream().filter(r -> r.rubric().equals(name)).findFirst();
    }
}
