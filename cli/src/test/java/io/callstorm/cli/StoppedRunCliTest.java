package io.callstorm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.simulate.report.ReportJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as a child process, stopped by a signal mid-run or running out of disk: every started call ends with a
 * status and a whole line, the calls cut short are left out of the rates, the report says it is partial and why, the
 * closing summary is printed whole, and the exit code says what happened.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StoppedRunCliTest {
    private static final List<String> DEMO = List.of("demo", "--peak", "300", "--ramp", "3s", "--hold", "5m",
            "--no-progress");

    private static List<String> javaCommand(Path out) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-D" + HistoryLocation.HOME_PROPERTY + '=' + System.getProperty(HistoryLocation.HOME_PROPERTY),
                "-cp", System.getProperty("java.class.path"), CallstormCli.class.getName()));
        cmd.addAll(DEMO);
        cmd.addAll(List.of("--out", out.toString()));
        return cmd;
    }

    private static Process start(List<String> command, Path logs) throws IOException {
        return new ProcessBuilder(command).redirectOutput(logs.resolve("stdout").toFile())
                .redirectError(logs.resolve("stderr").toFile()).start();
    }

    /** Waits until the run has written {@code lines} calls, so that the signal lands with calls in progress. */
    private static void awaitLines(Path callsFile, int lines, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(callsFile) && Files.readAllLines(callsFile).size() >= lines) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the run wrote fewer than " + lines + " lines in time; alive: " + p.isAlive());
    }

    private static void signal(Process p, String signal) throws Exception {
        int code = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertThat(code).as("kill -%s", signal).isZero();
    }

    private static int exitOf(Process p) throws InterruptedException {
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the process ended").isTrue();
        return p.exitValue();
    }

    private static List<JsonNode> lines(Path callsFile) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(callsFile, StandardCharsets.UTF_8)) {
            out.add(ReportJson.mapper().readTree(line)); // a torn line would throw here
        }
        return out;
    }

    private static long count(List<JsonNode> lines, String status) {
        return lines.stream().filter(l -> l.get("status").asText().equals(status)).count();
    }

    @ParameterizedTest(name = "SIG{0} -> exit {1}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalStopsTheRunCleanlyWithAPartialReport(String signal, int exitCode, @TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("out");
        Process p = start(javaCommand(out), dir);
        awaitLines(out.resolve("calls.jsonl"), 60, p);

        signal(p, signal);

        assertThat(exitOf(p)).isEqualTo(exitCode);
        String stdout = Files.readString(dir.resolve("stdout"));
        String stderr = Files.readString(dir.resolve("stderr"));
        assertThat(stderr).contains("SIG" + signal + " received: stopping the run")
                .contains("calls in progress cut short");
        assertThat(stdout).contains("PARTIAL RUN: stopped at").contains("(SIG" + signal + " received)")
                .contains("Harness") // the summary printed whole, to its last line
                .endsWith("calls.jsonl" + System.lineSeparator());

        JsonNode report = ReportJson.mapper().readTree(out.resolve("report.json").toFile());
        JsonNode load = report.get("load");
        List<JsonNode> lines = lines(out.resolve("calls.jsonl"));
        assertThat(report.at("/completeness/partial").asBoolean()).isTrue();
        assertThat(report.at("/completeness/reason").asText()).isEqualTo("SIG" + signal + " received");
        assertThat(load.get("callsCancelled").asLong()).isPositive()
                .isEqualTo(report.at("/completeness/callsCut").asLong())
                .isEqualTo(count(lines, "CANCELLED"));
        // exact accounting: every call started has a line and a status
        assertThat(lines).hasSize(load.get("callsStarted").asInt());
        assertThat(load.get("callsCompleted").asLong() + load.get("callsFailed").asLong()
                + load.get("callsTimedOut").asLong() + load.get("callsHungUp").asLong()
                + load.get("callsCancelled").asLong()).isEqualTo(load.get("callsStarted").asLong());
        // in no rate: the error-rate rows count the calls that ended on their own
        long rated = 0;
        for (JsonNode row : report.at("/errors/rate")) {
            rated += row.get("calls").asLong();
        }
        assertThat(rated).isEqualTo(lines.size() - count(lines, "CANCELLED"));
        assertThat(Files.readString(out.resolve("junit.xml"))).contains("<property name=\"complete\" value=\"false\"/>");
    }

    @Test
    void aKilledRunIsRebuiltAsPartialAndSaysWhatItCannotKnow(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Process p = start(javaCommand(out), dir);
        awaitLines(out.resolve("calls.jsonl"), 60, p);

        signal(p, "KILL");

        assertThat(exitOf(p)).isEqualTo(137);
        assertThat(out.resolve("report.json")).doesNotExist();
        List<JsonNode> lines = lines(out.resolve("calls.jsonl")); // whole lines only

        CliResult rebuilt = CliResult.run("report", out.resolve("calls.jsonl").toString());

        assertThat(rebuilt.exitCode()).isZero();
        assertThat(rebuilt.out()).contains("PARTIAL RUN: stopped at").contains("killed (e.g. kill -9)")
                .contains("not known: harness:").contains("Harness: not known")
                .doesNotContain("event-loop lag P99 0.0 ms");
        JsonNode report = ReportJson.mapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.at("/completeness/stoppedBy").asText()).isEqualTo("unknown");
        assertThat(report.at("/completeness/callsCut").asLong()).isEqualTo(-1);
        assertThat(report.at("/load/callsStarted").asInt()).isEqualTo(lines.size());
    }

    /**
     * A file system that fills up mid-run: a 300 KB tmpfs in a mount namespace of the child's own where the machine
     * allows it (unprivileged user namespaces), else {@code calls.jsonl} on {@code /dev/full}. Either way the kernel
     * answers ENOSPC.
     */
    @Test
    void aFullDiskStopsTheRunSaysSoAndStillGivesTheReport(@TempDir Path dir) throws Exception {
        Path kept = dir.resolve("kept");
        Files.createDirectories(kept);
        boolean tmpfs = new ProcessBuilder("unshare", "-rm", "true").start().waitFor() == 0;
        Path out;
        Process p;
        if (tmpfs) {
            Path mount = dir.resolve("small");
            Files.createDirectories(mount);
            out = mount.resolve("out");
            String java = String.join(" ", javaCommand(out).stream().map(StoppedRunCliTest::quoted).toList());
            // the tmpfs lives as long as the child's namespace: its calls.jsonl is copied out before it goes
            String script = "mount -t tmpfs -o size=300k tmpfs " + quoted(mount.toString()) + " && { " + java
                    + "; code=$?; cp " + quoted(out.resolve("calls.jsonl").toString()) + " " + quoted(kept.toString())
                    + "; exit $code; }";
            p = start(List.of("unshare", "-rm", "sh", "-c", script), dir);
        } else {
            out = dir.resolve("out");
            Files.createDirectories(out);
            Files.createSymbolicLink(out.resolve("calls.jsonl"), Path.of("/dev/full"));
            p = start(javaCommand(out), dir);
        }

        assertThat(exitOf(p)).isEqualTo(3);
        String stdout = Files.readString(dir.resolve("stdout"));
        String stderr = Files.readString(dir.resolve("stderr"));
        assertThat(stderr).contains("stopping the run: calls.jsonl could not be written: No space left on device")
                .contains("the run's output in " + out + " is incomplete: exit 3")
                .doesNotContain("\tat "); // no stack trace
        assertThat(stdout).contains("PARTIAL RUN: stopped at").contains("Harness");

        Matcher elsewhere = Pattern.compile("the report was written to (\\S+) instead").matcher(stderr);
        if (tmpfs) {
            assertThat(elsewhere.find()).as("the report went where it could: " + stderr).isTrue();
            Path report = Path.of(elsewhere.group(1)).resolve("report.json");
            JsonNode json = ReportJson.mapper().readTree(report.toFile());
            assertThat(json.at("/completeness/stoppedBy").asText()).isEqualTo("output_failure");
            long started = json.at("/load/callsStarted").asLong();
            List<JsonNode> lines = lines(kept.resolve("calls.jsonl")); // cut back to its last whole line
            assertThat(lines.size()).isPositive().isLessThan((int) started);
            deleteTree(report.getParent());
        } else {
            JsonNode json = ReportJson.mapper().readTree(out.resolve("report.json").toFile());
            assertThat(json.at("/completeness/stoppedBy").asText()).isEqualTo("output_failure");
        }
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static void deleteTree(Path dir) throws IOException {
        for (File f : dir.toFile().listFiles()) {
            Files.delete(f.toPath());
        }
        Files.delete(dir);
    }
}
