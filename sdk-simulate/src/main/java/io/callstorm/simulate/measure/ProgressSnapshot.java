package io.callstorm.simulate.measure;

/**
 * One reading of a run in progress, taken about once a second on the harness loop.
 *
 * @param elapsedSeconds since the run started
 * @param totalSeconds   the load profile's length
 * @param concurrency    calls in progress
 * @param callsPerSecond calls finished in the last second
 * @param gapP95Ms       P95 of the user-perceived gap over the last second
 * @param errorRate      share of calls that ended in error over the last second
 * @param callsCompleted calls finished so far, however they ended
 */
public record ProgressSnapshot(double elapsedSeconds, double totalSeconds, int concurrency, double callsPerSecond,
                               double gapP95Ms, double errorRate, long callsCompleted) {
}
