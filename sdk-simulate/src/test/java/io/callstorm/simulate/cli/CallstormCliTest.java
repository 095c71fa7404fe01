package io.callstorm.simulate.cli;

import io.callstorm.simulate.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CallstormCliTest {

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = CallstormCli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void badDemoOptionsExitWithTwoAndListEveryProblem() {
        Result r = run("demo", "--peak", "50", "--start", "100", "--time-scale", "0", "--fix", "stt-failover,warp-drive",
                "--rows", "0", "--no-progress");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("--start", "--time-scale", "--fix", "warp-drive", "stt-failover, prompt-trim",
                "--rows").doesNotContain("Exception", "\tat ");
    }

    @Test
    void unparseableOptionIsAUsageError() {
        Result r = run("demo", "--ramp", "soon");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("'soon' is not a duration");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run().exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
    }

    @Test
    void smallDemoWritesTheReportAndTheCallsAndPrintsTheSummary(@TempDir Path out) throws Exception {
        Result r = run("demo", "--peak", "60", "--start", "10", "--ramp", "2s", "--hold", "1s", "--ramp-down", "1s",
                "--time-scale", "0.02", "--no-progress", "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_OK);
        // a run this small has too few calls per bucket for the summary's quality rows; report.json has them all
        assertThat(r.out()).contains("Latency under load", "stt_ttft", "user_perceived_gap", "Quality under load",
                "Errors under load", "Harness: event-loop lag");
        SimulationReport report = SimulationReport.readJson(out.resolve("report.json"));
        assertThat(report.load().peakConcurrency()).isBetween(50, 60);
        assertThat(report.simulation().agent()).containsEntry("reference", true);
        assertThat(report.quality("conversation_resolution")).isNotEmpty();
        assertThat(Files.readAllLines(out.resolve("calls.jsonl"))).hasSize((int) (report.load().callsCompleted()
                + report.load().callsFailed() + report.load().callsTimedOut() + report.load().callsHungUp()));
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
