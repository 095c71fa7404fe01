package io.callstorm.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code --ui} options' checks: every problem named by its option, exit 2, before any call is made. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveOptionsCliTest {
    @Test
    void settingsWithoutUiOrOutOfRangeAreUsageErrors(@TempDir Path dir) {
        CliResult withoutUi = CliResult.run("demo", "--ui-port", "8080", "--ui-bind", "0.0.0.0", "--no-progress",
                "--out", dir.resolve("a").toString());
        assertThat(withoutUi.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(withoutUi.err()).contains("--ui-port", "--ui-bind").contains("add --ui");

        CliResult outOfRange = CliResult.run("demo", "--ui", "--ui-port", "70000",
                "--no-progress", "--out", dir.resolve("b").toString());
        assertThat(outOfRange.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(outOfRange.err()).contains("--ui-port").contains("65535");
    }

    @Test
    void aTakenPortIsAUsageErrorAndNoRunStarts(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path out = dir.resolve("out");
            CliResult r = CliResult.run("demo", "--ui", "--ui-port", Integer.toString(taken.getLocalPort()),
                    "--peak", "5", "--ramp", "1s", "--hold", "0s", "--no-progress", "--out", out.toString());
            assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
            assertThat(r.err()).contains("--ui-port").contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(out.resolve("calls.jsonl")).doesNotExist();
        }
    }
}
