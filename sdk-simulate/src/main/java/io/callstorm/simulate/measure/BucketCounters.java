package io.callstorm.simulate.measure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Fixed-width rows of counters, one row per concurrency bucket, created on first use and merged when buckets
 * coarsen. Not thread-safe.
 */
final class BucketCounters {
    private final int width;
    private final List<long[]> rows = new ArrayList<>();

    /** @param width counters per bucket */
    BucketCounters(int width) {
        this.width = width;
    }

    /** The counters of bucket {@code i}, created (zeroed) if needed. */
    long[] at(int i) {
        while (rows.size() <= i) {
            rows.add(null);
        }
        long[] r = rows.get(i);
        if (r == null) {
            r = new long[width];
            rows.set(i, r);
        }
        return r;
    }

    /** Rows by bucket index; a bucket never touched is {@code null}. */
    List<long[]> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** An independent copy. */
    BucketCounters copy() {
        BucketCounters c = new BucketCounters(width);
        for (long[] r : rows) {
            c.rows.add(r == null ? null : r.clone());
        }
        return c;
    }

    /** Merges every {@code factor} adjacent buckets into one, in place (bucket i becomes i / factor). */
    void coarsen(int factor) {
        List<long[]> merged = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            long[] r = rows.get(i);
            if (r == null) {
                continue;
            }
            int j = i / factor;
            while (merged.size() <= j) {
                merged.add(null);
            }
            if (merged.get(j) == null) {
                merged.set(j, r);
            } else {
                long[] into = merged.get(j);
                for (int k = 0; k < width; k++) {
                    into[k] += r[k];
                }
            }
        }
        rows.clear();
        rows.addAll(merged);
    }
}
