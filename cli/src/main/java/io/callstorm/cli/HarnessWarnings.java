package io.callstorm.cli;

import io.callstorm.simulate.SimulationListener;
import io.callstorm.simulate.report.HarnessWindow;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Says on stderr, at once, when the harness itself goes past one of its limits: one line when a reason starts (a
 * reason that goes on second after second is not repeated until it has stopped), so that a run whose load generator
 * is the bottleneck is never mistaken for a run of a slow agent.
 */
final class HarnessWarnings extends SimulationListener {
    private final PrintStream err;
    private final boolean afterProgressBar;
    private final ConsoleStyle style;
    private final Map<String, Double> lastEnd = new HashMap<>();
    private volatile long warnings;

    HarnessWarnings(PrintStream err, boolean afterProgressBar, ConsoleStyle style) {
        this.err = err;
        this.style = style;
        this.afterProgressBar = afterProgressBar;
    }

    @Override
    public void harnessUnhealthy(HarnessWindow w) {
        Double previous = lastEnd.put(w.reason(), w.endSeconds());
        if (previous != null && previous >= w.startSeconds()) {
            return; // the same episode, still going on
        }
        warnings++;
        err.printf(Locale.ROOT, "%s%s: harness overloaded at %.1f s: %s. The load generator, not the agent, is the "
                        + "bottleneck here; its figures for this stretch are suspect (a gated run fails its harness "
                        + "check).%n", afterProgressBar ? "\n" : "", style.warning("WARNING"), w.startSeconds(),
                w.detail());
    }

    /** Warning lines printed so far. */
    long warnings() {
        return warnings;
    }
}
