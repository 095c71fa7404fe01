package io.callstorm.cli;

import io.callstorm.simulate.SimulationListener;
import io.callstorm.simulate.measure.ProgressSnapshot;
import io.callstorm.simulate.report.HarnessWindow;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.Locale;

/**
 * The live progress line: elapsed against the profile, concurrency, calls/s, P95 gap and error rate, and
 * {@code HARNESS OVERLOADED} while the harness itself is past one of its limits.
 */
final class ProgressLine extends SimulationListener {
    private ProgressBar bar;
    private double overloadedUntil = -1;

    @Override
    public void runStart(String simulationName, double totalSeconds) {
        bar = new ProgressBarBuilder().setTaskName(simulationName).setInitialMax(Math.round(totalSeconds))
                .setUnit("s", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setMaxRenderedLength(150).hideEta().build();
    }

    @Override
    public void progress(ProgressSnapshot s) {
        if (bar == null) {
            return;
        }
        bar.stepTo(Math.min(Math.round(s.elapsedSeconds()), bar.getMax()));
        bar.setExtraMessage(String.format(Locale.ROOT, "conc %,6d | %,5.0f calls/s | gap p95 %,5.0f ms | err %5.1f%%%s",
                s.concurrency(), s.callsPerSecond(), s.gapP95Ms(), s.errorRate() * 100,
                s.elapsedSeconds() <= overloadedUntil ? " | HARNESS OVERLOADED" : ""));
    }

    @Override
    public void harnessUnhealthy(HarnessWindow window) {
        // checked on the same tick, just before progress(): shown until a second passes without a new window
        overloadedUntil = Math.max(overloadedUntil, window.endSeconds() + 0.5);
    }

    @Override
    public void draining(int callsInProgress) {
        if (bar != null) {
            bar.setExtraMessage(String.format(Locale.ROOT, "draining %,d calls", callsInProgress));
        }
    }

    void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
