package io.callstorm.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.report.ReportJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CallstormCliTest {

    private static CliResult run(String... args) {
        return CliResult.run(args);
    }

    @Test
    void badDemoOptionsExitWithTwoAndListEveryProblem() {
        CliResult r = run("demo", "--peak", "50", "--start", "100", "--time-scale", "0", "--fix", "stt-failover,warp-drive",
                "--rows", "0", "--no-progress");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("--start", "--time-scale", "--fix", "warp-drive", "stt-failover, prompt-trim",
                "--rows").doesNotContain("Exception", "\tat ");
    }

    @Test
    void badValuesOfSeveralOptionsAreEachNamedOnceWithTheBuildersMessage() {
        CliResult r = run("demo", "--peak", "2000000", "--start", "-3", "--ramp", "0s", "--hold", "PT-1S",
                "--ramp-down", "PT-2S", "--time-scale", "0", "--rows", "0", "--no-progress");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("7 problems",
                "--peak: must be <= 1,000,000 concurrent calls, was 2000000",
                "--start: must be >= 0 concurrent calls, was -3",
                "--ramp: must be > 0, was 0s",
                "--hold: must be > 0, was PT-1S",
                "--ramp-down: must be > 0, was PT-2S",
                "--time-scale: must be > 0 and <= 10, was 0",
                "--rows: must be between 1 and 10,000,000, was 0")
                .doesNotContain("load.", "timeScale", "scenarios.rows", "agent.", "Exception", "\tat ");
    }

    @Test
    void aPeakBelowTheDefaultStartLowersTheStartButAnExplicitStartAboveThePeakIsAnError(@TempDir Path out)
            throws Exception {
        CliResult lowPeak = run("demo", "--peak", "50", "--ramp", "1s", "--hold", "0s", "--ramp-down", "0s",
                "--rows", "20", "--time-scale", "0.02", "--no-progress", "--out", out.toString());
        CliResult startAbovePeak = run("demo", "--peak", "50", "--start", "60", "--no-progress", "--out",
                out.resolve("never").toString());

        assertThat(lowPeak.exitCode()).as(lowPeak.err()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(SimulationReport.readJson(out.resolve("report.json")).load().peakConcurrency()).isBetween(1, 50);
        assertThat(startAbovePeak.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(startAbovePeak.err()).contains("1 problem", "--start: must be <= --peak (50), was 60");
        assertThat(out.resolve("never")).doesNotExist();
    }

    @Test
    void badCapacityOptionsAreNamedWithTheBuildersMessageBeforeAnyStep() {
        CliResult r = run("capacity", "--max", "2000000", "--hold", "0s", "--time-scale", "11");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("3 problems", "--max: must be <= 1,000,000 concurrent calls",
                "--hold: must be > 0, was PT0S", "--time-scale: must be > 0 and <= 10, was 11.0");
        assertThat(r.out()).doesNotContain("peak");
    }

    @Test
    void unparseableOptionIsAUsageError() {
        CliResult r = run("demo", "--ramp", "soon");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("'soon' is not a duration");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run().exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
    }

    @Test
    void smallDemoWritesTheReportAndTheCallsAndPrintsTheSummary(@TempDir Path out) throws Exception {
        CliResult r = run("demo", "--peak", "60", "--start", "10", "--ramp", "2s", "--hold", "1s", "--ramp-down", "1s",
                "--time-scale", "0.02", "--no-progress", "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_OK);
        // a run this small has too few calls per bucket for the summary's quality rows; report.json has them all
        assertThat(r.out()).contains("Latency under load", "stt_ttft", "user_perceived_gap", "Quality under load",
                "Errors under load", "Harness: event-loop lag");
        SimulationReport report = SimulationReport.readJson(out.resolve("report.json"));
        assertThat(report.load().peakConcurrency()).isBetween(50, 60);
        assertThat(report.simulation().agent()).containsEntry("reference", true);
        assertThat(report.quality("conversation_resolution")).isNotEmpty();
        assertThat(report.breakdown().personas().rows()).isNotEmpty();
        assertThat(report.breakdown().paths().rows()).isNotEmpty();
        assertThat(Files.readAllLines(out.resolve("calls.jsonl"))).hasSize((int) (report.load().callsCompleted()
                + report.load().callsFailed() + report.load().callsTimedOut() + report.load().callsHungUp()));
    }

    @Test
    void aGateNamingUnknownRubricsOrStagesExitsTwoBeforeTheRunAndListsEveryProblem(@TempDir Path out) {
        CliResult r = run("demo", "--no-progress", "--out", out.toString(),
                "--gate", "conversation_resolutoin>=0.8,user_percieved_gap.p95<800ms,error_rate<=5",
                "--gate", "is_polite>=0.9", "--gate-file", out.resolve("missing.yaml").toString());

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("4 problems", "unknown rubric \"conversation_resolutoin\"",
                "unknown stage \"user_percieved_gap\"", "a rate limit is a fraction", "no such file")
                .doesNotContain("Exception", "\tat ");
        assertThat(out.resolve("calls.jsonl")).doesNotExist();
    }

    @Test
    void aGateThatCannotPassExitsOneAndReportAndCompareWorkOnTheRunsFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliResult r = run("demo", "--peak", "60", "--start", "10", "--ramp", "2s", "--hold", "1s", "--ramp-down", "1s",
                "--time-scale", "0.02", "--no-progress", "--out", out.toString(),
                "--gate", "conversation_resolution>=0.1,user_perceived_gap.p95<1ms");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_GATE_FAILED);
        assertThat(r.out()).contains("Gate: FAILED (1 of 2 checks)", "user_perceived_gap P95 at peak", "needs < 1 ms");
        for (String f : new String[] {"report.json", "report.html", "junit.xml", "run.json", "calls.jsonl"}) {
            assertThat(out.resolve(f)).exists();
        }
        assertThat(Files.readString(out.resolve("junit.xml"))).contains("<failure", "user_perceived_gap.p95 &lt; 1 ms");
        SimulationReport original = SimulationReport.readJson(out.resolve("report.json"));

        // rebuild every output from calls.jsonl, judged by another gate
        Path rebuiltDir = dir.resolve("rebuilt");
        CliResult rebuilt = run("report", out.resolve("calls.jsonl").toString(), "--out", rebuiltDir.toString(),
                "--gate", "conversation_resolution>=0.1");
        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(rebuilt.out()).contains("Rebuilt from", "Gate: PASSED");
        SimulationReport again = SimulationReport.readJson(rebuiltDir.resolve("report.json"));
        assertThat(again.latency()).isEqualTo(original.latency());
        assertThat(again.quality()).isEqualTo(original.quality());
        assertThat(again.errors()).isEqualTo(original.errors());
        assertThat(again.load()).isEqualTo(original.load());
        assertThat(rebuiltDir.resolve("report.html")).exists();

        assertThat(run("report", out.resolve("calls.jsonl").toString(), "--out", rebuiltDir.toString(),
                "--gate", "made_up>=0.5").exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(run("report", dir.resolve("nothing.jsonl").toString()).exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);

        // compare: the same run twice has no regression
        CliResult same = run("compare", out.toString(), rebuiltDir.resolve("report.json").toString());
        assertThat(same.exitCode()).as(same.out() + same.err()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(same.out()).contains("0 regressions", "conversation_resolution", "user_perceived_gap.p95");

        // a worse run: every pass rate 10 points lower, every P95 100 ms higher
        ObjectNode worse = (ObjectNode) ReportJson.mapper().readTree(out.resolve("report.json").toFile());
        worse.withArray("quality").forEach(q -> ((ObjectNode) q).put("passRate", q.get("passRate").asDouble() - 0.10));
        worse.withArray("latency").forEach(l -> ((ObjectNode) l).put("p95Ms", l.get("p95Ms").asDouble() + 100));
        Path worseFile = dir.resolve("worse.json");
        ReportJson.mapper().writeValue(worseFile.toFile(), worse);

        CliResult regressed = run("compare", out.resolve("report.json").toString(), worseFile.toString());
        assertThat(regressed.exitCode()).isEqualTo(CallstormCli.EXIT_GATE_FAILED);
        // the P95s rose over enough samples; the rubrics' peak bucket holds too few calls to tell 10 points from noise
        assertThat(regressed.out()).contains("REGRESSION", "regressed: user_perceived_gap.p95",
                "not enough calls to tell: conversation_resolution", "95% interval");
        CliResult lenient = run("compare", out.resolve("report.json").toString(), worseFile.toString(),
                "--max-rubric-drop", "15", "--max-p95-increase", "150");
        assertThat(lenient.exitCode()).isEqualTo(CallstormCli.EXIT_OK);
        CliResult fixed = run("compare", worseFile.toString(), out.resolve("report.json").toString());
        assertThat(fixed.exitCode()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(fixed.out()).contains("improved:  user_perceived_gap.p95");
        CliResult unsure = run("compare", out.resolve("report.json").toString(), worseFile.toString(),
                "--confidence", "0.999");
        assertThat(unsure.out()).contains("at 99.9% confidence");
        assertThat(run("compare", out.resolve("report.json").toString(), worseFile.toString(), "--confidence", "95")
                .exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(run("compare", dir.resolve("none.json").toString(), worseFile.toString()).exitCode())
                .isEqualTo(CallstormCli.EXIT_USAGE);
    }

    @Test
    void durationsReadTheWayPeopleWriteThem() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("90s").toSeconds()).isEqualTo(90);
        assertThat(c.convert("1m30s").toSeconds()).isEqualTo(90);
        assertThat(c.convert("500ms").toMillis()).isEqualTo(500);
        assertThat(c.convert("2m").toSeconds()).isEqualTo(120);
        assertThat(c.convert("45").toSeconds()).isEqualTo(45);
        assertThat(c.convert("PT1M").toSeconds()).isEqualTo(60);
    }
}
