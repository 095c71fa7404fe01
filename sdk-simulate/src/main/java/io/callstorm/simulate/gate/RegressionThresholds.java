package io.callstorm.simulate.gate;

/**
 * How far a report may fall behind its baseline before {@link ReportComparison} calls it a regression; moves as
 * large the other way are improvements.
 *
 * @param rubricDropPoints        largest allowed drop of a rubric's pass rate at peak, in percentage points
 * @param p95IncreaseMs           largest allowed rise of a stage's P95 at peak, in ms
 * @param errorRateIncreasePoints largest allowed rise of the error rate over all calls, in percentage points
 */
public record RegressionThresholds(double rubricDropPoints, double p95IncreaseMs, double errorRateIncreasePoints) {
    public static final double DEFAULT_RUBRIC_DROP_POINTS = 3;
    public static final double DEFAULT_P95_INCREASE_MS = 50;
    public static final double DEFAULT_ERROR_RATE_INCREASE_POINTS = 1;

    /** The largest drop or rise in points: a pass rate or an error rate moves at most 100 points. */
    public static final double MAX_POINTS = 100;
    /** The largest allowed P95 rise: ten minutes is longer than any reply. */
    public static final double MAX_P95_INCREASE_MS = 600_000;

    public RegressionThresholds {
        if (!(rubricDropPoints >= 0 && rubricDropPoints <= MAX_POINTS) || !(p95IncreaseMs >= 0
                && p95IncreaseMs <= MAX_P95_INCREASE_MS) || !(errorRateIncreasePoints >= 0
                && errorRateIncreasePoints <= MAX_POINTS)) {
            throw new IllegalArgumentException("regression thresholds must be 0..100 points and 0..600000 ms, were "
                    + rubricDropPoints + " points, " + p95IncreaseMs + " ms, " + errorRateIncreasePoints + " points");
        }
    }

    /** A rubric down more than 3 points, a stage P95 up more than 50 ms, the error rate up more than 1 point. */
    public static RegressionThresholds defaults() {
        return new RegressionThresholds(DEFAULT_RUBRIC_DROP_POINTS, DEFAULT_P95_INCREASE_MS,
                DEFAULT_ERROR_RATE_INCREASE_POINTS);
    }
}
