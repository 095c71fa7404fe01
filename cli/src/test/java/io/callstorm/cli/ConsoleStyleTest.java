package io.callstorm.cli;

import io.callstorm.simulate.measure.ProgressSnapshot;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Colour on a terminal only, {@code NO_COLOR} and {@code --no-color} respected; plain progress lines when piped. */
class ConsoleStyleTest {
    private static final String ESC = "\u001b[";

    @Test
    void colourOnlyOnATerminalWhoseUserDidNotTurnItOff() {
        assertThat(ConsoleStyle.of(true, Map.of("TERM", "xterm-256color")::get, false))
                .isEqualTo(new ConsoleStyle(true, true));
        assertThat(ConsoleStyle.of(true, k -> null, false)).isEqualTo(new ConsoleStyle(true, true));
        assertThat(ConsoleStyle.of(true, Map.of("NO_COLOR", "1")::get, false)).isEqualTo(new ConsoleStyle(true, false));
        assertThat(ConsoleStyle.of(true, Map.of("NO_COLOR", "")::get, false)).isEqualTo(new ConsoleStyle(true, true));
        assertThat(ConsoleStyle.of(true, k -> null, true)).isEqualTo(new ConsoleStyle(true, false));
        assertThat(ConsoleStyle.of(true, Map.of("TERM", "dumb")::get, false)).isEqualTo(ConsoleStyle.PLAIN);
        assertThat(ConsoleStyle.of(false, k -> null, false)).isEqualTo(ConsoleStyle.PLAIN);
    }

    @Test
    void aFailedGateIsRedOnAColourTerminalAndPlainElsewhere() {
        ConsoleStyle colour = new ConsoleStyle(true, true);

        assertThat(colour.failure("FAIL")).startsWith(ESC).contains("31m").contains("FAIL").endsWith("0m");
        assertThat(colour.success("PASSED")).contains("32m", "PASSED");
        assertThat(ConsoleStyle.PLAIN.failure("FAIL")).isEqualTo("FAIL");
    }

    @Test
    void theHelpIsColouredOnAColourTerminalOnly() {
        String coloured = help(new ConsoleStyle(true, true));
        String plain = help(ConsoleStyle.PLAIN);

        assertThat(coloured).contains(ESC);
        assertThat(plain).doesNotContain(ESC).startsWith("Usage: callstorm demo");
    }

    private static String help(ConsoleStyle style) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertThat(CallstormCli.executeOn(style, k -> null, "demo", "--help")).isZero();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pipedProgressIsAPlainLineEveryFiveSeconds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong(1_000);
        ProgressLine line = ProgressLine.plain(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get);
        line.runStart("demo", 105);

        for (int second = 0; second <= 12; second++) { // a snapshot every half second of a fake clock
            for (int half = 0; half < 2; half++) {
                line.progress(new ProgressSnapshot(second + half / 2.0, 105, 100 + second, 40.0, 420, 0.01, second * 40L));
                now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }
        line.draining(7);
        line.close();

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "demo 0/105 s | conc    100 |    40 calls/s | gap p95   420 ms | err   1.0%",
                "demo 5/105 s | conc    105 |    40 calls/s | gap p95   420 ms | err   1.0%",
                "demo 10/105 s | conc    110 |    40 calls/s | gap p95   420 ms | err   1.0%");
    }
}
