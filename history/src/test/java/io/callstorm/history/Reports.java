package io.callstorm.history;

import io.callstorm.simulate.report.ErrorCluster;
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

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small hand-made reports: a low bucket at 100 concurrent calls, the peak at 4,000. */
final class Reports {
    private Reports() {
    }

    /**
     * @param resolutionAtPeak conversation_resolution pass rate at peak
     * @param gapP95AtPeak     user_perceived_gap P95 at peak, ms
     * @param errorsAtPeak     errors among the 1,000 calls ending at peak
     */
    static SimulationReport report(String name, String runId, Instant startedAt, double resolutionAtPeak,
                                   double gapP95AtPeak, long errorsAtPeak) {
        List<LatencyRow> latency = List.of(
                new LatencyRow("stt_ttft", 100, 0, 200, 500, 100, 130, 140, 150),
                new LatencyRow("stt_ttft", 4_000, 3_801, 4_000, 5_000, 200, 280, 300, 400),
                new LatencyRow("user_perceived_gap", 100, 0, 200, 500, 300, 410, 450, 500),
                new LatencyRow("user_perceived_gap", 4_000, 3_801, 4_000, 5_000, 500, gapP95AtPeak, gapP95AtPeak + 50,
                        gapP95AtPeak + 100));
        List<QualityRow> quality = List.of(
                new QualityRow("conversation_resolution", 100, 1_000, 0.88),
                new QualityRow("conversation_resolution", 4_000, 1_000, resolutionAtPeak),
                new QualityRow("is_polite", 100, 1_000, 0.96),
                new QualityRow("is_polite", 4_000, 1_000, 0.94));
        List<ErrorRateRow> rate = List.of(new ErrorRateRow(100, 1_000, 0, 0),
                new ErrorRateRow(4_000, 1_000, errorsAtPeak, errorsAtPeak / 1000.0));
        List<ErrorCluster> clusters = errorsAtPeak == 0 ? List.of() : List.of(new ErrorCluster("llm 429 rate limited",
                "llm_ttft", errorsAtPeak, 1.0, 3_200, "the token budget per second is spent", "trim the prompt",
                "raise the provider's quota", "429 Too Many Requests", ErrorCluster.KIND, "retry-after seen"));
        GateResult gate = new GateResult(resolutionAtPeak >= 0.8, List.of(
                new GateCheck("conversation_resolution", ">= 0.80", resolutionAtPeak, resolutionAtPeak >= 0.8,
                        "at peak"),
                new GateCheck("user_perceived_gap.p95", "< 800 ms", gapP95AtPeak, gapP95AtPeak < 800, "at peak")));
        return new SimulationReport(1, new SimulationInfo(name, Map.of("name", "reference-support-agent"), "in-process",
                7, startedAt.toString(), 60, "closed", "concurrentCalls 100->4000", 0.1, 100, "real", List.of(),
                runId), new LoadSummary(4_000, 2_000, 2_000 - errorsAtPeak, errorsAtPeak, 0, 0, 8_000, 0, 200),
                latency, List.of(), quality, List.of(), new ErrorSummary(rate, clusters, List.of()), gate,
                new HarnessStats(0, 0, 0, 0, 0, 0, 0, 0), Timeline.empty());
    }
}
