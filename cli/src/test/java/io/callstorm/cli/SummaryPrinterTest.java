package io.callstorm.cli;

import io.callstorm.eval.Rubrics;
import io.callstorm.simulate.report.Breakdown;
import io.callstorm.simulate.report.BreakdownRow;
import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.ErrorSummary;
import io.callstorm.simulate.report.EvaluationSummary;
import io.callstorm.simulate.report.GateResult;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.LoadSummary;
import io.callstorm.simulate.report.SimulationInfo;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.report.Timeline;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The closing summary's block of worst personas and paths, as report.json's breakdown ranks them. */
class SummaryPrinterTest {
    private static BreakdownRow row(String id, long calls, long errors, double resolved) {
        return new BreakdownRow(id, calls, 0, errors, (double) errors / calls, calls * 3, 400, 1_234.5,
                List.of(new BreakdownRow.RubricRate(Rubrics.CONVERSATION_RESOLUTION, calls, Math.round(calls * resolved),
                        resolved)));
    }

    private static SimulationReport report(Breakdown breakdown) {
        return new SimulationReport(1, new SimulationInfo("sample", Map.of(), "test", 1, "2026-01-01T00:00:00Z", 60,
                "closed", "concurrentCalls 10", 0.1, 100), new LoadSummary(10, 100, 90, 10, 0, 0, 400, 0, 10),
                List.of(), List.of(), List.of(), List.of(), new ErrorSummary(List.of(), List.of()), GateResult.none(),
                new HarnessStats(0, 0, 0, 0, 0, 0, 0, 0), Timeline.empty(), EvaluationSummary.none(),
                Completeness.whole(), breakdown);
    }

    private static String printed(SimulationReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SummaryPrinter.print(report, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theWorstPersonasAndPathsAreListedWorstFirstWithResolutionErrorsAndGap() {
        List<String> ranked = List.of(Rubrics.CONVERSATION_RESOLUTION, "errorRate", "gapP95Ms");
        Breakdown breakdown = new Breakdown(
                new Breakdown.Table(List.of(row("calm", 50, 0, 0.9), row("impatient-tester", 40, 30, 0.2)),
                        List.of("impatient-tester", "calm"), ranked),
                new Breakdown.Table(List.of(row("billing-double-charge", 45, 45, 0.0)), List.of("billing-double-charge"),
                        ranked));

        String out = printed(report(breakdown));

        assertThat(out).contains("Worst personas and paths (by lowest resolution, then most errors; 20+ calls)");
        assertThat(out).contains("  persona impatient-tester              20.0% resolved,  75.0% errors of 40 calls, "
                + "gap P95 1,235 ms");
        assertThat(out.indexOf("impatient-tester")).isLessThan(out.indexOf("persona calm"));
        assertThat(out).contains("  path    billing-double-charge          0.0% resolved, 100.0% errors of 45 calls");
        // after the error clusters, before the gate and the harness
        assertThat(out.indexOf("Errors under load")).isLessThan(out.indexOf("Worst personas"));
        assertThat(out.indexOf("Worst personas")).isLessThan(out.indexOf("Harness"));
    }

    @Test
    void improvisingCallersGetOneLine() {
        SimulationReport report = report(Breakdown.none()).withCallers(new io.callstorm.simulate.report.CallerSummary(
                "improvising", "caller-model", 1_200, 30, Map.of("timeout", 20L, "budget", 10L, "error", 0L), 40,
                1_160, 12_000, 600, 0.0132));

        assertThat(printed(report)).contains("Callers improvised by caller-model: 1,200 turns improvised, 30 scripted "
                + "instead [").contains("timeout 20").contains("budget 10").doesNotContain("error 0")
                .contains("40 model requests, 1,160 cache hits, 12,600 tokens, $0.0132");
        assertThat(printed(report(Breakdown.none()))).doesNotContain("improvised");
    }

    @Test
    void nothingIsPrintedWhenNothingIsCalledOut() {
        Breakdown breakdown = new Breakdown(new Breakdown.Table(List.of(row("calm", 50, 0, 1.0)), List.of(),
                List.of(Rubrics.CONVERSATION_RESOLUTION, "errorRate", "gapP95Ms")), Breakdown.Table.empty());

        assertThat(printed(report(breakdown))).doesNotContain("Worst");
        assertThat(printed(report(Breakdown.none()))).doesNotContain("Worst");
    }
}
