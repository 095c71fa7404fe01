package io.callstorm.simulate.report;

/**
 * {@code run.json}: what a run is, written to the output directory when it starts, beside the {@code calls.jsonl}
 * it will fill. With it, {@code callstorm report calls.jsonl} rebuilds a report identical to the run's own even
 * when the run was cut short before writing {@code report.json}.
 *
 * @param schemaVersion      always 1
 * @param simulation         what ran ({@code durationSeconds} is 0: the run has just started)
 * @param initialBucketWidth the concurrency bucket width the run started with (it doubles when concurrency
 *                           outgrows the buckets; the final width follows from the calls)
 * @param evaluation         how the calls are scored: the evaluation pool's policy, threads and queue, and each
 *                           rubric's evaluator kind (empty in files written before it was added)
 */
public record RunStart(int schemaVersion, SimulationInfo simulation, int initialBucketWidth,
                       EvaluationSetup evaluation) {
    public static final String FILE_NAME = "run.json";

    public RunStart {
        evaluation = evaluation == null ? EvaluationSetup.unknown() : evaluation;
    }

    /** A start without its evaluation setup. */
    public RunStart(int schemaVersion, SimulationInfo simulation, int initialBucketWidth) {
        this(schemaVersion, simulation, initialBucketWidth, EvaluationSetup.unknown());
    }
}
