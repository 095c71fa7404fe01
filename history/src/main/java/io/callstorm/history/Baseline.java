package io.callstorm.history;

import io.callstorm.simulate.report.SimulationReport;

import java.util.List;

/**
 * A baseline taken from the history: a report to compare a new run with ({@code ReportComparison}), and the runs it
 * was made of.
 *
 * @param spec        what was asked for
 * @param report      the baseline: the run's own report for {@code last} and {@code tag:}; for {@code rolling:}, a
 *                    report whose peak figures (each rubric's pass rate, each stage's percentiles, the error rate)
 *                    are the medians of the window's runs
 * @param runIds      the runs it was made of, newest first
 * @param description the baseline in words, e.g. {@code median of 5 runs of demo since 2026-11-25T10:00:00Z}
 */
public record Baseline(BaselineSpec spec, SimulationReport report, List<String> runIds, String description) {
    public Baseline {
        runIds = List.copyOf(runIds);
    }
}
