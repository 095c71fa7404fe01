package io.callstorm.simulate.analysis;

import io.callstorm.core.Stage;
import io.callstorm.simulate.measure.Measurements;
import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.CurveRow;
import io.callstorm.simulate.report.DriftRow;
import io.callstorm.simulate.report.ErrorRateRow;
import io.callstorm.simulate.report.ErrorCluster;
import io.callstorm.simulate.report.ErrorSummary;
import io.callstorm.simulate.report.GateResult;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.LoadSummary;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.SimulationInfo;
import io.callstorm.simulate.report.SimulationReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;



/**
 * Turns what was measured into the report: rows per bucket, curve shapes, drift, error rates and clusters (with
 * their example calls), and the results per persona and per path. Pure
 * functions of {@link Measurements}: a live run and a rebuild from calls.jsonl get the same report from the same
 * measurements.
 */
public final class ReportAssembler {
    /** Buckets with fewer samples than this are reported but not used as a curve's ends. */
    public static final int MIN_SAMPLES_FOR_ENDS = SimulationReport.MIN_SAMPLES_FOR_ENDS;

    private ReportAssembler() {
    }

    /**
     * The report of what was measured: the same function for a live run and for a rebuild from calls.jsonl.
     *
     * @param info    what ran
     * @param load    what load was applied ({@link #load(Measurements, long, int)})
     * @param m       what was measured
     * @param harness how the harness held up
     */
    public static SimulationReport assemble(SimulationInfo info, LoadSummary load, Measurements m,
                                            HarnessStats harness) {
        List<LatencyRow> latency = latencyRows(m);
        List<CurveRow> curves = curves(latency);
        List<QualityRow> quality = m.quality().stream().map(q -> new QualityRow(q.rubric(), q.concurrency(), q.count(),
                round((double) q.passed() / q.count(), 4))).toList();
        List<DriftRow> drift = drift(quality);
        List<ErrorRateRow> rate = m.callEnds().stream().map(e -> new ErrorRateRow(e.concurrency(), e.calls(),
                e.errors(), round(e.errors() / (double) e.calls(), 4))).toList();
        ErrorSummary errors = new ErrorSummary(rate, clusters(m, latency), m.degradations());
        return new SimulationReport(SimulationReport.SCHEMA_VERSION, info, load, latency, curves, quality, drift, errors,
                GateResult.none(), harness, m.timeline(), m.evaluation(), Completeness.whole(), Breakdowns.of(m));
    }

    /**
     * The load section: the calls recorded and how they ended, with the calls the run started and its peak
     * concurrency as the harness counted them.
     */
    public static LoadSummary load(Measurements m, long callsStarted, int peakConcurrency) {
        Measurements.Counts c = m.counts();
        return new LoadSummary(peakConcurrency, callsStarted, c.completed(), c.failed(), c.timedOut(), c.hungUp(),
                c.cancelled(), c.turns(), c.retries(), m.bucketWidth());
    }

    /** The load section from the calls alone: every call recorded was started, the peak is the highest admission. */
    public static LoadSummary load(Measurements m) {
        return load(m, m.counts().calls(), m.counts().peakConcurrency());
    }

    /** Per stage, the P50 at the lowest concurrency bucket with enough samples: what "slow" is measured against. */
    static Map<String, Double> baselineP50Ms(List<LatencyRow> latency) {
        Map<String, Double> base = new LinkedHashMap<>();
        for (LatencyRow r : latency) { // rows come by stage, then by increasing concurrency
            if (r.count() >= MIN_SAMPLES_FOR_ENDS) {
                base.putIfAbsent(r.stage(), r.p50Ms());
            }
        }
        for (LatencyRow r : latency) {
            base.putIfAbsent(r.stage(), r.p50Ms());
        }
        return base;
    }

    /** The latency rows of what was measured, by stage then concurrency: the report's {@code latency} section. */
    public static List<LatencyRow> latency(Measurements m) {
        return latencyRows(m);
    }

    /**
     * The error clusters of what was measured, as the report names them: for a live view (the dashboard) between
     * reports.
     */
    public static List<ErrorCluster> clusters(Measurements m) {
        return clusters(m, latencyRows(m));
    }

    private static List<ErrorCluster> clusters(Measurements m, List<LatencyRow> latency) {
        return ErrorClusters.cluster(m.failures(), m.failureExamples(), baselineP50Ms(latency));
    }

    static List<LatencyRow> latencyRows(Measurements m) {
        return m.latency().stream().map(b -> new LatencyRow(b.stage().wireName(), b.concurrency(), b.lowest(),
                b.highest(), b.count(), ms(b.valueAtPercentile(50)), ms(b.valueAtPercentile(95)),
                ms(b.valueAtPercentile(99)), ms(b.maxMicros()))).toList();
    }

    static List<CurveRow> curves(List<LatencyRow> latency) {
        List<CurveRow> curves = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            List<double[]> points = latency.stream()
                    .filter(r -> r.stage().equals(stage.wireName()) && r.count() >= MIN_SAMPLES_FOR_ENDS)
                    .map(r -> new double[] {r.concurrency(), r.p95Ms()}).toList();
            if (points.isEmpty()) {
                continue;
            }
            CurveShape.Result shape = CurveShape.classify(points);
            curves.add(new CurveRow(stage.wireName(), shape.shape(), shape.bendConcurrency(), points.get(0)[1],
                    points.get(points.size() - 1)[1]));
        }
        return curves;
    }

    static List<DriftRow> drift(List<QualityRow> quality) {
        Map<String, List<QualityRow>> byRubric = new LinkedHashMap<>();
        quality.stream().filter(r -> r.count() >= MIN_SAMPLES_FOR_ENDS)
                .forEach(r -> byRubric.computeIfAbsent(r.rubric(), k -> new ArrayList<>()).add(r));
        List<DriftRow> rows = new ArrayList<>();
        byRubric.forEach((rubric, rs) -> {
            double low = rs.get(0).passRate();
            double peak = rs.get(rs.size() - 1).passRate();
            double delta = round((peak - low) * 100, 1);
            double drop = -delta;
            String shape = drop < 2 ? "none" : drop < 10 ? "soft" : "hard";
            rows.add(new DriftRow(rubric, shape, delta, low, peak));
        });
        return rows;
    }

    private static double ms(long micros) {
        return round(micros / 1000.0, 1);
    }

    public static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
