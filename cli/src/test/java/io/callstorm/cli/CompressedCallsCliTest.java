package io.callstorm.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --compress-calls} writes calls.jsonl.gz, and {@code report DIR} rebuilds from it. */
class CompressedCallsCliTest {
    @Test
    void aCompressedRunIsRebuiltFromItsDirectory(@TempDir Path dir) {
        Path out = dir.resolve("out");
        CliResult run = CliResult.run("demo", "--peak", "20", "--start", "5", "--ramp", "2s", "--hold", "2s",
                "--ramp-down", "0s", "--rows", "100", "--clock", "virtual", "--compress-calls", "--no-progress",
                "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("calls.jsonl.gz");
        assertThat(out.resolve("calls.jsonl.gz")).isNotEmptyFile();
        assertThat(out.resolve("calls.jsonl")).doesNotExist();

        CliResult report = CliResult.run("report", out.toString());

        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("Rebuilt from").contains("calls.jsonl.gz");
    }
}
