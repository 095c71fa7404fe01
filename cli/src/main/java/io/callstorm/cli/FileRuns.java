package io.callstorm.cli;

import io.callstorm.cli.config.SimulationFile;
import io.callstorm.reference.ReferenceAgentConfig;
import io.callstorm.simulate.connect.AgentConnector;

import java.io.IOException;
import java.util.function.Function;

/** What runs of a simulation file outside the {@code run} command (the Java run API) share with it. */
public final class FileRuns {
    private FileRuns() {
    }

    /**
     * The connector the file's {@code agent:} asks for, opened: the embedded reference agent in process, or served
     * as a child process, or the agent at the file's URL. The caller closes it.
     */
    public static AgentConnector connector(SimulationFile spec, ReferenceAgentConfig config,
                                           Function<String, String> environment) throws IOException {
        return AgentConnectors.open(spec.connector(), config, spec.seed(), spec.fixes(), environment);
    }
}
