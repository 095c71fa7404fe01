package io.callstorm.simulate.gate;

import io.callstorm.simulate.report.AbReport;
import io.callstorm.simulate.report.ErrorRateRow;
import io.callstorm.simulate.report.ErrorSummary;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.GateResult;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.LoadSummary;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.SimulationInfo;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.report.Timeline;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The regression rule: past the threshold and outside the noise; past the threshold inside it is "not enough calls". */
class ComparisonConfidenceTest {
    @Test
    void aTenPointDropOverTwentyCallsIsNotEnoughToTellButOverTwoThousandItIsARegression() {
        ReportComparison few = ReportComparison.compare(report(20, 0.90, 300, 20), report(20, 0.80, 300, 20),
                RegressionThresholds.defaults());
        ReportComparison.Change small = change(few, "conversation_resolution");
        assertThat(small.delta()).isEqualTo(-10.0);
        assertThat(small.verdict()).isEqualTo(ReportComparison.Verdict.NOT_ENOUGH_CALLS);
        assertThat(small.deltaInterval().contains(0)).isTrue();
        assertThat(small.detail()).contains("not enough calls to tell", "95% interval");
        assertThat(few.hasRegressions()).isFalse();
        assertThat(few.notEnoughCalls()).extracting(ReportComparison.Change::name)
                .containsExactly("conversation_resolution");
        assertThat(few.asGateChecks()).filteredOn(c -> c.name().equals("baseline:conversation_resolution"))
                .singleElement().satisfies(c -> {
                    assertThat(c.passed()).isTrue();
                    assertThat(c.detail()).contains("not enough calls to tell");
                });

        ReportComparison many = ReportComparison.compare(report(2_000, 0.90, 300, 2_000),
                report(2_000, 0.80, 300, 2_000), RegressionThresholds.defaults());
        ReportComparison.Change large = change(many, "conversation_resolution");
        assertThat(large.delta()).isEqualTo(-10.0);
        assertThat(large.verdict()).isEqualTo(ReportComparison.Verdict.REGRESSION);
        assertThat(large.deltaInterval().high()).isLessThan(0);
        assertThat(large.intervalSource()).isEqualTo("wilson");
        assertThat(many.hasRegressions()).isTrue();
        assertThat(Gate.none().evaluate(report(2_000, 0.80, 300, 2_000), Optional.of(report(2_000, 0.90, 300, 2_000)),
                RegressionThresholds.defaults()).passed()).isFalse();
    }

    @Test
    void aMoveWithinTheThresholdIsNoChangeHoweverManyCalls() {
        ReportComparison c = ReportComparison.compare(report(100_000, 0.90, 300, 100_000),
                report(100_000, 0.88, 300, 100_000), RegressionThresholds.defaults());
        ReportComparison.Change change = change(c, "conversation_resolution");
        assertThat(change.deltaInterval().contains(0)).isFalse(); // a real move, but smaller than 3 points
        assertThat(change.verdict()).isEqualTo(ReportComparison.Verdict.NO_CHANGE);
    }

    @Test
    void aHigherConfidenceNeedsMoreCalls() {
        // 250 calls, 90% -> 84%: outside the noise at 95%, inside it at 99.9%
        SimulationReport base = report(250, 0.90, 300, 250);
        SimulationReport current = report(250, 0.84, 300, 250);
        assertThat(change(ReportComparison.compare(base, current, RegressionThresholds.defaults()),
                "conversation_resolution").verdict()).isEqualTo(ReportComparison.Verdict.REGRESSION);
        assertThat(change(ReportComparison.compare(base, current, RegressionThresholds.defaults().withConfidence(0.999)),
                "conversation_resolution").verdict()).isEqualTo(ReportComparison.Verdict.NOT_ENOUGH_CALLS);
    }

    @Test
    void aP95RiseOverAHandfulOfSamplesIsNotEnoughToTell() {
        // P95 300 -> 400 ms: over 20 samples its interval reaches the bucket's max; over 20,000 it is tight
        ReportComparison few = ReportComparison.compare(report(20, 0.9, 300, 20), report(20, 0.9, 400, 20),
                RegressionThresholds.defaults());
        assertThat(change(few, "user_perceived_gap.p95").verdict())
                .isEqualTo(ReportComparison.Verdict.NOT_ENOUGH_CALLS);
        assertThat(change(few, "user_perceived_gap.p95").intervalSource())
                .isEqualTo("order statistics from the report's percentiles");
        ReportComparison many = ReportComparison.compare(report(20, 0.9, 300, 20_000), report(20, 0.9, 400, 20_000),
                RegressionThresholds.defaults());
        assertThat(change(many, "user_perceived_gap.p95").verdict()).isEqualTo(ReportComparison.Verdict.REGRESSION);
    }

