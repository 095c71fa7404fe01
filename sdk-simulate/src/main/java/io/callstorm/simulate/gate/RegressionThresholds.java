package io.callstorm.simulate.gate;

/**
 * How far a report may fall behind its baseline before {@link ReportComparison} calls it a regression, and how sure
 * it must be: a move is a regression (or, the other way, an improvement) only when it is larger than the threshold
 * <em>and</em> its confidence interval at {@code confidence} leaves out zero; a larger move inside the noise is
 * "not enough calls to tell".
 *
 * @param rubricDropPoints        largest allowed drop of a rubric's pass rate at peak, in percentage points
 * @param p95IncreaseMs           largest allowed rise of a stage's P95 at peak, in ms
 * @param errorRateIncreasePoints largest allowed rise of the error rate over all calls, in percentage points
 * @param confidence              how sure a verdict must be, {@value #MIN_CONFIDENCE} to {@value #MAX_CONFIDENCE}
 *                                ({@value #DEFAULT_CONFIDENCE}: 95%)
 */
public record RegressionThresholds(double rubricDropPoints, double p95IncreaseMs, double errorRateIncreasePoints,
                                   double confidence) {
    public static final double DEFAULT_RUBRIC_DROP_POINTS = 3;
    public static final double DEFAULT_P95_INCREASE_MS = 50;
    public static final double DEFAULT_ERROR_RATE_INCREASE_POINTS = 1;
    public static final double DEFAULT_CONFIDENCE = 0.95;

    /** The largest drop or rise in points: a pass rate or an error rate moves at most 100 points. */
    public static final double MAX_POINTS = 100;
    /** The largest allowed P95 rise: ten minutes is longer than any reply. */
    public static final double MAX_P95_INCREASE_MS = 600_000;
    /** Below even odds a verdict says nothing. */
    public static final double MIN_CONFIDENCE = 0.5;
    /** Closer to 1 and no number of calls is ever enough. */
    public static final double MAX_CONFIDENCE = 0.999;

    public RegressionThresholds {
        if (!(rubricDropPoints >= 0 && rubricDropPoints <= MAX_POINTS) || !(p95IncreaseMs >= 0
                && p95IncreaseMs <= MAX_P95_INCREASE_MS) || !(errorRateIncreasePoints >= 0
                && errorRateIncreasePoints <= MAX_POINTS)) {
            throw new IllegalArgumentException("regression thresholds must be 0..100 points and 0..600000 ms, were "
                    + rubricDropPoints + " points, " + p95IncreaseMs + " ms, " + errorRateIncreasePoints + " points");
        }
        if (!(confidence >= MIN_CONFIDENCE && confidence <= MAX_CONFIDENCE)) {
            throw new IllegalArgumentException("confidence must be between " + MIN_CONFIDENCE + " and "
                    + MAX_CONFIDENCE + ", e.g. 0.95, was " + confidence);
        }
    }

    /** These thresholds at the default confidence, {@value #DEFAULT_CONFIDENCE}. */
    public RegressionThresholds(double rubricDropPoints, double p95IncreaseMs, double errorRateIncreasePoints) {
        this(rubricDropPoints, p95IncreaseMs, errorRateIncreasePoints, DEFAULT_CONFIDENCE);
    }

    /**
     * A rubric down more than 3 points, a stage P95 up more than 50 ms, the error rate up more than 1 point, each
     * at 95% confidence.
     */
    public static RegressionThresholds defaults() {
        return new RegressionThresholds(DEFAULT_RUBRIC_DROP_POINTS, DEFAULT_P95_INCREASE_MS,
                DEFAULT_ERROR_RATE_INCREASE_POINTS, DEFAULT_CONFIDENCE);
    }

    /** These thresholds at another confidence (0.5..0.999). */
    public RegressionThresholds withConfidence(double newConfidence) {
        return new RegressionThresholds(rubricDropPoints, p95IncreaseMs, errorRateIncreasePoints, newConfidence);
    }
}
