package io.callstorm.simulate.gate;

import java.util.Locale;

/**
 * A confidence interval: the range a measured figure's true value lies in at the comparison's confidence, in the
 * figure's own unit (a fraction for rates, ms for latency, points or ms for a difference).
 *
 * @param low  the lower end, inclusive
 * @param high the upper end, inclusive; never below {@code low}
 */
public record Interval(double low, double high) {
    public Interval {
        if (Double.isNaN(low) || Double.isNaN(high) || high < low) {
            throw new IllegalArgumentException("an interval needs low <= high, was [" + low + ", " + high + "]");
        }
    }

    /** Whether {@code value} lies inside, ends included. */
    public boolean contains(double value) {
        return value >= low && value <= high;
    }

    /** The interval in text, each end as {@code format} writes it, e.g. {@code [0.490, 0.943]}. */
    public String format(String format) {
        return "[" + String.format(Locale.ROOT, format, low) + ", " + String.format(Locale.ROOT, format, high) + "]";
    }

    @Override
    public String toString() {
        return format("%.4f");
    }
}
