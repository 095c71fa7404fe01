package io.callstorm.cli;

import io.callstorm.simulate.report.SimulationReport;
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
        // a busy machine may add a failed harness check: the harness's health is the machine's, not the file's
        assertThat(report.gate().checks()).filteredOn(c -> !c.name().equals("harness")).singleElement()
                .satisfies(c -> assertThat(c.name()).contains("user_perceived_gap"));
    }

    @Test
    void runsItsOwnPersonasAndScenarioGraph(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("own.yaml");
        Files.writeString(file, """
                name: own
                rows: 60
                timeScale: 0.02
                clock: virtual
                personas:
                  - id: raj
                    base: in-a-hurry
                    language: en-IN
                    accent: Indian English
                scenarios:
                  name: invoices
                  paths:
                    - id: invoice
                      category: billing
                      expectedOutcome: resolved
                      steps:
                        - {intent: identify, say: "My account number is {account}.", tools: [get_account_info]}
                        - {intent: invoice, say: "What is my current balance?", tools: [get_billing_status]}
                load:
                  start: 5
                  stages:
                    - hold: 2s
                out: out
                """);

        CliResult r = CliResult.run("run", file.toString(), "--no-progress");

        assertThat(r.exitCode()).as(r.err()).isZero();
        java.util.List<String> lines = Files.readAllLines(dir.resolve("out").resolve(SimulationReport.CALLS_FILE));
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).contains("\"persona\":\"raj\"")
                .contains("\"path\":\"invoice\""));
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
    void outOfRangeValuesAreNamedByTheirKeysWithTheBuildersMessage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ranges.yaml");
        Files.writeString(file, """
                rows: 0
                timeScale: 11
                load:
                  start: -5
                  stages:
                    - rampTo: 2000000
                      duration: 0s
                    - hold: 10s
                    - rampTo: -1
                      duration: 5s
                """);

        CliResult r = CliResult.run("run", file.toString(), "--no-progress");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("6 problems",
                "rows (line 1, column 1): must be between 1 and 10,000,000, was 0",
                "timeScale (line 2, column 1): must be > 0 and <= 10, was 11",
                "load.start (line 4, column 3): must be >= 0 concurrent calls, was -5",
                "load.stages[0].rampTo (line 6, column 7): must be <= 1,000,000 concurrent calls, was 2000000",
                "load.stages[0].duration (line 7, column 7): must be > 0, was 0s",
                "load.stages[2].rampTo (line 9, column 7): must be >= 0 concurrent calls, was -1")
                .doesNotContain("scenarios.rows", ".target", "load.peak", "agent.", "\tat ");
    }

    @Test
    void aValueOfTheWrongTypeIsReportedOnceForItsType(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("types.yaml");
        Files.writeString(file, """
                timeScale: fast
                personas: [nobody]
                load:
                  stages:
                    - hold: soon
                """);

        CliResult r = CliResult.run("run", file.toString(), "--no-progress");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("3 problems", "timeScale (line 1, column 1): must be a number, was fast",
                "personas[0] (line 2, column 12): unknown persona or persona set \"nobody\"", "load.stages[0].hold (line 5, column 7): must be a duration")
                .doesNotContain("was 0.0", "must hold at least one", "tests nothing", "\tat ");
    }

    @Test
    void aLoadSectionWithoutStagesIsReportedOnce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("no-stages.yaml");
        Files.writeString(file, """
                load:
                  start: 0
                """);

        CliResult r = CliResult.run("run", file.toString(), "--no-progress");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("1 problem", "load.stages (line 1, column 1): must be a non-empty list")
                .doesNotContain("load.peak", "tests nothing", "load: must be set");
    }

    @Test
    void aBadConnectorSectionListsEveryProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad-connector.yaml");
        Files.writeString(file, """
                load:
                  stages:
                    - rampTo: 10
                      duration: 1s
                agent:
                  reference:
                    fixes: [stt-failover]
                  connector:
                    kind: ws
                    url: http://agent.example.com/media
                    headers: {Authorization: Bearer secret-in-a-file}
                    bearerTokenEnv: CALLSTORM_TEST_UNSET_VARIABLE
                    voice: robot
                    bargeInRate: 2
                    colour: blue
                """);

        CliResult r = CliResult.run("run", file.toString(), "--no-progress");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("agent.connector.url", "ws(s)://", "agent.connector.headers.Authorization",
                "agent.connector.bearerTokenEnv", "CALLSTORM_TEST_UNSET_VARIABLE is not set", "agent.connector.voice",
                "agent.connector.bargeInRate", "agent.connector.colour").doesNotContain("secret-in-a-file", "\tat ");
    }

    @Test
    void aFileSelectsItsConnectorAndItsSettings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("media.yaml");
        Files.writeString(file, """
                load:
                  stages:
                    - rampTo: 6
                      duration: 1s
                agent:
                  connector:
                    kind: ws
                    url: wss://agent.example.com/media
                    headers: {X-Tenant: load-test}
                    customParameters: {tenant: acme}
                    voice: files:voices
                    bargeInRate: 0.25
                    recordAudio: 0.05
                    firstAudioTimeout: 8s
                """);

        var connector = io.callstorm.cli.config.SimulationFile.read(file).connector();

        assertThat(connector.kind()).isEqualTo("ws");
        assertThat(connector.url()).contains(java.net.URI.create("wss://agent.example.com/media"));
        assertThat(connector.isReferenceAgent()).isFalse();
        assertThat(connector.headers()).containsEntry("X-Tenant", "load-test");
        assertThat(connector.customParameters()).containsEntry("tenant", "acme");
        assertThat(connector.voice()).isEqualTo("files:voices");
        assertThat(connector.bargeInRate()).isEqualTo(0.25);
        assertThat(connector.recordAudio()).isEqualTo(0.05);
        assertThat(connector.firstAudioTimeout()).contains(java.time.Duration.ofSeconds(8));
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertThat(CliResult.run("run", "/nonexistent/sim.yaml").exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
    }
}
