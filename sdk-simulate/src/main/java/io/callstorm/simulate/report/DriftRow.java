package io.callstorm.simulate.report;

/**
 * How far a rubric's pass rate moved between the lowest and the peak concurrency.
 *
 * @param rubric       rubric name
 * @param shape        {@code none} (under 2 points), {@code soft} (2 to 10) or {@code hard} (10 or more)
 * @param deltaPoints  peak minus lowest, in percentage points
 * @param lowPassRate  pass rate at the lowest bucket
 * @param peakPassRate pass rate at the peak bucket
 */
public record DriftRow(String rubric, String shape, double deltaPoints, double lowPassRate, double peakPassRate) {
}
