package io.callstorm.simulate.report;

/**
 * One threshold of a gate.
 *
 * @param name      what is checked, e.g. {@code conversation_resolution} or {@code user_perceived_gap.p95}
 * @param threshold the condition, e.g. {@code >= 0.80}
 * @param actual    the measured value at peak
 * @param passed    whether it holds
 */
public record GateCheck(String name, String threshold, double actual, boolean passed) {
}
