package io.callstorm.cli;

import io.callstorm.simulate.SimulationListener;
import io.callstorm.simulate.measure.ProgressSnapshot;
import io.callstorm.simulate.report.HarnessWindow;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The live progress: elapsed against the profile, concurrency, calls/s, P95 gap and error rate, and
 * {@code HARNESS OVERLOADED} while the harness itself is past one of its limits. On a terminal it is one line redrawn
 * in place (a progress bar); piped to a file or a CI log, where each redraw ({@code \r}) would be a frame of its own,
 * it is a plain line, without escape codes, every {@link #PLAIN_INTERVAL_SECONDS} seconds.
 */
final class ProgressLine extends SimulationListener {
    /** Seconds between two plain lines: a CI log of a two-minute run gets about two dozen. */
    static final long PLAIN_INTERVAL_SECONDS = 5;

    private final boolean terminal;
    private final PrintStream plainOut;
    private final LongSupplier nanoTime;
    private ProgressBar bar;
    private String name = "";
    private long total;
    private long lastPlainLine;
    private boolean plainLineShown;
    private double overloadedUntil = -1;

    private ProgressLine(boolean terminal, PrintStream plainOut, LongSupplier nanoTime) {
        this.terminal = terminal;
        this.plainOut = plainOut;
        this.nanoTime = nanoTime;
    }

    /** The progress for {@code style}'s console: a bar on a terminal, else plain lines on stderr. */
    static ProgressLine forConsole(ConsoleStyle style) {
        return style.terminal() ? new ProgressLine(true, System.err, System::nanoTime)
                : plain(System.err, System::nanoTime);
    }

    /** Plain lines on {@code out}, one every {@link #PLAIN_INTERVAL_SECONDS} s of {@code nanoTime}. */
    static ProgressLine plain(PrintStream out, LongSupplier nanoTime) {
        return new ProgressLine(false, out, nanoTime);
    }

    @Override
    public void runStart(String simulationName, double totalSeconds) {
        name = simulationName;
        total = Math.round(totalSeconds);
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(simulationName).setInitialMax(total)
                    .setUnit("s", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                    .setMaxRenderedLength(150).hideEta().build();
        }
    }

    @Override
    public void progress(ProgressSnapshot s) {
        String figures = String.format(Locale.ROOT, "conc %,6d | %,5.0f calls/s | gap p95 %,5.0f ms | err %5.1f%%%s",
                s.concurrency(), s.callsPerSecond(), s.gapP95Ms(), s.errorRate() * 100,
                s.elapsedSeconds() <= overloadedUntil ? " | HARNESS OVERLOADED" : "");
        if (bar != null) {
            bar.stepTo(Math.min(Math.round(s.elapsedSeconds()), bar.getMax()));
            bar.setExtraMessage(figures);
        } else if (!terminal) {
            plainLine(String.format(Locale.ROOT, "%s %,d/%,d s | %s", name, Math.min(Math.round(s.elapsedSeconds()),
                    total), total, figures));
        }
    }

    @Override
    public void harnessUnhealthy(HarnessWindow window) {
        // checked on the same tick, just before progress(): shown until a second passes without a new window
        overloadedUntil = Math.max(overloadedUntil, window.endSeconds() + 0.5);
    }

    @Override
    public void draining(int callsInProgress) {
        String message = String.format(Locale.ROOT, "draining %,d calls", callsInProgress);
        if (bar != null) {
            bar.setExtraMessage(message);
        } else if (!terminal) {
            plainLine(name + " " + message);
        }
    }

    /** Prints {@code line} when none was printed in the last interval (the first always). */
    private void plainLine(String line) {
        long now = nanoTime.getAsLong();
        if (plainLineShown && now - lastPlainLine < TimeUnit.SECONDS.toNanos(PLAIN_INTERVAL_SECONDS)) {
            return;
        }
        plainLineShown = true;
        lastPlainLine = now;
        plainOut.println(line);
    }

    void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
