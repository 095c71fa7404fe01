package io.callstorm.simulate.analysis;

import java.util.List;
import java.util.OptionalInt;

/**
 * Classifies a latency-vs-concurrency curve as flat, linear, knee or cliff from the points alone.
 *
 * <p>Rule: a curve whose last point is less than 20 ms and 15% above its first is <b>flat</b>. Otherwise
 * one straight line and the best two-segment fit (every breakpoint tried, least squares) are compared:
 * when two segments explain the curve at least twice as well as one and the right segment is at least
 * three times steeper, the curve <b>bends</b> where the two lines meet — a <b>cliff</b> if that is in the
 * first 15% of the concurrency range, else a <b>knee</b>. Anything else is <b>linear</b>.
 */
public final class CurveShape {
    /** A classified curve. */
    public record Result(String shape, OptionalInt bendConcurrency) {
    }

    static final double FLAT_MS = 20;
    static final double FLAT_RELATIVE = 0.15;

    private CurveShape() {
    }

    /** @param points (concurrency, value) pairs in increasing concurrency */
    public static Result classify(List<double[]> points) {
        int n = points.size();
        if (n < 3) {
            return new Result("flat", OptionalInt.empty());
        }
        double first = points.get(0)[1];
        double last = points.get(n - 1)[1];
        double rise = last - first;
        if (rise < FLAT_MS || rise < FLAT_RELATIVE * Math.max(first, 1)) {
            return new Result("flat", OptionalInt.empty());
        }
        double[] one = fit(points, 0, n);
        double sseOne = one[2];
        double bestSse = Double.MAX_VALUE;
        double[] bestL = null;
        double[] bestR = null;
        int bestB = -1;
        for (int b = 2; b <= n - 2; b++) {
            double[] l = fit(points, 0, b);
            double[] r = fit(points, b - 1, n);
            double sse = l[2] + r[2];
            if (sse < bestSse) {
                bestSse = sse;
                bestL = l;
                bestR = r;
                bestB = b;
            }
        }
        double xMin = points.get(0)[0];
        double xMax = points.get(n - 1)[0];
        if (bestL != null && bestSse <= 0.5 * sseOne && bestR[0] > 3 * Math.max(bestL[0], 1e-9)) {
            double x = bestL[0] == bestR[0] ? points.get(bestB - 1)[0] : (bestR[1] - bestL[1]) / (bestL[0] - bestR[0]);
            double lo = points.get(Math.max(0, bestB - 2))[0];
            double hi = points.get(Math.min(n - 1, bestB))[0];
            x = Math.max(lo, Math.min(hi, x));
            String shape = x - xMin <= 0.15 * (xMax - xMin) ? "cliff" : "knee";
            return new Result(shape, OptionalInt.of((int) Math.round(x)));
        }
        return new Result("linear", OptionalInt.empty());
    }

    /** Least-squares line over points[from, to): slope, intercept, sum of squared errors. */
    static double[] fit(List<double[]> points, int from, int to) {
        int n = to - from;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = from; i < to; i++) {
            double x = points.get(i)[0], y = points.get(i)[1];
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double den = n * sxx - sx * sx;
        double slope = den == 0 ? 0 : (n * sxy - sx * sy) / den;
        double intercept = (sy - slope * sx) / n;
        double sse = 0;
        for (int i = from; i < to; i++) {
            double e = points.get(i)[1] - (slope * points.get(i)[0] + intercept);
            sse += e * e;
        }
        return new double[] {slope, intercept, sse};
    }
}
