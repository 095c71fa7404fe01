package io.callstorm.simulate.report;

import java.util.Arrays;

/**
 * A run's calls in progress over time, sampled on the run's clock: {@code calls[i]} calls were in progress
 * {@code atMillis[i]} ms after the run's start. A shard writes it to {@code shard.json} so that a merge can add up
 * the shards' calls in progress at the instant of any measurement. The run samples every
 * {@link #SAMPLE_INTERVAL_MILLIS} ms (and once at its end).
 *
 * @param atMillis when each sample was taken, ascending, in ms after the run's start
 * @param calls    calls in progress then
 */
public record InFlightSeries(long[] atMillis, int[] calls) {
    /** How often a run samples its calls in progress. */
    public static final long SAMPLE_INTERVAL_MILLIS = 100;

    public InFlightSeries {
        atMillis = atMillis == null ? new long[0] : atMillis.clone();
        calls = calls == null ? new int[0] : calls.clone();
        if (atMillis.length != calls.length) {
            throw new IllegalArgumentException("atMillis and calls must be as long, were " + atMillis.length + " and "
                    + calls.length);
        }
    }

    /** No sample. */
    public static InFlightSeries empty() {
        return new InFlightSeries(new long[0], new int[0]);
    }

    @Override
    public long[] atMillis() {
        return atMillis.clone();
    }

    @Override
    public int[] calls() {
        return calls.clone();
    }

    public int size() {
        return calls.length;
    }

    /**
     * The calls in progress {@code millis} after the run's start: the last sample at or before it; 0 before the first
     * sample and after the last (the run had not started, or had ended).
     */
    public int at(long millis) {
        if (calls.length == 0 || millis < atMillis[0] || millis > atMillis[atMillis.length - 1]) {
            return 0;
        }
        int i = Arrays.binarySearch(atMillis, millis);
        if (i < 0) {
            i = -i - 2; // the sample before the insertion point
        } else {
            while (i + 1 < atMillis.length && atMillis[i + 1] == millis) {
                i++; // equal times: the latest sample
            }
        }
        return calls[i];
    }

    /** The most calls in progress at a sample. */
    public int peak() {
        int peak = 0;
        for (int c : calls) {
            peak = Math.max(peak, c);
        }
        return peak;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InFlightSeries other && Arrays.equals(atMillis, other.atMillis)
                && Arrays.equals(calls, other.calls);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(atMillis) + Arrays.hashCode(calls);
    }

    @Override
    public String toString() {
        return "InFlightSeries[" + calls.length + " samples, peak " + peak() + "]";
    }
}
