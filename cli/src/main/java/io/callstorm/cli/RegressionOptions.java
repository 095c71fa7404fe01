package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.gate.RegressionThresholds;
import picocli.CommandLine.Option;

/** The thresholds of a regression against a baseline: {@code compare}, and {@code --baseline} on demo and report. */
final class RegressionOptions {
    @Option(names = "--max-rubric-drop", paramLabel = "POINTS",
            description = "Largest allowed drop of a rubric's pass rate at peak, in points (default: 3).")
    Double maxRubricDrop;

    @Option(names = "--max-p95-increase", paramLabel = "MS",
            description = "Largest allowed rise of a stage's P95 at peak, in ms (default: 50).")
    Double maxP95Increase;

    @Option(names = "--max-error-rate-increase", paramLabel = "POINTS",
            description = "Largest allowed rise of the error rate, in points (default: 1).")
    Double maxErrorRateIncrease;

    @Option(names = "--confidence", paramLabel = "LEVEL",
            description = "How sure a regression must be, 0.5 to 0.999 (default: 0.95); a move past a threshold inside "
                    + "the noise is \"not enough calls to tell\", not a regression.")
    Double confidence;

    /** Flags over {@code base} (a gate file's thresholds, or the defaults). */
    RegressionThresholds resolve(RegressionThresholds base, ProblemCollector p) {
        double drop = pick(maxRubricDrop, base.rubricDropPoints(), "--max-rubric-drop",
                RegressionThresholds.MAX_POINTS, p);
        double p95 = pick(maxP95Increase, base.p95IncreaseMs(), "--max-p95-increase",
                RegressionThresholds.MAX_P95_INCREASE_MS, p);
        double errors = pick(maxErrorRateIncrease, base.errorRateIncreasePoints(), "--max-error-rate-increase",
                RegressionThresholds.MAX_POINTS, p);
        double level = base.confidence();
        if (confidence != null) {
            level = p.check(confidence >= RegressionThresholds.MIN_CONFIDENCE
                    && confidence <= RegressionThresholds.MAX_CONFIDENCE, "--confidence", "must be between "
                    + RegressionThresholds.MIN_CONFIDENCE + " and " + RegressionThresholds.MAX_CONFIDENCE
                    + " (0.95 is 95%), was " + confidence) ? confidence : level;
        }
        return new RegressionThresholds(drop, p95, errors, level);
    }

    private static double pick(Double flag, double fallback, String name, double max, ProblemCollector p) {
        if (flag == null) {
            return fallback;
        }
        return p.check(flag >= 0 && flag <= max, name, String.format(java.util.Locale.ROOT,
                "must be between 0 and %,.0f, was %s", max, flag)) ? flag : fallback;
    }
}
