package io.callstorm.cli;

import io.callstorm.cli.config.ConnectorSpec;
import io.callstorm.cli.config.SimulationFile;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.local.LocalEvaluators;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.report.SimulationReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A simulation file run in this process as {@code callstorm run FILE} runs it, for a build tool that embeds the CLI's
 * file reading instead of starting {@code ./callstorm} ({@code callstorm-maven-plugin}'s {@code run} goal). The same
 * file gives the same simulation, gate, output files and summary; what a terminal needs (the progress line, Ctrl-C)
 * is left to the command. Immutable: each setter returns a new run.
 *
 * <pre>{@code
 * SimulationReport report = SimulationFileRun.of(Path.of("simulations/smoke.yaml"))
 *     .outputDirectory(Path.of("target/callstorm"))
 *     .gate(List.of("error_rate<=5%"))
 *     .run(System.out);
 * boolean ship = report.gate().passed();
 * }</pre>
 */
public final class SimulationFileRun {
    /** Where the output goes when neither {@link #outputDirectory(Path)} nor the file's {@code out:} says. */
    public static final Path DEFAULT_OUTPUT = Path.of("callstorm-out");

    private final Path file;
    private final Optional<Path> outputDirectory;
    private final List<String> gate;
    private final Function<String, String> environment;

    private SimulationFileRun(Path file, Optional<Path> outputDirectory, List<String> gate,
                              Function<String, String> environment) {
        this.file = file;
        this.outputDirectory = outputDirectory;
        this.gate = List.copyOf(gate);
        this.environment = environment;
    }

    /** The simulation {@code file} describes (docs/configuration.md), with its own {@code gate:} and {@code out:}. */
    public static SimulationFileRun of(Path file) {
        return new SimulationFileRun(Objects.requireNonNull(file, "file"), Optional.empty(), List.of(), System::getenv);
    }

    /** Writes the reports to {@code directory} instead of the file's {@code out:}. */
    public SimulationFileRun outputDirectory(Path directory) {
        return new SimulationFileRun(file, Optional.of(Objects.requireNonNull(directory, "directory")), gate,
                environment);
    }

    /**
     * Adds gate conditions to the file's {@code gate:} section, each as {@code --gate} takes them (several in one
     * text, comma-separated, e.g. {@code user_perceived_gap.p95<800ms,error_rate<=5%}).
     */
    public SimulationFileRun gate(List<String> conditions) {
        List<String> all = new ArrayList<>(gate);
        conditions.forEach(c -> all.add(Objects.requireNonNull(c, "condition")));
        return new SimulationFileRun(file, outputDirectory, all, environment);
    }

    /** Where the secrets the file names by variable are read: the process's environment unless set (tests, APIs). */
    public SimulationFileRun environment(Function<String, String> environment) {
        return new SimulationFileRun(file, outputDirectory, gate, Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Checks everything, runs the simulation, writes {@code report.json}, {@code report.html}, {@code junit.xml} and
     * the calls to the output directory, and prints the closing summary to {@code console}. The report's
     * {@code gate()} is the verdict: the caller decides what a failed gate does.
     *
     * @throws ConfigurationException listing every problem at once: the file's (each with its path and line), the
     *                                gate's (under {@code gate}), the output directory's (under
     *                                {@code outputDirectory}), and a network connector without a URL (the reference
     *                                agent it would serve needs the CLI's own launcher: use {@code in-process} or
     *                                give {@code agent.connector.url})
     * @throws IOException            when the file cannot be read, or the agent cannot be reached
     * @throws io.callstorm.simulate.OutputFailedException when an output file could not be written
     */
    public SimulationReport run(PrintStream console) throws IOException {
        ProblemCollector p = new ProblemCollector();
        Optional<SimulationFile> read = read(p);
        Path out = outputDirectory.orElseGet(() -> read.flatMap(SimulationFile::out).orElse(DEFAULT_OUTPUT));
        OutputDirectory.check(out, "outputDirectory", p);
        read.ifPresent(spec -> p.check(spec.connector().kind().equals(ConnectorSpec.IN_PROCESS)
                        || spec.connector().url().isPresent(), "agent.connector", "a " + spec.connector().kind() + " connector without a url serves the reference "
                        + "agent from the CLI's own launcher, which a build tool does not have: use kind in-process, "
                        + "or give agent.connector.url"));
        GateOptions options = new GateOptions();
        options.regression = new RegressionOptions();
        options.gate = new ArrayList<>(gate);
        if (read.isPresent() && GateOptions.hasGateSection(file)) {
            options.gateFile = file;
        }
        List<String> rubrics = read.map(spec -> spec.evaluation().rubrics())
                .orElseGet(() -> LocalEvaluators.all().stream().map(Evaluator::rubric).toList());
        GateOptions.Resolved resolved = options.resolve(Optional.of(rubrics), p);
        if (!p.isEmpty()) {
            throw new ConfigurationException("simulation run", p.problems().stream().map(problem ->
                    problem.path().startsWith("--gate") ? new Problem(
                            "gate" + problem.path().substring("--gate".length()), problem.message()) : problem)
                    .toList());
        }
        SimulationFile spec = read.orElseThrow();
        try (OpenedFileRun run = OpenedFileRun.open(spec, environment)) {
            Simulation.Builder sim = run.simulation(out, resolved)
                    .listener(new HarnessWarnings(console, false, ConsoleStyle.PLAIN));
            SimulationReport report = sim.build().run();
            SummaryPrinter.print(report, console);
            console.printf("%nWrote %s, %s, %s and %s%n", out.resolve(SimulationReport.JSON_FILE),
                    out.resolve(SimulationReport.HTML_FILE), out.resolve(SimulationReport.JUNIT_FILE),
                    out.resolve(SimulationReport.CALLS_FILE));
            console.flush();
            return report;
        }
    }

    /** The file, or its problems added to {@code p}, each under the file's name and its path in it. */
    private Optional<SimulationFile> read(ProblemCollector p) throws IOException {
        try {
            return Optional.of(SimulationFile.read(file, environment));
        } catch (ConfigurationException e) {
            e.problems().forEach(problem -> p.add("simulation file " + file + ": " + problem.path(),
                    problem.message()));
            return Optional.empty();
        }
    }
}
