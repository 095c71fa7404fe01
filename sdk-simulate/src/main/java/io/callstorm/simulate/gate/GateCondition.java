package io.callstorm.simulate.gate;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One threshold of a {@link Gate}: a metric of the report at peak, an operator and a limit.
 *
 * @param name      the metric as written, e.g. {@code conversation_resolution}, {@code user_perceived_gap.p95},
 *                  {@code error_rate}
 * @param metric    what is measured
 * @param subject   the rubric or stage wire name; empty for error rates
 * @param operator  one of {@code >=}, {@code >}, {@code <=}, {@code <}
 * @param limit     the threshold: a fraction for rates, milliseconds for latency, points for drift
 */
public record GateCondition(String name, Metric metric, String subject, String operator, double limit) {
    /** What a condition measures. */
    public enum Metric {
        /** A rubric's pass rate at the peak bucket, 0..1. */
        PASS_RATE,
        /** A stage's P50 at the peak bucket, ms. */
        P50,
        /** A stage's P95 at the peak bucket, ms. */
        P95,
        /** A stage's P99 at the peak bucket, ms. */
        P99,
        /** Share of all calls that ended in error, 0..1. */
        ERROR_RATE,
        /** Share of the calls that ended in the peak bucket in error, 0..1. */
        ERROR_RATE_AT_PEAK,
        /** A rubric's pass rate at peak minus at the lowest concurrency, in percentage points. */
        DRIFT;

        boolean isLatency() {
            return this == P50 || this == P95 || this == P99;
        }

        boolean isRate() {
            return this == PASS_RATE || this == ERROR_RATE || this == ERROR_RATE_AT_PEAK;
        }
    }

    public GateCondition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(subject, "subject");
        if (!operator.equals(">=") && !operator.equals(">") && !operator.equals("<=") && !operator.equals("<")) {
            throw new IllegalArgumentException("operator must be one of >=, >, <=, <; was " + operator);
        }
        if (Double.isNaN(limit) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("limit must be a finite number, was " + limit);
        }
    }

    /** The rubric whose pass rate or drift is checked, if this checks a rubric. */
    public Optional<String> rubric() {
        return metric == Metric.PASS_RATE || metric == Metric.DRIFT ? Optional.of(subject) : Optional.empty();
    }

    /** The stage whose latency is checked, if this checks a stage. */
    public Optional<String> stage() {
        return metric.isLatency() ? Optional.of(subject) : Optional.empty();
    }

    /** Whether {@code actual} meets the condition. */
    public boolean holds(double actual) {
        return switch (operator) {
            case ">=" -> actual >= limit;
            case ">" -> actual > limit;
            case "<=" -> actual <= limit;
            default -> actual < limit;
        };
    }

    /** The threshold as the report shows it, e.g. {@code >= 0.80}, {@code < 800 ms}, {@code >= -5.0 points}. */
    public String threshold() {
        if (metric.isLatency()) {
            return operator + " " + trim(limit) + " ms";
        }
        if (metric == Metric.DRIFT) {
            return operator + " " + trim(limit) + " points";
        }
        return operator + " " + String.format(Locale.ROOT, limit < 0.01 && limit > 0 ? "%.4f" : "%.2f", limit);
    }

    /** The condition as it can be written back to {@code --gate}. */
    @Override
    public String toString() {
        return name + operator + (metric.isLatency() ? trim(limit) + "ms" : trim(limit));
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
