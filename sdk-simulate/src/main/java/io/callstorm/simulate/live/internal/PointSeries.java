package io.callstorm.simulate.live.internal;

import io.callstorm.simulate.live.LiveSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * The load over time at most {@code max} points long: when full, every other point is dropped and only every other
 * new point is kept from then on, so a long run keeps its whole shape at a coarser step (as the report's timeline
 * does). Not thread-safe: one ticker adds.
 */
public final class PointSeries {
    private final int max;
    private final List<LiveSnapshot.Point> points = new ArrayList<>();
    private int stride = 1;
    private long offered;

    public PointSeries(int max) {
        if (max < 2) {
            throw new IllegalArgumentException("max must be at least 2, was " + max);
        }
        this.max = max;
    }

    public void add(LiveSnapshot.Point p) {
        if (offered++ % stride != 0) {
            return;
        }
        if (points.size() == max) {
            List<LiveSnapshot.Point> kept = new ArrayList<>(max / 2 + 1);
            for (int i = 0; i < points.size(); i += 2) {
                kept.add(points.get(i));
            }
            points.clear();
            points.addAll(kept);
            stride *= 2;
            offered = 1; // p itself starts the coarser step
        }
        points.add(p);
    }

    public List<LiveSnapshot.Point> points() {
        return List.copyOf(points);
    }
}
