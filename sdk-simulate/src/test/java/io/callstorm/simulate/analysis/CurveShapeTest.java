package io.callstorm.simulate.analysis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The shape rule on synthetic P95 curves whose shape is known, with a little noise like real buckets have. */
class CurveShapeTest {

    /** 40 buckets from 125 to 9,875 concurrent calls, as a 10,000-call run gives, with +-2% noise. */
    private static List<double[]> curve(DoubleUnaryOperator p95, long seed) {
        Random noise = new Random(seed);
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double x = 125 + i * 250;
            points.add(new double[] {x, p95.applyAsDouble(x) * (1 + (noise.nextDouble() - 0.5) * 0.04)});
        }
        return points;
    }

    @Test
    void flatCurveIsFlat() {
        for (long seed = 1; seed <= 20; seed++) {
            CurveShape.Result r = CurveShape.classify(curve(x -> 130, seed));
            assertThat(r.shape()).as("seed " + seed).isEqualTo("flat");
            assertThat(r.bendConcurrency()).isEmpty();
        }
    }

    @Test
    void smallRiseUnderEitherThresholdIsFlat() {
        // +15 ms over the range: under 20 ms
        assertThat(CurveShape.classify(curve(x -> 100 + 15 * x / 10_000, 1)).shape()).isEqualTo("flat");
        // +30 ms on 300 ms: under 15%
        assertThat(CurveShape.classify(curve(x -> 300 + 30 * x / 10_000, 1)).shape()).isEqualTo("flat");
    }

    @Test
    void steadyRiseIsLinear() {
        for (long seed = 1; seed <= 20; seed++) {
            CurveShape.Result r = CurveShape.classify(curve(x -> 250 + 0.035 * x, seed));
            assertThat(r.shape()).as("seed " + seed).isEqualTo("linear");
            assertThat(r.bendConcurrency()).isEmpty();
        }
    }

    @Test
    void flatThenSteepIsAKneeAtTheBend() {
        for (int knee : new int[] {2_800, 4_000, 6_500}) {
            for (long seed = 1; seed <= 10; seed++) {
                CurveShape.Result r = CurveShape.classify(curve(x -> x < knee ? 130 : 130 + 0.12 * (x - knee), seed));
                assertThat(r.shape()).as("knee at " + knee + ", seed " + seed).isEqualTo("knee");
                assertThat((double) r.bendConcurrency().getAsInt()).as("knee at " + knee + ", seed " + seed)
                        .isCloseTo(knee, within(0.10 * knee));
            }
        }
    }

    @Test
    void capacityOverloadKneesAtTheCapacity() {
        // a provider that decodes up to its capacity in real time and slows by the overload factor past it
        int capacity = 2_800;
        CurveShape.Result r = CurveShape.classify(curve(x -> 30 + 100 * Math.max(1.0, x / capacity), 3));
        assertThat(r.shape()).isEqualTo("knee");
        assertThat((double) r.bendConcurrency().getAsInt()).isCloseTo(capacity, within(0.15 * capacity));
    }

    @Test
    void steepFromTheStartIsACliff() {
        for (long seed = 1; seed <= 10; seed++) {
            CurveShape.Result r = CurveShape.classify(curve(x -> x < 600 ? 120 : 120 + 0.2 * (x - 600), seed));
            assertThat(r.shape()).as("seed " + seed).isEqualTo("cliff");
            assertThat(r.bendConcurrency().getAsInt()).isLessThanOrEqualTo(1_500);
        }
    }

    @Test
    void jumpThenPlateauIsNotAKneeOfASteeperRight() {
        // rises early then levels off: the right segment is flatter, so it does not bend the way a ceiling does
        CurveShape.Result r = CurveShape.classify(curve(x -> x < 3_000 ? 100 + 0.1 * x : 400, 1));
        assertThat(r.shape()).isEqualTo("linear");
    }

    @Test
    void tooFewPointsAreFlat() {
        assertThat(CurveShape.classify(List.of(new double[] {100, 100}, new double[] {200, 900})).shape())
                .isEqualTo("flat");
    }
}
