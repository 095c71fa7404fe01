package io.callstorm.cli;

import io.callstorm.simulate.report.AbReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code callstorm ab}: the reference agent with and without the STT failover, and files that cannot run. */
class AbCommandTest {
    /**
     * 4,000 callers at once, on the virtual clock, speaking at real length (time scale 1) so that their streams
     * outnumber the primary STT region's 2,800: without the failover they queue. Two seconds at peak are enough.
     */
    private static final String SIMULATION = """
            name: %s
            seed: 7
            rows: 400
            timeScale: 1
            clock: virtual
            load:
              start: 100
              stages:
                - rampTo: 4000
                  duration: 1s
                - hold: 2s
            """;

    @Test
    void theFailoverWinsOnSttAndARubricItDoesNotTouchShowsNoDifference(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("primary-only.yaml"), SIMULATION.formatted("primary-only"));
        Path b = Files.writeString(dir.resolve("failover.yaml"), SIMULATION.formatted("failover")
                + "agent:\n  reference:\n    fixes: [stt-failover]\n");
        Path out = dir.resolve("ab");

        // the queueing costs 25-30 ms at this size: a 10 ms threshold sees it, the default 50 ms would call it noise
        CliResult r = CliResult.run("ab", a.toString(), b.toString(), "--out", out.toString(), "--no-progress",
                "--max-p95-increase", "10");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(r.out()).contains("back to back: A, then B", "seed 7", "stt_ttft.p95", "winner");
        AbReport ab = AbReport.readJson(out.resolve(AbReport.JSON_FILE));
        assertThat(ab.order()).isEqualTo("back to back: A, then B");
        assertThat(ab.b().fixes()).containsExactly("stt-failover");
        AbReport.Metric stt = metric(ab, "stt_ttft.p95");
        assertThat(stt.winner()).as("%s", stt).isEqualTo("B");
        assertThat(stt.b()).isLessThan(stt.a());
        assertThat(stt.deltaHigh()).isLessThan(0);
        assertThat(stt.intervalSource()).isEqualTo("order statistics over calls.jsonl");
        assertThat(metric(ab, "stt_ttft.p50").winner()).isEqualTo("B");
        // no rubric scores the STT region: the fix leaves is_polite alone
        AbReport.Metric polite = metric(ab, "is_polite");
        assertThat(polite.winner()).as("%s", polite).isEqualTo(AbReport.Metric.NO_DIFFERENCE);
        assertThat(polite.intervalSource()).isEqualTo("wilson");
        assertThat(metric(ab, "error_rate").winner()).isNotIn("A", "B");

        String html = Files.readString(out.resolve(AbReport.HTML_FILE));
        assertThat(html).contains("\"stt_ttft.p95\"", "Chart.js").doesNotContain("__AB_JSON__", "/*__CHART_JS__*/");
        for (String side : new String[] {"a", "b"}) {
            assertThat(out.resolve(side).resolve("report.json")).exists();
            assertThat(out.resolve(side).resolve("calls.jsonl")).exists();
        }
    }

    @Test
    void badFilesAreExitTwoWithEveryProblemOfBoth(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.yaml"), "load:\n  start: -5\n  stages: [{hold: 1s}]\ncolour: blue\n");
        Path b = Files.writeString(dir.resolve("b.yaml"), "rows: many\nload:\n  stages: [{hold: 1s}]\n");

        CliResult r = CliResult.run("ab", a.toString(), b.toString(), "--out", dir.resolve("out").toString(),
                "--confidence", "1.5", "--no-progress");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("A " + a, "colour", "load.start", "B " + b, "rows", "--confidence")
                .doesNotContain("\tat ");
        assertThat(dir.resolve("out").resolve(AbReport.JSON_FILE)).doesNotExist();
        assertThat(CliResult.run("ab", dir.resolve("missing.yaml").toString(), b.toString()).exitCode())
                .isEqualTo(CallstormCli.EXIT_USAGE);
    }

    private static AbReport.Metric metric(AbReport ab, String name) {
        return ab.metrics().stream().filter(m -> m.metric().equals(name)).findFirst().orElseThrow();
    }
}
