package io.callstorm.simulate.report;

import java.util.List;

/**
 * The load over time: one row per interval (a second, widened by doubling on long runs so that a report keeps at
 * most {@value #MAX_ROWS} rows), from the start and end times of the calls.
 *
 * @param intervalSeconds length of each row's interval
 * @param rows            by increasing time
 */
public record Timeline(double intervalSeconds, List<Row> rows) {
    public static final int MAX_ROWS = 600;

    public Timeline {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    public static Timeline empty() {
        return new Timeline(1, List.of());
    }

    /**
     * @param atSeconds    start of the interval, seconds after the run started
     * @param concurrency  calls in progress at {@code atSeconds}
     * @param callsStarted calls that started in the interval
     * @param callsEnded   calls that ended in the interval, however they ended
     * @param errors       of which ended failed, timed out or hung up
     * @param gapP95Ms     P95 of the user-perceived gap of the agent replies in the interval (0 when none)
     */
    public record Row(double atSeconds, int concurrency, long callsStarted, long callsEnded, long errors,
                      double gapP95Ms) {
    }
}
