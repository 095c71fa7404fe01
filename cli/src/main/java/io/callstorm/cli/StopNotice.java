package io.callstorm.cli;

import io.callstorm.simulate.SimulationListener;

import java.io.PrintStream;
import java.util.Locale;

/** Says on stderr, at once, that the run is stopping early, why, and how many calls in progress it cuts short. */
final class StopNotice extends SimulationListener {
    private final PrintStream err;

    StopNotice(PrintStream err) {
        this.err = err;
    }

    @Override
    public void stopping(String reason, int callsInProgress) {
        err.printf(Locale.ROOT, "%ncallstorm: stopping the run: %s. No new calls; %,d call%s in progress cut short "
                        + "(left out of the pass and error rates); the report will say it is partial.%n", reason,
                callsInProgress, callsInProgress == 1 ? "" : "s");
        err.flush();
    }
}
