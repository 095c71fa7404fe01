package io.callstorm.simulate.report;

import java.util.List;

/**
 * The CI verdict: passed when every check passed (and trivially when there are none).
 *
 * @param passed whether every check passed
 * @param checks each threshold
 */
public record GateResult(boolean passed, List<GateCheck> checks) {
    public GateResult {
        checks = List.copyOf(checks);
    }

    public static GateResult none() {
        return new GateResult(true, List.of());
    }
}