    @Test
    void aGateReportsTheIntervalBesideTheFigureAndKeepsItsVerdict() {
        GateResult r = Gate.parse("conversation_resolution>=0.85,user_perceived_gap.p95<350ms")
                .evaluate(report(20, 0.90, 300, 20));
        assertThat(r.passed()).isTrue(); // 0.90 >= 0.85 passes, though its interval reaches below 0.85
        GateCheck rate = r.checks().get(0);
        assertThat(rate.detail()).contains("was 0.9000 (95% interval [0.6990, 0.9721])");
        assertThat(r.checks().get(1).detail()).contains("was 300.0 ms (95% interval [");
    }

    @Test
    void anAbComparisonNamesTheWinnerPerMetric() {
        // B: the P95 100 ms lower over 20,000 samples, the same pass rate, over 2,000 calls
        List<AbReport.Metric> rows = AbComparison.compare(report(2_000, 0.90, 400, 20_000), PeakSamples.none(),
                report(2_000, 0.90, 300, 20_000), PeakSamples.none(), RegressionThresholds.defaults());
        assertThat(rows).extracting(AbReport.Metric::metric).containsExactly("user_perceived_gap.p50",
                "user_perceived_gap.p95", "conversation_resolution", "error_rate");
        AbReport.Metric p95 = rows.get(1);
        assertThat(p95.winner()).isEqualTo("B");
        assertThat(p95.delta()).isEqualTo(-100.0);
        assertThat(p95.deltaHigh()).isLessThan(0);
        assertThat(p95.aLow()).isLessThanOrEqualTo(400).isLessThan(p95.aHigh());
        assertThat(rows.get(0).winner()).isEqualTo(AbReport.Metric.NO_DIFFERENCE); // the medians are equal
        assertThat(rows.get(2).winner()).isEqualTo(AbReport.Metric.NO_DIFFERENCE);

        // A wins what B lost over many calls; over a handful the same loss cannot be told from noise
        assertThat(AbComparison.compare(report(2_000, 0.90, 300, 2_000), PeakSamples.none(),
                report(2_000, 0.80, 300, 2_000), PeakSamples.none(), RegressionThresholds.defaults()).get(2).winner())
                .isEqualTo("A");
        assertThat(AbComparison.compare(report(20, 0.90, 300, 20), PeakSamples.none(), report(20, 0.80, 300, 20),
                PeakSamples.none(), RegressionThresholds.defaults()).get(2).winner())
                .isEqualTo(AbReport.Metric.NOT_ENOUGH_CALLS);
    }

    private static ReportComparison.Change change(ReportComparison c, String name) {
        return c.changes().stream().filter(ch -> ch.name().equals(name)).findFirst().orElseThrow();
    }

    /** One bucket at 4,000 concurrent: {@code calls} scored and ended, {@code samples} gaps with the given P95. */
    private static SimulationReport report(long calls, double resolution, double gapP95, long samples) {
        List<LatencyRow> latency = List.of(new LatencyRow("user_perceived_gap", 4_000, 3_801, 4_000, samples, 250,
                gapP95, gapP95 + 40, gapP95 + 200));
        List<QualityRow> quality = List.of(new QualityRow("conversation_resolution", 4_000, calls, resolution));
        List<ErrorRateRow> rate = List.of(new ErrorRateRow(4_000, calls, 0, 0));
        return new SimulationReport(1, new SimulationInfo("sample", Map.of(), "test", 1, "2026-01-01T00:00:00Z", 60,
                "closed", "concurrentCalls 4000", 0.1, 100), new LoadSummary(4_000, calls, calls, 0, 0, 0, calls * 4,
                0, 200), latency, List.of(), quality, List.of(), new ErrorSummary(rate, List.of(), List.of()),
                GateResult.none(), new HarnessStats(0, 0, 0, 0, 0, 0, 0, 0), Timeline.empty());
    }
}
