package io.callstorm.simulate.measure;

import io.callstorm.core.CallStatus;
import io.callstorm.simulate.report.Timeline;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load over time, from each call's start and end and its replies' gaps. Intervals start at a second and
 * double (merging pairs) whenever the run outgrows {@link Timeline#MAX_ROWS} of them; since a call's interval
 * at the doubled width is its interval at the old width halved, the result does not depend on the order calls
 * arrive in — a report rebuilt from calls.jsonl gets the same rows as the run's own.
 */
final class TimelineBuilder {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private double interval = 1.0;
    private final List<long[]> counts = new ArrayList<>();    // [started, ended, errors, concurrency delta]
    private final List<Histogram> gaps = new ArrayList<>();

    void add(CallLine line) {
        double start = line.startedAtSeconds();
        double end = Math.max(start, line.endedAtSeconds());
        fit(end);
        for (CallLine.Turn t : line.turns()) {
            if (t.gapMs().isPresent()) {
                fit(start + t.atMs() / 1000.0);
            }
        }
        slot(floor(start))[0]++;
        long[] e = slot(floor(end));
        e[1]++;
        if (line.status() != CallStatus.COMPLETED && line.status() != CallStatus.CANCELLED) {
            e[2]++;
        }
        // in progress at the points k*interval with start <= k*interval < end
        int from = ceil(start);
        int to = ceil(end);
        if (to > from) {
            slot(from)[3]++;
            slot(to)[3]--;
        }
        for (CallLine.Turn t : line.turns()) {
            if (t.gapMs().isPresent()) {
                int i = floor(start + t.atMs() / 1000.0);
                while (gaps.size() <= i) {
                    gaps.add(null);
                }
                Histogram h = gaps.get(i);
                if (h == null) {
                    h = new Histogram(HIGHEST_MICROS, 2);
                    gaps.set(i, h);
                }
                h.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, Math.round(t.gapMs().get() * 1000))));
            }
        }
    }

    Timeline build() {
        List<Timeline.Row> rows = new ArrayList<>();
        long concurrency = 0;
        int last = -1;
        for (int i = 0; i < counts.size(); i++) {
            if (counts.get(i) != null && (counts.get(i)[0] + counts.get(i)[1]) > 0) {
                last = i;
            }
        }
        for (int i = 0; i <= last; i++) {
            long[] c = counts.get(i) == null ? new long[4] : counts.get(i);
            concurrency += c[3];
            Histogram h = i < gaps.size() ? gaps.get(i) : null;
            double p95 = h == null ? 0 : Math.round(h.getValueAtPercentile(95) / 100.0) / 10.0;
            rows.add(new Timeline.Row(Math.round(i * interval * 1000) / 1000.0, (int) concurrency, c[0], c[1], c[2], p95));
        }
        return new Timeline(interval, rows);
    }

    /** Widens the intervals until {@code seconds} falls within the row limit. */
    private void fit(double seconds) {
        while (floor(seconds) >= Timeline.MAX_ROWS) {
            interval *= 2;
            List<long[]> merged = new ArrayList<>();
            for (int k = 0; k * 2 - 1 < counts.size(); k++) {
                long[] m = new long[4];
                boolean any = false;
                // counts by floor(t / interval): old 2k and 2k+1 become k; the concurrency delta sits at ceil(...):
                // old 2k-1 and 2k become k
                for (int j : new int[] {2 * k, 2 * k + 1}) {
                    if (j < counts.size() && counts.get(j) != null) {
                        long[] o = counts.get(j);
                        m[0] += o[0];
                        m[1] += o[1];
                        m[2] += o[2];
                        any = true;
                    }
                }
                for (int j : new int[] {2 * k - 1, 2 * k}) {
                    if (j >= 0 && j < counts.size() && counts.get(j) != null) {
                        m[3] += counts.get(j)[3];
                        any = true;
                    }
                }
                merged.add(any ? m : null);
            }
            counts.clear();
            counts.addAll(merged);
            List<Histogram> mergedGaps = new ArrayList<>();
            for (int k = 0; 2 * k < gaps.size(); k++) {
                Histogram a = gaps.get(2 * k);
                Histogram b = 2 * k + 1 < gaps.size() ? gaps.get(2 * k + 1) : null;
                if (a == null) {
                    mergedGaps.add(b);
                } else {
                    if (b != null) {
                        a.add(b);
                    }
                    mergedGaps.add(a);
                }
            }
            gaps.clear();
            gaps.addAll(mergedGaps);
        }
    }

    private int floor(double seconds) {
        return (int) Math.floor(seconds / interval);
    }

    private int ceil(double seconds) {
        return (int) Math.ceil(seconds / interval);
    }

    private long[] slot(int i) {
        while (counts.size() <= i) {
            counts.add(null);
        }
        long[] s = counts.get(i);
        if (s == null) {
            s = new long[4];
            counts.set(i, s);
        }
        return s;
    }
}
