package io.callstorm.history.internal;

import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.ErrorRateRow;
import io.callstorm.simulate.report.ErrorSummary;
import io.callstorm.simulate.report.GateResult;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.LoadSummary;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.SimulationInfo;
import io.callstorm.simulate.report.SimulationReport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The median of a window of runs, as a report that {@code ReportComparison} reads like any other: for each rubric one
 * quality row and for each stage one latency row, holding the medians of the runs' peak rows (the row at the highest
 * concurrency with enough samples, as the comparison picks it), and one error-rate row whose rate is the median of
 * the runs' error rates. A median, not a mean: one bad run in a week moves it little, and a week of drift moves it.
 */
public final class RollingMedian {
    private RollingMedian() {
    }

    /** {@code reports} newest first; the newest lends the median report what is not a figure (agent, connector). */
    public static SimulationReport of(List<SimulationReport> reports, String simulationName, String spec) {
        SimulationReport newest = reports.get(0);
        List<QualityRow> quality = new ArrayList<>();
        for (String rubric : names(reports, true)) {
            List<QualityRow> peaks = reports.stream().map(r -> atPeak(r.quality(rubric), QualityRow::count))
                    .flatMap(Optional::stream).toList();
            quality.add(new QualityRow(rubric, (int) median(peaks, QualityRow::concurrency),
                    Math.round(median(peaks, QualityRow::count)), median(peaks, QualityRow::passRate)));
        }
        List<LatencyRow> latency = new ArrayList<>();
        for (String stage : names(reports, false)) {
            List<LatencyRow> peaks = reports.stream().map(r -> atPeak(r.latency().stream()
                    .filter(l -> l.stage().equals(stage)).sorted(java.util.Comparator.comparingInt(
                            LatencyRow::concurrency)).toList(), LatencyRow::count)).flatMap(Optional::stream).toList();
            int concurrency = (int) median(peaks, LatencyRow::concurrency);
            latency.add(new LatencyRow(stage, concurrency, concurrency, concurrency,
                    Math.round(median(peaks, LatencyRow::count)), median(peaks, LatencyRow::p50Ms),
                    median(peaks, LatencyRow::p95Ms), median(peaks, LatencyRow::p99Ms),
                    median(peaks, LatencyRow::maxMs)));
        }
        List<SimulationReport> withCalls = reports.stream().filter(r -> calls(r) > 0).toList();
        List<ErrorRateRow> errors = new ArrayList<>();
        if (!withCalls.isEmpty()) {
            // the comparison reads errors / calls over all rows: calls as a run had them, errors at the median rate
            double rate = median(withCalls, SimulationReport::errorRate);
            long calls = Math.round(median(withCalls, r -> calls(r)));
            errors.add(new ErrorRateRow((int) median(withCalls, r -> r.load().peakConcurrency()), calls,
                    Math.round(rate * calls), rate));
        }
        SimulationInfo n = newest.simulation();
        SimulationInfo info = new SimulationInfo(simulationName + " (" + spec + ", median of " + reports.size()
                + " runs)", n.agent(), n.connector(), n.seed(), n.startedAt(), median(reports,
                r -> r.simulation().durationSeconds()), n.loadModel(), n.loadProfile(), n.timeScale(), n.rows(),
                n.clock(), n.loadStages(), "");
        LoadSummary l = newest.load();
        LoadSummary load = new LoadSummary((int) median(reports, r -> r.load().peakConcurrency()),
                Math.round(median(reports, r -> r.load().callsStarted())),
                Math.round(median(reports, r -> r.load().callsCompleted())),
                Math.round(median(reports, r -> r.load().callsFailed())),
                Math.round(median(reports, r -> r.load().callsTimedOut())), l.callsHungUp(), l.callsCancelled(),
                l.turns(), l.retries(), l.bucketWidth());
        return new SimulationReport(SimulationReport.SCHEMA_VERSION, info, load, latency, List.of(), quality,
                List.of(), new ErrorSummary(errors, List.of(), List.of()), GateResult.none(), newest.harness(),
                newest.timeline(), newest.evaluation(), Completeness.whole(), newest.breakdown(), newest.callers());
    }

    private static long calls(SimulationReport r) {
        return r.errors().rate().stream().mapToLong(ErrorRateRow::calls).sum();
    }

    private static Set<String> names(List<SimulationReport> reports, boolean rubrics) {
        Set<String> names = new LinkedHashSet<>();
        for (SimulationReport r : reports) {
            if (rubrics) {
                r.quality().forEach(q -> names.add(q.rubric()));
            } else {
                r.latency().forEach(q -> names.add(q.stage()));
            }
        }
        return names;
    }

    /** The row at the highest concurrency with enough samples to trust, else the highest row at all. */
    static <T> Optional<T> atPeak(List<T> rows, ToLongFunction<T> count) {
        T last = null;
        T lastTrusted = null;
        for (T row : rows) {
            last = row;
            if (count.applyAsLong(row) >= SimulationReport.MIN_SAMPLES_FOR_ENDS) {
                lastTrusted = row;
            }
        }
        return Optional.ofNullable(lastTrusted != null ? lastTrusted : last);
    }

    /** The middle value; the mean of the two middle ones for an even count. */
    static <T> double median(List<T> items, ToDoubleFunction<T> value) {
        double[] v = items.stream().mapToDouble(value).sorted().toArray();
        if (v.length == 0) {
            return 0;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
