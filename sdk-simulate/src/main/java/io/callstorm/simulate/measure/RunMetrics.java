package io.callstorm.simulate.measure;

import io.callstorm.core.Stage;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything the harness loop measures, per (stage, concurrency bucket): latency HdrHistograms in
 * microseconds, and per-bucket call ends and errors (which errors they were is read from the call lines).
 * Touched only by the loop thread.
 */
public final class RunMetrics {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final ConcurrencyBuckets buckets;
    private final Map<Stage, List<Histogram>> latency = new EnumMap<>(Stage.class);
    private final BucketCounters sampleConcurrency = new BucketCounters(2); // [sum, count] of latency samples
    private final BucketCounters callEnds = new BucketCounters(3);          // [calls, errors, concurrency sum]

    public RunMetrics(int initialBucketWidth) {
        this.buckets = new ConcurrencyBuckets(initialBucketWidth);
        for (Stage s : Stage.values()) {
            latency.put(s, new ArrayList<>());
        }
    }

    public ConcurrencyBuckets buckets() {
        return buckets;
    }

    public void recordLatency(Stage stage, long micros, int concurrency) {
        int i = bucket(concurrency);
        List<Histogram> hs = latency.get(stage);
        while (hs.size() <= i) {
            hs.add(null);
        }
        Histogram h = hs.get(i);
        if (h == null) {
            h = new Histogram(HIGHEST_MICROS, 2);
            hs.set(i, h);
        }
        h.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
        long[] c = sampleConcurrency.at(i);
        c[0] += concurrency;
        c[1]++;
    }

    public void recordCallEnd(int concurrency, boolean error) {
        long[] c = callEnds.at(bucket(concurrency));
        c[0]++;
        if (error) {
            c[1]++;
        }
        c[2] += concurrency;
    }

    public Map<Stage, List<Histogram>> latency() {
        return latency;
    }

    /** Mean concurrency of the latency samples in bucket {@code i}. */
    public int meanSampleConcurrency(int i) {
        List<long[]> rows = sampleConcurrency.rows();
        if (i >= rows.size() || rows.get(i) == null || rows.get(i)[1] == 0) {
            return buckets.lowerBound(i) + buckets.width() / 2;
        }
        long[] c = rows.get(i);
        return (int) Math.round((double) c[0] / c[1]);
    }

    public List<long[]> callEnds() {
        return callEnds.rows();
    }

    private int bucket(int concurrency) {
        int n = buckets.coarseningsNeeded(concurrency);
        for (int k = 0; k < n; k++) {
            coarsen();
        }
        return buckets.index(concurrency);
    }

    /** Doubles the bucket width and merges each pair of buckets. */
    private void coarsen() {
        buckets.doubleWidth();
        for (List<Histogram> hs : latency.values()) {
            List<Histogram> merged = new ArrayList<>();
            for (int i = 0; i < hs.size(); i += 2) {
                Histogram a = hs.get(i);
                Histogram b = i + 1 < hs.size() ? hs.get(i + 1) : null;
                if (a == null) {
                    merged.add(b);
                } else {
                    if (b != null) {
                        a.add(b);
                    }
                    merged.add(a);
                }
            }
            hs.clear();
            hs.addAll(merged);
        }
        sampleConcurrency.coarsen(2);
        callEnds.coarsen(2);
    }
}
