package io.callstorm.simulate.analysis;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Stage;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.measure.ConcurrencyBuckets;
import io.callstorm.simulate.engine.ResultSink;
import io.callstorm.simulate.measure.RunMetrics;
import io.callstorm.simulate.engine.SimulationRun;
import io.callstorm.simulate.report.CurveRow;
import io.callstorm.simulate.report.DriftRow;
import io.callstorm.simulate.report.ErrorRateRow;
import io.callstorm.simulate.report.ErrorSummary;
import io.callstorm.simulate.report.EvaluationSummary;
import io.callstorm.simulate.report.GateResult;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.LoadSummary;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.SimulationInfo;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Turns what a run measured into the report: rows per bucket, curve shapes, drift, error clusters. */
public final class ReportAssembler {
    /** Buckets with fewer samples than this are reported but not used as a curve's ends. */
    public static final int MIN_SAMPLES_FOR_ENDS = SimulationReport.MIN_SAMPLES_FOR_ENDS;

    private ReportAssembler() {
    }

    /** The report of a finished run; {@code findings} were fed every call line as the calls ended. */
    public static SimulationReport assemble(SimulationRun.Outcome o, Map<String, Object> agentInfo, long seed,
                                            CallFindings findings) {
        SimulationInfo info = info(o.settings(), agentInfo, seed, o.startedAt(), o.durationSeconds());
        Map<CallStatus, Long> c = o.statusCounts();
        LoadSummary load = new LoadSummary(o.peakConcurrency(), o.callsStarted(), c.get(CallStatus.COMPLETED),
                c.get(CallStatus.FAILED), c.get(CallStatus.TIMED_OUT), c.get(CallStatus.HUNG_UP), o.turns(), o.retries(),
                o.metrics().buckets().width());
        Histogram lag = o.lagMicros();
        HarnessStats harness = new HarnessStats(round(lag.getValueAtPercentile(99) / 1000.0, 2),
                round(lag.getMaxValue() / 1000.0, 2), o.peakHeapBytes() / (1024 * 1024),
                o.peakLiveHeapBytes() / (1024 * 1024), round(o.cpuSeconds(), 1),
                o.peakThreads(), o.sink().done(), o.sink().dropped());
        return assemble(info, load, o.metrics(), o.sink().quality(), findings, harness, o.sink().summary());
    }

    /** What ran, as {@code report.json} and {@code run.json} say it. */
    public static SimulationInfo info(SimulationRun.Settings s, Map<String, Object> agentInfo, long seed,
                                      Instant startedAt, double durationSeconds) {
        return new SimulationInfo(s.name(), agentInfo, s.connector().describe(), seed, startedAt.toString(),
                round(durationSeconds, 1), s.load().model().name().toLowerCase(Locale.ROOT), s.load().toString(),
                s.timeScale(), s.rows().size());
    }

    /** The report from what was measured: shared by a live run and a rebuild from calls.jsonl. */
    static SimulationReport assemble(SimulationInfo info, LoadSummary load, RunMetrics metrics,
                                     List<ResultSink.QualitySample> qualitySamples, CallFindings findings,
                                     HarnessStats harness, EvaluationSummary evaluation) {
        List<LatencyRow> latency = latencyRows(metrics);
        List<CurveRow> curves = curves(latency);
        List<QualityRow> quality = qualityRows(qualitySamples, metrics.buckets().width());
        List<DriftRow> drift = drift(quality);
        List<ErrorRateRow> rate = new ArrayList<>();
        for (long[] e : metrics.callEnds()) {
            if (e != null && e[0] > 0) {
                rate.add(new ErrorRateRow((int) Math.round((double) e[2] / e[0]), e[0], e[1], round(e[1] / (double) e[0], 4)));
            }
        }
        ErrorSummary errors = new ErrorSummary(rate, findings.clusters(baselineP50Ms(latency)),
                findings.degradations(metrics.buckets().width()));
        return new SimulationReport(SimulationReport.SCHEMA_VERSION, info, load, latency, curves, quality, drift, errors,
                GateResult.none(), harness, findings.timeline(), evaluation);
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

    static List<LatencyRow> latencyRows(RunMetrics m) {
        List<LatencyRow> rows = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            List<Histogram> hs = m.latency().get(stage);
            for (int i = 0; i < hs.size(); i++) {
                Histogram h = hs.get(i);
                if (h == null || h.getTotalCount() == 0) {
                    continue;
                }
                rows.add(new LatencyRow(stage.wireName(), m.meanSampleConcurrency(i), m.buckets().lowerBound(i),
                        m.buckets().upperBound(i), h.getTotalCount(), ms(h.getValueAtPercentile(50)),
                        ms(h.getValueAtPercentile(95)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue())));
            }
        }
        return rows;
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

    static List<QualityRow> qualityRows(List<ResultSink.QualitySample> samples, int width) {
        // rubric -> bucket -> [count, passed, concurrency sum]
        Map<String, TreeMap<Integer, long[]>> acc = new LinkedHashMap<>();
        for (ResultSink.QualitySample q : samples) {
            int bucket = ConcurrencyBuckets.indexFor(q.concurrency(), width);
            q.passed().forEach((rubric, passed) -> {
                long[] a = acc.computeIfAbsent(rubric, k -> new TreeMap<>()).computeIfAbsent(bucket, k -> new long[3]);
                a[0]++;
                a[1] += passed ? 1 : 0;
                a[2] += q.concurrency();
            });
        }
        List<QualityRow> rows = new ArrayList<>();
        acc.forEach((rubric, buckets) -> buckets.forEach((b, a) -> rows.add(new QualityRow(rubric,
                (int) Math.round((double) a[2] / a[0]), a[0], round((double) a[1] / a[0], 4)))));
        return rows;
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

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
