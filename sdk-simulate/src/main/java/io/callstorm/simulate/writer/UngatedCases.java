package io.callstorm.simulate.writer;

import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.ErrorRateRow;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.SimulationReport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The test cases of {@code junit.xml} for a run without a gate, so that the file is never empty: CI reporters reject
 * or flag a suite with {@code tests="0"}, and a person reading the CI page should still see what the run did. None of
 * them fails, because nothing was asked of the run and the CLI exits 0: what would be a failure in a gated run
 * (cut short, harness overloaded, no call at all) is a <em>skipped</em> case whose message says why, the measured
 * figures are passed cases whose output gives the figure.
 *
 * <ol>
 *   <li>{@code complete whole run}: passed, or skipped for a partial run (why and when it stopped);</li>
 *   <li>{@code harness healthy}: passed, or skipped naming the overloaded windows;</li>
 *   <li>{@code calls ran}: passed with the calls started, completed and the peak concurrency; skipped when no call
 *       was started;</li>
 *   <li>{@code error_rate measured}: passed with the error rate over all calls;</li>
 *   <li>{@code <rubric> measured}, one per rubric scored: passed with its pass rate at peak (and at the lowest
 *       concurrency); skipped for a rubric that the run was set to score but that has no verdict.</li>
 * </ol>
 * The figures are read at the peak bucket as the gate reads them (the highest concurrency with at least
 * {@link SimulationReport#MIN_SAMPLES_FOR_ENDS} samples, else the highest at all), so that turning a case into a gate
 * condition checks the figure the case showed.
 */
final class UngatedCases {
    /** Names of the cases that are not per rubric. */
    static final String COMPLETE = Completeness.GATE_CHECK + " whole run";
    static final String HARNESS = HarnessStats.GATE_CHECK + " healthy";
    static final String CALLS = "calls ran";
    static final String ERROR_RATE = "error_rate measured";
    private static final String NO_GATE = "no gate: not failed, but ";

    private UngatedCases() {
    }

    static List<JunitCase> of(SimulationReport report) {
        List<JunitCase> cases = new ArrayList<>();
        Completeness completeness = report.completeness();
        cases.add(completeness.partial()
                ? JunitCase.skipped(COMPLETE, NO_GATE + "partial run: " + completeness.summary())
                : JunitCase.passed(COMPLETE, "the load profile ran to its end"));
        HarnessStats harness = report.harness();
        if (harness == null || !completeness.knows("harness")) {
            cases.add(JunitCase.skipped(HARNESS, "the report does not know the harness's health (rebuilt from "
                    + SimulationReport.CALLS_FILE + " without the run's own report)"));
        } else {
            cases.add(harness.healthy() ? JunitCase.passed(HARNESS, "the load generator kept up with the load")
                    : JunitCase.skipped(HARNESS, NO_GATE + harness.summary()));
        }
        long started = report.load().callsStarted();
        cases.add(started == 0 ? JunitCase.skipped(CALLS, NO_GATE + "no call was started")
                : JunitCase.passed(CALLS, String.format(Locale.ROOT, "%,d calls started, %,d completed their path, "
                        + "peak concurrency %,d", started, report.load().callsCompleted(),
                report.load().peakConcurrency())));
        long calls = report.errors().rate().stream().mapToLong(ErrorRateRow::calls).sum();
        cases.add(calls == 0 ? JunitCase.skipped(ERROR_RATE, NO_GATE + "no call ended, so no error rate")
                : JunitCase.passed(ERROR_RATE, String.format(Locale.ROOT, "error rate over all calls (%,d calls) "
                        + "was %.4f; no gate threshold", calls, report.errorRate())));
        for (String rubric : rubrics(report)) {
            cases.add(rubricCase(report, rubric));
        }
        return cases;
    }

    /** The rubrics with verdicts, in the report's order, then those set up but without any. */
    private static Set<String> rubrics(SimulationReport report) {
        Set<String> names = new LinkedHashSet<>();
        report.quality().forEach(q -> names.add(q.rubric()));
        report.evaluation().rubrics().forEach(r -> names.add(r.rubric()));
        return names;
    }

    private static JunitCase rubricCase(SimulationReport report, String rubric) {
        String name = rubric + " measured";
        List<QualityRow> rows = report.quality(rubric);
        Optional<QualityRow> peak = atPeak(rows);
        if (peak.isEmpty()) {
            return JunitCase.skipped(name, NO_GATE + "no call was scored on " + rubric);
        }
        QualityRow p = peak.get();
        String out = String.format(Locale.ROOT, "%s pass rate at peak (%,d concurrent, %,d calls) was %.4f", rubric,
                p.concurrency(), p.count(), p.passRate());
        Optional<QualityRow> lowest = rows.stream().filter(r -> r.count() >= SimulationReport.MIN_SAMPLES_FOR_ENDS)
                .findFirst();
        if (lowest.isPresent() && lowest.get().concurrency() != p.concurrency()) {
            out += String.format(Locale.ROOT, ", at lowest (%,d concurrent) %.4f", lowest.get().concurrency(),
                    lowest.get().passRate());
        }
        return JunitCase.passed(name, out + "; no gate threshold");
    }

    /** The row at the highest concurrency with enough samples to trust, else the highest row at all. */
    private static Optional<QualityRow> atPeak(List<QualityRow> rows) {
        QualityRow last = null;
        QualityRow lastTrusted = null;
        for (QualityRow row : rows) {
            last = row;
            if (row.count() >= SimulationReport.MIN_SAMPLES_FOR_ENDS) {
                lastTrusted = row;
            }
        }
        return Optional.ofNullable(lastTrusted != null ? lastTrusted : last);
    }
}
