package io.callstorm.simulate.cli;

import io.callstorm.simulate.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {

    @Test
    void runsTheFileAndJudgesItsGate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("small.yaml");
        Files.writeString(file, """
                name: small
                seed: 3
                rows: 200
                timeScale: 0.02
                personas: [in-a-hurry, elderly]
                load:
                  start: 10
                  stages:
                    - rampTo: 40
                      duration: 2s
                    - hold: 1s
                agent:
                  reference:
                    fixes: [tts-pool]
                out: out
                gate:
                  - user_perceived_gap.p95 < 1ms
                """);

        CliResult r = CliResult.run("run", file.toString(), "--no-progress");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_GATE_FAILED);
        SimulationReport report = SimulationReport.readJson(dir.resolve("out").resolve(SimulationReport.JSON_FILE));
        assertThat(report.simulation().name()).isEqualTo("small");
        assertThat(report.simulation().seed()).isEqualTo(3);
        assertThat(report.load().peakConcurrency()).isBetween(30, 40);
        assertThat(report.simulation().agent()).containsEntry("fixes", java.util.List.of("tts-pool"));
        assertThat(report.gate().passed()).isFalse();
        assertThat(report.gate().checks()).singleElement().satisfies(c -> assertThat(c.name()).contains("user_perceived_gap"));
    }

    @Test
    void aBadFileListsEveryProblemWithItsPathAndExitsTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                rows: 0
                timeScale: -1
                personas: [frustrated, nobody]
                colour: blue
                load:
                  model: sideways
                  stages:
                    - rampTo: 100
                    - hold: soon
                agent:
                  reference:
                    fixes: [warp-drive]
                """);

        CliResult r = CliResult.run("run", file.toString(), "--no-progress");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("rows", "timeScale", "personas[1]", "nobody", "colour", "load.model",
                "load.stages[0].duration", "load.stages[1].hold", "agent.reference.fixes[0]", "warp-drive")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertThat(CliResult.run("run", "/nonexistent/sim.yaml").exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
    }
}
