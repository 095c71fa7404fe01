package io.callstorm.simulate.report;

import java.util.OptionalInt;

/**
 * The shape of one stage's P95-vs-concurrency curve.
 *
 * @param stage           stage wire name
 * @param shape           {@code flat}, {@code linear}, {@code knee} or {@code cliff}
 * @param kneeConcurrency where the curve bends, for a knee (or a cliff)
 * @param lowP95Ms        P95 at the lowest bucket
 * @param peakP95Ms       P95 at the peak bucket
 */
public record CurveRow(String stage, String shape, OptionalInt kneeConcurrency, double lowP95Ms, double peakP95Ms) {
}
