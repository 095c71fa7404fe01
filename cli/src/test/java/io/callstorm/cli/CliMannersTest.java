package io.callstorm.cli;

import io.callstorm.reference.ReferenceAgentConfig;
import io.callstorm.reference.server.ReferenceAgentServer;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the command line behaves around the run (issue 16, item 3), each case by its exit code and the exact first line
 * it prints: one line and a hint for a bad flag, a YAML syntax error in one problem, a gate file's problems under the
 * file and field, plain progress when piped, options from {@code CALLSTORM_*} variables, shell completion, one style
 * of option labels, and an OpenAI base URL as {@code --target}. ({@code demo --peak 50}, whose default start adapts,
 * is {@link CallstormCliTest#aPeakBelowTheDefaultStartLowersTheStartButAnExplicitStartAboveThePeakIsAnError}; colour is
 * {@link ConsoleStyleTest}.)
 */
class CliMannersTest {
    private static final Function<String, String> NO_ENVIRONMENT = k -> null;
    /** A small, fast run: the reference agent, 4 calls, about two seconds. */
    private static final List<String> SMALL = List.of("--peak", "4", "--start", "2", "--ramp", "1s", "--hold", "1s",
            "--ramp-down", "0s", "--rows", "20", "--time-scale", "0.02");

    private static CliResult run(String... args) {
        return CliResult.run(NO_ENVIRONMENT, args);
    }

    private static CliResult run(Map<String, String> environment, String... args) {
        return CliResult.run(environment::get, args);
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    private static String[] small(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("demo"));
        args.addAll(SMALL);
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aBadValueIsOneLineAndAHintWithExitTwo() {
        CliResult r = run("demo", "--peak", "abc");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(lines(r.err())).containsExactly("callstorm demo: Invalid value for option '--peak': 'abc' is not an int",
                "Try 'callstorm demo --help' for its options.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnknownFlagIsOneLineAndAHintWithExitTwo() {
        CliResult r = run("demo", "--bogus");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(lines(r.err())).containsExactly("callstorm demo: Unknown option: '--bogus'",
                "Try 'callstorm demo --help' for its options.");
    }

    @Test
    void aYamlSyntaxErrorIsOneProblemWithItsLineAndColumnAndExitTwo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("broken.yaml"), "name: x\nload: [\n  a: b\n");

        CliResult r = run("run", file.toString(), "--no-progress");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(lines(r.err())).hasSize(2).first().isEqualTo("Invalid simulation file " + file + " (1 problem):");
        assertThat(lines(r.err()).get(1)).contains("(line 4, column 1)", "is not a valid simulation file")
                .doesNotContain("Exception");
    }

    @Test
    void aGateProblemInTheSimulationFileIsNamedByTheFileAndFieldNotByGate(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sim.yaml"), """
                name: gated
                rows: 20
                load:
                  start: 2
                  stages:
                    - rampTo: 4
                      duration: 1s
                gate:
                  - error_rate <= 0.05
                  - conversation_resolutoin >= 0.8
                """);

        CliResult r = run("run", file.toString(), "--no-progress", "--out", dir.resolve("out").toString());

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(lines(r.err())).first().isEqualTo("Invalid run options (1 problem):");
        assertThat(lines(r.err()).get(1)).startsWith("  - " + file + " gate[1] \"conversation_resolutoin>=0.8\": "
                + "unknown rubric \"conversation_resolutoin\"");
        assertThat(r.err()).doesNotContain("--gate");
    }

    @Test
    void aGateProblemInAGateFileIsNamedByTheFlagTheFileAndTheField(@TempDir Path dir) throws Exception {
        Path gates = Files.writeString(dir.resolve("gates.yaml"), "gate:\n  is_politee: 0.9\n");

        CliResult r = run("demo", "--gate-file", gates.toString(), "--gate", "is_helpfull>=0.5", "--no-progress",
                "--out", dir.resolve("out").toString());

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(lines(r.err())).first().isEqualTo("Invalid demo options (2 problems):");
        assertThat(r.err()).contains("  - --gate \"is_helpfull>=0.5\": unknown rubric \"is_helpfull\"",
                "  - --gate-file " + gates + " gate.is_politee \"is_politee>=0.9\": unknown rubric \"is_politee\"");
    }

    @Test
    void pipedProgressIsPlainLinesWithoutCarriageReturnsOrEscapeCodes(@TempDir Path out) {
        CliResult r = run(small(out));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(lines(r.err())).first().asString().matches("demo \\d/2 s \\| conc +\\d+ \\| .* calls/s \\| gap p95 .*");
        assertThat(r.err() + r.out()).doesNotContain("\r", "\u001b[");
    }

    @Test
    void anOptionComesFromItsEnvironmentVariableAndTheFlagWins() {
        CliResult fromEnvironment = run(Map.of("CALLSTORM_TIME_SCALE", "0"), "demo");
        CliResult flagWins = run(Map.of("CALLSTORM_TIME_SCALE", "0"), "demo", "--time-scale", "11");

        assertThat(fromEnvironment.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(lines(fromEnvironment.err())).containsExactly("Invalid demo options (1 problem):",
                "  - --time-scale: must be > 0 and <= 10, was 0.0");
        assertThat(flagWins.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(lines(flagWins.err())).containsExactly("Invalid demo options (1 problem):",
                "  - --time-scale: must be > 0 and <= 10, was 11");
    }

    @Test
    void aBadValueFromTheEnvironmentNamesItsVariable() {
        CliResult r = run(Map.of("CALLSTORM_PEAK", "abc"), "demo");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(lines(r.err())).first().isEqualTo("callstorm demo: Invalid value for option '--peak': 'abc' is not "
                + "an int (from the environment variable CALLSTORM_PEAK)");
    }

    @Test
    void flagsListsAndEmptyVariablesFromTheEnvironment(@TempDir Path out) {
        Map<String, String> environment = new HashMap<>();
        environment.put("CALLSTORM_FIX", "stt-failover,warp-drive"); // a list, split as the flag is
        environment.put("CALLSTORM_ROWS", ""); // empty: unset, so the default holds
        environment.put("CALLSTORM_JUDGE_MODEL", "gpt-x"); // the judge's own variable: no --judge-model without a judge

        CliResult r = run(environment, "demo", "--out", out.toString());

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(lines(r.err())).first().isEqualTo("Invalid demo options (1 problem):");
        assertThat(lines(r.err()).get(1)).startsWith("  - --fix: unknown fix \"warp-drive\"");
    }

    @Test
    void theHelpShowsAVariablesValueAsTheDefaultAndSaysHowVariablesWork() {
        CliResult r = run(Map.of("CALLSTORM_HOLD", "2s"), "demo", "--help");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(lines(r.out())).first().isEqualTo("Usage: callstorm demo [-hV] [--compress-calls] [--no-color] "
                + "[--no-history]");
        assertThat(r.out()).contains("--hold=DURATION        Time held at peak (default: 2s).",
                "Every option can also be set by an environment variable: CALLSTORM_ and its");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "run", "eval", "report", "compare", "history", "capacity", "templates",
            "serve-agent", "completion"})
    void everyOptionHasAnUppercaseLabel(String command) {
        CliResult r = run(command, "--help");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_OK);
        java.util.regex.Matcher label = java.util.regex.Pattern.compile("--[a-z-]+=([^\\s\\[\\],]+)").matcher(r.out());
        List<String> labels = label.results().map(m -> m.group(1)).toList();
        assertThat(labels.isEmpty()).as("options with values").isEqualTo(List.of("templates", "completion")
                .contains(command));
        assertThat(labels).as("labels such as <hold> or <peakOption> (was --hold=<hold>)")
                .allMatch(l -> l.matches("[A-Z][A-Z_]*"), "in one style: N, DURATION, DIR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "zsh"})
    void completionPrintsPicocliScriptForEveryCommandAndOption(String shell) {
        CliResult r = run("completion", shell);

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(lines(r.out())).first().isEqualTo("#!/usr/bin/env bash");
        assertThat(r.out()).contains("complete -F _complete_callstorm", "ZSH_VERSION", "serve-agent", "--peak",
                "--gate-file", "--no-color");
    }

    @Test
    void completionForAnotherShellIsAUsageError() {
        CliResult r = run("completion", "fish");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(lines(r.err())).containsExactly("callstorm completion: SHELL must be bash or zsh, was \"fish\"",
                "Try 'callstorm completion --help' for its options.");
    }

    /** The base URL an OpenAI client takes, with its {@code /v1}, reaches {@code /v1/chat/completions}. */
    @ParameterizedTest
    @ValueSource(strings = {"/v1", "/v1/chat/completions"})
    void aTargetWithV1OrTheFullEndpointIsAccepted(String suffix, @TempDir Path out) throws Exception {
        CliResult r;
        try (ReferenceAgentServer agent = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0)) {
            r = run(small(out, "--target", agent.baseUrl() + suffix, "--no-progress"));
        }

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_OK);
        SimulationReport report = SimulationReport.readJson(out.resolve("report.json"));
        assertThat(report.load().callsCompleted()).isPositive();
        assertThat(report.load().callsFailed()).isZero();
    }
}
