package io.callstorm.simulate.gate.internal;

import io.callstorm.simulate.gate.Interval;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConfidenceIntervalsTest {
    @Test
    void zIsTheNormalQuantile() {
        assertThat(ConfidenceIntervals.z(0.95)).isCloseTo(1.95996, within(1e-5));
        assertThat(ConfidenceIntervals.z(0.99)).isCloseTo(2.57583, within(1e-5));
    }

    @Test
    void wilsonMatchesPublishedValues() {
        Interval eightOfTen = ConfidenceIntervals.wilson(8, 10, 0.95);
        assertThat(eightOfTen.low()).isCloseTo(0.490, within(0.0005));
        assertThat(eightOfTen.high()).isCloseTo(0.943, within(0.0005));
        // Newcombe (1998), table I: 81/263 -> 0.2553 to 0.3662
        Interval newcombe = ConfidenceIntervals.wilson(81, 263, 0.95);
        assertThat(newcombe.low()).isCloseTo(0.2553, within(0.00005));
        assertThat(newcombe.high()).isCloseTo(0.3662, within(0.00005));
        // at the edges it stays inside 0..1 and is not a point, unlike the normal interval
        Interval none = ConfidenceIntervals.wilson(0, 10, 0.95);
        assertThat(none.low()).isZero();
        assertThat(none.high()).isCloseTo(0.2775, within(0.0005));
        assertThat(ConfidenceIntervals.wilson(0, 0, 0.95)).isEqualTo(new Interval(0, 1));
    }

    @Test
    void wilsonNarrowsWithCallsAndWidensWithConfidence() {
        Interval few = ConfidenceIntervals.wilson(16, 20, 0.95);
        Interval many = ConfidenceIntervals.wilson(1_600, 2_000, 0.95);
        Interval surer = ConfidenceIntervals.wilson(16, 20, 0.99);
        assertThat(many.high() - many.low()).isLessThan((few.high() - few.low()) / 5);
        assertThat(surer.low()).isLessThan(few.low());
        assertThat(surer.high()).isGreaterThan(few.high());
    }

    @Test
    void differenceOfTwoWilsonIntervalsIsNewcombesHybridScoreInterval() {
        // Newcombe (1998), example (a): 56/70 vs 48/80, difference 0.2000, method 10: 0.0524 to 0.3339
        Interval d = ConfidenceIntervals.difference(48 / 80.0, ConfidenceIntervals.wilson(48, 80, 0.95),
                56 / 70.0, ConfidenceIntervals.wilson(56, 70, 0.95));
        assertThat(d.low()).isCloseTo(0.0524, within(0.00005));
        assertThat(d.high()).isCloseTo(0.3339, within(0.00005));
    }

    @Test
    void quantileRanksAreTheTextbookOrderStatistics() {
        // the 95% interval of the median of 100 samples runs from the 40th to the 61st smallest
        assertThat(ConfidenceIntervals.quantileRanks(100, 0.5, 0.95)).containsExactly(40, 61);
        // a P95 of 20 samples may be above the largest: the upper rank is past the end
        assertThat(ConfidenceIntervals.quantileRanks(20, 0.95, 0.95)[1]).isEqualTo(21);
    }

    @Test
    void quantileIntervalReadsTheSamplesAtThoseRanks() {
        double[] sorted = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        assertThat(ConfidenceIntervals.quantile(sorted, 0.5, 0.95)).isEqualTo(new Interval(40, 61));
        double[] few = IntStream.rangeClosed(1, 20).asDoubleStream().toArray();
        assertThat(ConfidenceIntervals.quantile(few, 0.95, 0.95).high()).isEqualTo(20);
    }

    @Test
    void quantileFromSummaryInterpolatesBetweenTheKnownPercentiles() {
        // 10,000 samples: the P95's ranks are about 0.9457 and 0.9543, between the median (500) and P95 (700), and
        // between P95 and P99 (800)
        Interval i = ConfidenceIntervals.quantileFromSummary(10_000, 0.95, 0.95, 500, 700, 800, 1_000);
        assertThat(i.low()).isBetween(680.0, 700.0);
        assertThat(i.high()).isBetween(700.0, 720.0);
        // 20 samples: as wide as the summary can show
        Interval wide = ConfidenceIntervals.quantileFromSummary(20, 0.95, 0.95, 500, 700, 800, 1_000);
        assertThat(wide.low()).isCloseTo(655.6, within(0.1)); // rank 17 of 20: 0.85, between the median and P95
        assertThat(wide.high()).isEqualTo(1_000);
    }
}
