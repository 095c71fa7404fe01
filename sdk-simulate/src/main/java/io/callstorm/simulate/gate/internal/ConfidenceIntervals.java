package io.callstorm.simulate.gate.internal;

import io.callstorm.simulate.gate.Interval;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.Arrays;

/**
 * The interval maths of comparisons, each a textbook method chosen for small samples:
 * <ul>
 *   <li>a rate: the Wilson score interval (Wilson 1927), which keeps its coverage near 0 and 1 and at a few calls,
 *       where the normal ("Wald") interval collapses to a point;</li>
 *   <li>a percentile over raw samples: the distribution-free order-statistic interval, whose ends are the samples
 *       at the ranks a Binomial(n, q) puts the quantile between (exact for independent samples, no resampling, so
 *       deterministic and one sort long);</li>
 *   <li>a difference of two independent figures: MOVER (Zou and Donner 2008), which recovers the difference's
 *       interval from the two intervals; for two Wilson intervals it is Newcombe's hybrid score interval
 *       (Newcombe 1998, method 10).</li>
 * </ul>
 */
public final class ConfidenceIntervals {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private ConfidenceIntervals() {
    }

    /** The two-sided standard-normal quantile of {@code confidence}: 1.96 at 0.95. */
    public static double z(double confidence) {
        return STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    }

    /** The Wilson score interval of {@code successes} out of {@code trials} ({@code [0, 1]} without trials). */
    public static Interval wilson(long successes, long trials, double confidence) {
        if (trials <= 0) {
            return new Interval(0, 1);
        }
        double n = trials;
        double p = Math.min(1, Math.max(0, successes / n));
        double z = z(confidence);
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * The 1-based ranks {@code {low, high}} of the order statistics that hold the {@code quantile} (0..1) of the
     * population between them with at least {@code confidence}, out of {@code n} samples; {@code high} may be
     * {@code n + 1}, meaning "above the largest sample", and {@code low} 0, "below the smallest".
     */
    public static int[] quantileRanks(int n, double quantile, double confidence) {
        if (n <= 0) {
            return new int[] {0, 1};
        }
        double tail = (1 - confidence) / 2;
        BinomialDistribution below = new BinomialDistribution(null, n, quantile);
        // X(l) <= q-th quantile when at least l samples lie below it: P(B >= l) >= 1 - tail
        int low = below.inverseCumulativeProbability(tail);
        // X(u) >= q-th quantile when fewer than u samples lie below it: P(B <= u - 1) >= 1 - tail
        int high = below.inverseCumulativeProbability(1 - tail) + 1;
        return new int[] {Math.max(0, low), Math.min(n + 1, high)};
    }

    /**
     * The order-statistic interval of the {@code quantile} of {@code sorted} samples (ascending). An end beyond the
     * samples is the smallest or largest sample: the interval is then as wide as the data can show, not wider.
     */
    public static Interval quantile(double[] sorted, double quantile, double confidence) {
        int n = sorted.length;
        if (n == 0) {
            return new Interval(0, 0);
        }
        int[] ranks = quantileRanks(n, quantile, confidence);
        double low = sorted[Math.max(1, ranks[0]) - 1];
        double high = sorted[Math.min(n, ranks[1]) - 1];
        return new Interval(low, Math.max(low, high));
    }

    /**
     * The quantile's interval when only a histogram's summary is known: the same ranks, read from the quantile
     * function drawn straight between the known points (rank 0 at 0 ms, the median, P95, P99, the maximum at rank
     * 1). An approximation: coarse below the median, and no better than the summary's own precision.
     */
    public static Interval quantileFromSummary(long count, double quantile, double confidence, double p50,
                                               double p95, double p99, double max) {
        int n = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(0, count));
        if (n == 0) {
            return new Interval(0, 0);
        }
        int[] ranks = quantileRanks(n, quantile, confidence);
        double[] at = {0, 0.5, 0.95, 0.99, 1};
        double[] ms = {0, p50, Math.max(p50, p95), Math.max(Math.max(p50, p95), p99),
                Math.max(Math.max(Math.max(p50, p95), p99), max)};
        double low = interpolate(at, ms, (double) ranks[0] / n);
        double high = interpolate(at, ms, Math.min(1, (double) ranks[1] / n));
        return new Interval(low, Math.max(low, high));
    }

    private static double interpolate(double[] x, double[] y, double at) {
        int i = Arrays.binarySearch(x, at);
        if (i >= 0) {
            return y[i];
        }
        int hi = -i - 1;
        if (hi <= 0) {
            return y[0];
        }
        if (hi >= x.length) {
            return y[y.length - 1];
        }
        double f = (at - x[hi - 1]) / (x[hi] - x[hi - 1]);
        return y[hi - 1] + f * (y[hi] - y[hi - 1]);
    }

    /**
     * The interval of {@code current - base}, two independent estimates with their own intervals, by MOVER: each
     * end moves from the difference by the root of the squared distances to the ends that pull it that way.
     */
    public static Interval difference(double base, Interval baseInterval, double current, Interval currentInterval) {
        double d = current - base;
        double low = d - Math.sqrt(square(current - currentInterval.low()) + square(baseInterval.high() - base));
        double high = d + Math.sqrt(square(currentInterval.high() - current) + square(base - baseInterval.low()));
        return new Interval(Math.min(low, d), Math.max(high, d));
    }

    private static double square(double v) {
        return v * v;
    }
}
