package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/** {@code --ui} and its settings: the same on {@code run} and {@code demo}. */
final class LiveOptions {
    static final String LOOPBACK = "127.0.0.1";

    @Option(names = "--ui", description = "Serve a live dashboard of the run (load, per-stage P95 against concurrency, "
            + "pass rates, error rate and clusters, harness health, a Stop button) at an address printed at start.")
    boolean ui;

    @Option(names = "--ui-port", paramLabel = "PORT", description = "The dashboard's port (default: a free one, "
            + "printed at start).")
    Integer port;

    @Option(names = "--ui-bind", paramLabel = "ADDRESS", description = "The address the dashboard listens on; "
            + "0.0.0.0 opens it to the network, Stop button included (default: " + LOOPBACK + ", this machine only).")
    String bind;

    @Option(names = "--ui-keep", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Keep the dashboard (and its link to report.html) up this long after the run has ended "
                    + "and its summary is printed (default: 0s: it closes with the command).")
    Duration keep;

    /** Adds a problem for every setting out of range, or given without {@code --ui}. */
    void check(ProblemCollector p) {
        if (!ui) {
            for (String given : new String[] {port != null ? "--ui-port" : null, bind != null ? "--ui-bind" : null,
                    keep != null ? "--ui-keep" : null}) {
                if (given != null) {
                    p.add(given, "sets up the live dashboard: add --ui");
                }
            }
            return;
        }
        p.check(port == null || (port >= 0 && port <= 65_535), "--ui-port", "must be between 0 (a free port) and "
                + "65535, was " + port);
        p.check(keep == null || !keep.isNegative(), "--ui-keep", "must not be negative, was " + keep);
        if (bind != null) {
            try {
                InetAddress.getByName(bind);
            } catch (UnknownHostException e) {
                p.add("--ui-bind", "not an address or a host name this machine can resolve: \"" + bind + '"');
            }
        }
    }

    int portOrFree() {
        return port == null ? 0 : port;
    }

    String bindOrLoopback() {
        return bind == null ? LOOPBACK : bind;
    }

    Duration keepOrNone() {
        return keep == null ? Duration.ZERO : keep;
    }
}
