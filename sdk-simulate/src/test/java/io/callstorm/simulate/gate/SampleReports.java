package io.callstorm.simulate.gate;

import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.report.ErrorRateRow;
import io.callstorm.simulate.report.ErrorSummary;
import io.callstorm.simulate.report.GateResult;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.LoadSummary;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.SimulationInfo;
import io.callstorm.simulate.report.Timeline;

import java.util.List;
import java.util.Map;

/** Small hand-made reports: lowest bucket at 100 concurrent calls, peak at 4,000. */
final class SampleReports {
    private SampleReports() {
    }

    /**
     * @param resolutionAtPeak conversation_resolution pass rate at peak (0.88 at the lowest bucket)
     * @param gapP95AtPeak     user_perceived_gap P95 at peak (410 ms at the lowest bucket)
     * @param errorsAtPeak     errors among the 1,000 calls ending at peak (none among the 1,000 at the lowest)
     */
    static SimulationReport report(double resolutionAtPeak, double gapP95AtPeak, long errorsAtPeak) {
        List<LatencyRow> latency = List.of(
                new LatencyRow("stt_ttft", 100, 0, 200, 500, 100, 130, 140, 150),
                new LatencyRow("stt_ttft", 4_000, 3_801, 4_000, 5_000, 200, 280, 300, 400),
                new LatencyRow("user_perceived_gap", 100, 0, 200, 500, 300, 410, 450, 500),
                new LatencyRow("user_perceived_gap", 4_000, 3_801, 4_000, 5_000, 500, gapP95AtPeak, gapP95AtPeak + 50,
                        gapP95AtPeak + 100),
                new LatencyRow("user_perceived_gap", 4_010, 4_001, 4_200, 3, 900, 990, 990, 990)); // a handful draining
        List<QualityRow> quality = List.of(
                new QualityRow("conversation_resolution", 100, 1_000, 0.88),
                new QualityRow("conversation_resolution", 4_000, 1_000, resolutionAtPeak),
                new QualityRow("is_polite", 100, 1_000, 0.96),
                new QualityRow("is_polite", 4_000, 1_000, 0.94));
        List<ErrorRateRow> rate = List.of(new ErrorRateRow(100, 1_000, 0, 0),
                new ErrorRateRow(4_000, 1_000, errorsAtPeak, errorsAtPeak / 1000.0));
        return new SimulationReport(1, new SimulationInfo("sample", Map.of(), "test", 1, "2026-01-01T00:00:00Z", 60,
                "closed", "concurrentCalls 100->4000", 0.1, 100), new LoadSummary(4_000, 2_000, 2_000 - errorsAtPeak,
                errorsAtPeak, 0, 0, 8_000, 0, 200), latency, List.of(), quality,
                io.callstorm.simulate.analysis.ReportAssemblerAccess.drift(quality),
                new ErrorSummary(rate, List.of(), List.of()), GateResult.none(), new HarnessStats(0, 0, 0, 0, 0, 0, 0, 0),
                Timeline.empty());
    }
}
