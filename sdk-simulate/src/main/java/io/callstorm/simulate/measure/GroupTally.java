package io.callstorm.simulate.measure;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link CallRecorder} counts of the calls of one persona or one path: call ends, user-perceived gaps and
 * verdicts. One per persona id and one per path id, never one per call: a run has tens of each. Order-free (counters
 * and a histogram), so a rebuild gets the same figures whatever order its lines come in. Not thread-safe.
 */
final class GroupTally {
    final String id;
    /** Gap samples in microseconds, as the run's own gap histograms. */
    final Histogram gaps;
    /** rubric -> [verdicts, passed]. */
    final Map<String, long[]> verdicts = new TreeMap<>();
    long calls;
    long cancelled;
    long errors;

    GroupTally(String id, long highestMicros) {
        this.id = id;
        this.gaps = new Histogram(highestMicros, 2);
    }

    void gap(long micros) {
        gaps.recordValue(micros);
    }

    void end(boolean error) {
        calls++;
        errors += error ? 1 : 0;
    }

    void cancelled() {
        cancelled++;
    }

    void verdict(String rubric, boolean passed) {
        long[] v = verdicts.computeIfAbsent(rubric, k -> new long[2]);
        v[0]++;
        v[1] += passed ? 1 : 0;
    }
}
