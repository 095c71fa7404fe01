package io.callstorm.cli.config;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.loop.SimulationClock;

import java.util.Locale;
import java.util.Optional;

/**
 * The clock a run is on, as {@code --clock} and a simulation file's {@code clock:} say it: {@code real} (the default)
 * or {@code virtual}.
 */
public final class ClockSetting {
    /** What the setting may say, for help texts and messages. */
    public static final String ALLOWED = "real, virtual";

    private ClockSetting() {
    }

    /** The clock {@code value} names; a problem under {@code path} (and empty) when it names none. */
    public static Optional<SimulationClock> parse(String value, String path, ProblemCollector p) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (SimulationClock c : SimulationClock.values()) {
            if (c.name().toLowerCase(Locale.ROOT).equals(v)) {
                return Optional.of(c);
            }
        }
        p.add(path, "must be one of " + ALLOWED + ", was \"" + value + '"');
        return Optional.empty();
    }

    /**
     * The builder refuses a virtual clock with a connector that answers in real time, but it sees the connector only
     * once it is open, and opening an http or ws connector to the reference agent starts a child process: so the
     * options are checked here first, with the builder's reason.
     */
    public static void checkConnector(SimulationClock clock, ConnectorSpec connector, String path,
                                      String connectorOption, ProblemCollector p) {
        p.check(clock == SimulationClock.REAL || connector.kind().equals(ConnectorSpec.IN_PROCESS), path,
                "virtual runs an in-process agent on simulated time; the agent behind " + connectorOption + " "
                        + connector.kind() + " answers in real time: use real, or the in-process connector");
    }
}
