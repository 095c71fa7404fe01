package io.callstorm.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files the CLI reads besides the simulation file are bounded too: a gate file, a baseline report or a
 * calls.jsonl line past its bound is refused (or skipped) before it is held, named with its option, no trace.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OversizedInputFilesTest {
    /** A file of {@code bytes} that takes no disk (sparse): what matters is that it is not read. */
    private static Path sparse(Path file, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return file;
    }

    @Test
    void aBaselineLargerThanAnyReportIsRefusedByItsOption(@TempDir Path dir) throws Exception {
        Path huge = sparse(dir.resolve("report.json"), 3L * 1024 * 1024 * 1024);

        CliResult r = CliResult.run("demo", "--baseline", huge.toString(), "--out", dir.resolve("out").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--baseline " + huge).contains("a report.json is at most 64 MB")
                .doesNotContain("\tat ");
    }

    @Test
    void aGateFileLargerThanAnyGateIsRefusedByItsOption(@TempDir Path dir) throws Exception {
        Path huge = sparse(dir.resolve("gate.yaml"), 2L * 1024 * 1024);

        CliResult r = CliResult.run("demo", "--gate-file", huge.toString(), "--out", dir.resolve("out").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--gate-file " + huge).contains("a gate file is at most 1,024 KB")
                .doesNotContain("\tat ");
    }

    @Test
    void aCallsLineLongerThanAnyCallIsSkippedUnreadAndCounted(@TempDir Path dir) throws Exception {
        Path calls = dir.resolve("calls.jsonl");
        String good = "{\"callId\":\"call-0\",\"status\":\"COMPLETED\",\"startedAtSeconds\":0.1,\"durationMs\":900,"
                + "\"concurrency\":1,\"turns\":[]}";
        try (Writer w = Files.newBufferedWriter(calls, StandardCharsets.UTF_8)) {
            w.write(good + "\n");
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, 'x');
            for (int i = 0; i < 17; i++) { // 17M characters: past the 16M bound
                w.write(chunk);
            }
            w.write("\n" + good.replace("call-0", "call-1") + "\n");
        }

        CliResult r = CliResult.run("report", calls.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out() + r.err()).contains("1 line(s) longer than 16M characters were skipped unread")
                .contains("2 calls started");
    }
}
