package io.callstorm.simulate.report;

/**
 * One threshold of a gate.
 *
 * @param name      what is checked, e.g. {@code conversation_resolution} or {@code user_perceived_gap.p95}
 * @param threshold the condition, e.g. {@code >= 0.80}
 * @param actual    the measured value at peak (0 when there was nothing to measure; see {@code detail})
 * @param passed    whether it holds
 * @param detail    the check in words, e.g. {@code conversation_resolution pass rate at peak (9,748 concurrent) was
 *                  0.8698, needs >= 0.90}
 */
public record GateCheck(String name, String threshold, double actual, boolean passed, String detail) {
    public GateCheck {
        detail = detail == null ? "" : detail;
    }

    public GateCheck(String name, String threshold, double actual, boolean passed) {
        this(name, threshold, actual, passed, "");
    }
}
