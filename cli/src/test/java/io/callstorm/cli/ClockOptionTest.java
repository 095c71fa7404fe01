package io.callstorm.cli;

import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --clock} and a file's {@code clock:}: virtual for the in-process agent only, a usage error otherwise. */
class ClockOptionTest {
    @Test
    void aVirtualClockWithANetworkConnectorIsAConfigurationError() {
        for (String[] connector : new String[][] {{"--connector", "http"}, {"--connector", "ws"},
                {"--target", "http://127.0.0.1:9"}}) {
            CliResult r = CliResult.run("demo", "--clock", "virtual", connector[0], connector[1], "--no-progress");

            assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_USAGE);
            assertThat(r.err()).contains("--clock", "simulated time", "answers in real time", "use real")
                    .doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void anUnknownClockNamesWhatIsAllowed() {
        CliResult r = CliResult.run("demo", "--clock", "sideways", "--no-progress");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("--clock: must be one of real, virtual, was \"sideways\"");
    }

    @Test
    void aFileRunsOnTheVirtualClockButNotWithAConnectorOverTheNetwork(@TempDir Path dir) throws Exception {
        String small = """
                name: small-virtual
                clock: virtual
                rows: 200
                timeScale: 0.02
                load:
                  start: 10
                  stages:
                    - rampTo: 40
                      duration: 2s
                    - hold: 1s
                out: out
                """;
        Path file = dir.resolve("small.yaml");
        Files.writeString(file, small);

        CliResult r = CliResult.run("run", file.toString(), "--no-progress");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        SimulationReport report = SimulationReport.readJson(dir.resolve("out").resolve(SimulationReport.JSON_FILE));
        assertThat(report.simulation().clock()).isEqualTo("virtual");
        assertThat(r.out()).contains("On the virtual clock");

        Path http = dir.resolve("http.yaml");
        Files.writeString(http, small + """
                agent:
                  connector:
                    kind: http
                """);
        CliResult refused = CliResult.run("run", http.toString(), "--no-progress");
        assertThat(refused.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(refused.err()).contains("clock (line 2, column 1):", "agent.connector.kind http answers in real time");
    }
}
