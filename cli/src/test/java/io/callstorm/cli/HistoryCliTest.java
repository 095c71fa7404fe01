package io.callstorm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.reference.ReferenceAgentConfig;
import io.callstorm.reference.server.ReferenceAgentServer;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run} and {@code demo} keep every run in the history, {@code history} lists and shows them, and
 * {@code --baseline last|rolling:7d|tag:NAME} compares a run with them as {@code compare} would: a regression exits 1.
 */
class HistoryCliTest {
    private static final Function<String, String> NO_ENVIRONMENT = k -> null;
    /** A small, fast run on simulated time: the reference agent in-process, a handful of calls. */
    private static final List<String> SMALL = List.of("--clock", "virtual", "--peak", "6", "--start", "2", "--ramp",
            "2s", "--hold", "2s", "--ramp-down", "0s", "--rows", "30", "--no-progress");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliResult demo(Path out, Path history, String... more) {
        List<String> args = new ArrayList<>(List.of("demo"));
        args.addAll(SMALL);
        args.addAll(List.of("--out", out.toString(), "--history", history.toString()));
        args.addAll(List.of(more));
        return CliResult.run(NO_ENVIRONMENT, args.toArray(String[]::new));
    }

    @Test
    void everyDemoIsRecordedWithItsTagsAndHistoryListsAndShowsIt(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("h").resolve("history.db");
        CliResult first = demo(dir.resolve("a"), history, "--release", "2026.12", "--agent-version", "4.1.0",
                "--tag", "team=voice", "--tag", "provider=stt:a");
        CliResult second = demo(dir.resolve("b"), history, "--fix", "stt-failover");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        String firstId = SimulationReport.readJson(dir.resolve("a/report.json")).simulation().runId();
        String secondId = SimulationReport.readJson(dir.resolve("b/report.json")).simulation().runId();
        assertThat(firstId).matches("\\d{8}-\\d{6}-[0-9a-f]{6}").isNotEqualTo(secondId);
        assertThat(first.out()).contains("Recorded run " + firstId + " in the history " + history);

        CliResult list = CliResult.run(NO_ENVIRONMENT, "history", "--history", history.toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(firstId, secondId, "demo+fixes", "release=2026.12", "team=voice");
        assertThat(list.out().indexOf(secondId)).as("newest first").isLessThan(list.out().indexOf(firstId));

        CliResult tagged = CliResult.run(NO_ENVIRONMENT, "history", "--history", history.toString(), "--tag",
                "2026.12", "--json");
        JsonNode runs = JSON.readTree(tagged.out());
        assertThat(runs).hasSize(1);
        JsonNode run = runs.get(0);
        assertThat(run.get("runId").asText()).isEqualTo(firstId);
        assertThat(run.get("simulation").asText()).isEqualTo("demo");
        assertThat(run.get("tags").get("agent_version").asText()).isEqualTo("4.1.0");
        assertThat(run.get("tags").get("provider").asText()).isEqualTo("stt:a");
        // the tests run inside the project's git checkout: the commit is a tag of its own
        assertThat(run.get("tags").get("git_sha").asText()).matches("[0-9a-f]{40}");
        assertThat(run.get("callsStarted").asLong()).isEqualTo(
                SimulationReport.readJson(dir.resolve("a/report.json")).load().callsStarted());

        assertThat(JSON.readTree(CliResult.run(NO_ENVIRONMENT, "history", "--history", history.toString(),
                "--simulation", "demo+fixes", "--json").out())).singleElement()
                .satisfies(r -> assertThat(r.get("runId").asText()).isEqualTo(secondId));
        assertThat(JSON.readTree(CliResult.run(NO_ENVIRONMENT, "history", "--history", history.toString(),
                "--since", "2099-01-01", "--json").out())).isEmpty();
        assertThat(JSON.readTree(CliResult.run(NO_ENVIRONMENT, "history", "--history", history.toString(),
                "--limit", "1", "--json").out())).hasSize(1);

        CliResult show = CliResult.run(NO_ENVIRONMENT, "history", "show", firstId, "--history", history.toString());
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("Run " + firstId + ": demo", "latency at peak:", "user_perceived_gap",
                "pass rate at peak:", "conversation_resolution", "release=2026.12", "gate: no gate");
        JsonNode shown = JSON.readTree(CliResult.run(NO_ENVIRONMENT, "history", "show", secondId, "--json",
                "--history", history.toString()).out());
        assertThat(shown.get("summary").get("runId").asText()).isEqualTo(secondId);
        assertThat(shown.get("latency")).isNotEmpty();
        assertThat(shown.get("report").get("simulation").get("runId").asText()).isEqualTo(secondId);

        CliResult unknown = CliResult.run(NO_ENVIRONMENT, "history", "show", "nope", "--history", history.toString());
        assertThat(unknown.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(unknown.err()).contains("no run nope in the history");
    }

    @Test
    void noHistorySkipsIt(@TempDir Path dir) {
        Path history = dir.resolve("history.db");
        CliResult r = demo(dir.resolve("a"), history, "--no-history");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("Recorded run");
        assertThat(history).doesNotExist();
        assertThat(CliResult.run(NO_ENVIRONMENT, "history", "--history", history.toString()).out())
                .startsWith("No runs in the history");
    }

    @Test
    void aHistoryThatCannotBeWrittenIsAWarningAndTheRunKeepsItsOutputs(@TempDir Path dir) throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        CliResult r = demo(dir.resolve("a"), notAFolder.resolve("history.db"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("callstorm: warning: the run was not recorded in the history "
                + notAFolder.resolve("history.db"));
        assertThat(dir.resolve("a/report.json")).isRegularFile();
        assertThat(dir.resolve("a/report.html")).isRegularFile();
    }

    @Test
    void withoutHistoryTheRunGoesToTheCallstormHome(@TempDir Path dir) {
        // the build sets callstorm.home for every test (cli/pom.xml): no test writes the real ~/.callstorm
        Path home = Path.of(System.getProperty(HistoryLocation.HOME_PROPERTY));
        List<String> args = new ArrayList<>(List.of("demo"));
        args.addAll(SMALL);
        args.addAll(List.of("--out", dir.toString()));
        CliResult r = CliResult.run(NO_ENVIRONMENT, args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("in the history " + home.resolve("history.db").toAbsolutePath());
        assertThat(HistoryLocation.defaultFile(Map.of(HistoryLocation.HOME_VARIABLE, "/elsewhere")::get))
                .as("the system property wins over CALLSTORM_HOME").isEqualTo(home.resolve("history.db"));
    }

    @Test
    void theHistoryCanComeFromTheEnvironment(@TempDir Path dir) {
        Path history = dir.resolve("env.db");
        List<String> args = new ArrayList<>(List.of("demo"));
        args.addAll(SMALL);
        args.addAll(List.of("--out", dir.resolve("out").toString()));
        CliResult r = CliResult.run(Map.of("CALLSTORM_HISTORY", history.toString())::get, args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(history).isRegularFile();
    }

    @Test
    void noBaselineInTheHistoryIsSaidAndTheRunGoesOn(@TempDir Path dir) {
        Path history = dir.resolve("history.db");
        CliResult r = demo(dir.resolve("a"), history, "--baseline", "rolling:7d");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("callstorm: no baseline in the history " + history
                + " for --baseline rolling:7d: no run of demo in the last 7d; the run goes on without one");
        assertThat(r.out()).contains("Recorded run");

        CliResult compare = CliResult.run(NO_ENVIRONMENT, "compare", "--baseline", "tag:2020.1", "--history",
                history.toString(), dir.resolve("a").toString());
        assertThat(compare.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(compare.err()).contains("no run of demo tagged release=2020.1: nothing to compare with");
    }

    @Test
    void aBadBaselineSpecIsAUsageError(@TempDir Path dir) {
        CliResult r = demo(dir.resolve("a"), dir.resolve("history.db"), "--baseline", "rolling:7", "--tag", "x");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("--baseline", "rolling:7d, rolling:36h", "--tag", "must be KEY=VALUE");
        assertThat(dir.resolve("a/report.json")).doesNotExist();

        CliResult report = CliResult.run(NO_ENVIRONMENT, "report", dir.resolve("a").toString(), "--baseline", "last");
        assertThat(report.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
    }

    /**
     * Two runs against the reference agent served over HTTP, then a third against one whose LLM answers its first
     * token four times later: against the median of the week, the third regresses and exits 1, as compare does.
     */
    @Test
    void aRunClearlyWorseThanTheRollingWeekExitsOne(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("history.db");
        ReferenceAgentConfig usual = ReferenceAgentConfig.defaults();
        try (ReferenceAgentServer agent = ReferenceAgentServer.start(usual, 0)) {
            for (String run : List.of("a", "b")) {
                CliResult r = served(agent, dir.resolve(run), history);
                assertThat(r.exitCode()).as(r.err()).isZero();
            }
        }
        CliResult worse;
        CliResult relaxed;
        try (ReferenceAgentServer slow = ReferenceAgentServer.start(usual.toBuilder().llmTtftMedianMillis(900).build(),
                0)) {
            worse = served(slow, dir.resolve("c"), history, "--baseline", "rolling:7d");
            relaxed = served(slow, dir.resolve("d"), history, "--baseline", "rolling:7d", "--max-p95-increase",
                    "100000", "--max-rubric-drop", "100", "--max-error-rate-increase", "100");
        }

        assertThat(worse.out()).contains("Baseline: median of 2 runs of demo since ");
        assertThat(worse.exitCode()).as(worse.out() + worse.err()).isEqualTo(CallstormCli.EXIT_GATE_FAILED);
        SimulationReport report = SimulationReport.readJson(dir.resolve("c/report.json"));
        assertThat(report.gate().checks()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("baseline:llm_ttft.p95");
            assertThat(c.passed()).isFalse();
        });
        // the same run with thresholds it cannot exceed passes: the exit code is the comparison's, not the history's
        assertThat(relaxed.exitCode()).as(relaxed.out() + relaxed.err()).isZero();

        // compare --baseline: the report against the history, itself left out of it
        CliResult compare = CliResult.run(NO_ENVIRONMENT, "compare", "--baseline", "last", "--history",
                history.toString(), dir.resolve("a").toString());
        assertThat(compare.out()).contains("run " + SimulationReport.readJson(dir.resolve("d/report.json"))
                .simulation().runId() + " of demo");
        CliResult compareWorse = CliResult.run(NO_ENVIRONMENT, "compare", "--baseline", "rolling:7d", "--history",
                history.toString(), dir.resolve("c").toString());
        assertThat(compareWorse.out()).contains("median of 3 runs of demo", "llm_ttft.p95", "REGRESSION");
        assertThat(compareWorse.exitCode()).isEqualTo(CallstormCli.EXIT_GATE_FAILED);
    }

    private static CliResult served(ReferenceAgentServer agent, Path out, Path history, String... more) {
        List<String> args = new ArrayList<>(List.of("demo", "--target", agent.baseUrl().toString(), "--peak", "6", "--start",
                "3", "--ramp", "1s", "--hold", "2s", "--ramp-down", "0s", "--rows", "30", "--time-scale", "0.02",
                "--no-progress", "--out", out.toString(), "--history", history.toString()));
        args.addAll(List.of(more));
        return CliResult.run(NO_ENVIRONMENT, args.toArray(String[]::new));
    }
}
