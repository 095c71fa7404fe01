package io.callstorm.cli;

import io.callstorm.cli.config.CallerSection;
import io.callstorm.cli.config.EvaluationSpec;
import io.callstorm.cli.config.SimulationFile;
import io.callstorm.reference.ReferenceAgentConfig;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.connect.AgentConnector;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What a simulation file's run holds open, the one place a checked file becomes a simulation for {@code run} and for
 * {@link SimulationFileRun} (the Maven plugin, the Java run API): its callers' model, its evaluators (a judge, the
 * remote API) and the connection to its agent. Closing closes them, the agent last opened first.
 */
final class OpenedFileRun implements AutoCloseable {
    private final SimulationFile spec;
    private final CallerSection.Callers callers;
    private final EvaluationSpec.Opened evaluators;
    private final AgentConnector agent;

    private OpenedFileRun(SimulationFile spec, CallerSection.Callers callers, EvaluationSpec.Opened evaluators,
                          AgentConnector agent) {
        this.spec = spec;
        this.callers = callers;
        this.evaluators = evaluators;
        this.agent = agent;
    }

    /** Opens what {@code spec} needs, reading its secrets from {@code environment}. */
    static OpenedFileRun open(SimulationFile spec, Function<String, String> environment) throws IOException {
        ReferenceAgentConfig config = ReferenceAgentConfig.defaults().toBuilder().seed(spec.seed()).build()
                .withFixes(spec.fixes());
        CallerSection.Callers callers = spec.callers().open();
        EvaluationSpec.Opened evaluators = null;
        try {
            evaluators = spec.evaluation().open(environment);
            AgentConnector agent = AgentConnectors.open(spec.connector(), config, spec.seed(), spec.fixes(),
                    environment);
            return new OpenedFileRun(spec, callers, evaluators, agent);
        } catch (IOException | RuntimeException e) {
            if (evaluators != null) {
                evaluators.close();
            }
            callers.close();
            throw e;
        }
    }

    /** The file's simulation against the opened agent, scored and voiced as the file says, writing to {@code out}. */
    Simulation.Builder simulation(Path out, GateOptions.Resolved gate) {
        Simulation.Builder sim = spec.simulation()
                .agent(spec.agent(), agent)
                .evaluators(evaluators.evaluators())
                .callers(callers.mode())
                .outputDirectory(out)
                .gate(gate.gate());
        return gate.baseline().isPresent() ? sim.baseline(gate.baseline().get(), gate.thresholds()) : sim;
    }

    @Override
    public void close() {
        try {
            agent.close();
        } finally {
            try {
                evaluators.close();
            } finally {
                callers.close();
            }
        }
    }
}
