package io.callstorm.cli.scenarios;

import io.callstorm.cli.config.CatalogFile;
import io.callstorm.cli.config.SimulationFile;
import io.callstorm.core.Outcome;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.reference.ReferenceAgent;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.load.LoadProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code callstorm scenarios show FILE}: the rows a run would expand (locally, from the seed, as the run does),
 * counted per path, persona and expected outcome, with the paths too thin to measure a pass rate at the peak
 * concurrency bucket flagged (the rule is {@link BranchCoverage}'s). FILE is a simulation file (its personas, rows,
 * seed and load profile) or a catalog file (its scenario graph, checked against its agent or {@code --agent}'s).
 * Exit codes: 0 shown (flags are warnings), 2 bad input.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show how a run's rows spread over paths, personas and outcomes, and flag paths with too few "
                + "rows to measure a pass rate at the peak concurrency bucket.")
final class ShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A simulation file, or a catalog file with scenarios:.")
    java.nio.file.Path file;

    @Option(names = "--rows", paramLabel = "N", description = "Rows to expand (default: the simulation file's rows, "
            + "else " + Simulation.DEFAULT_ROWS + ").")
    Integer rows;

    @Option(names = "--seed", paramLabel = "N", description = "The expansion seed (default: the simulation file's, "
            + "else 1).")
    Long seed;

    @Option(names = "--personas", split = ",", paramLabel = "IDS", description = "Who calls, with a catalog file: "
            + "built-in or catalog persona ids, or one persona set (default: all 18 built-ins).")
    List<String> personaIds = new ArrayList<>();

    @Option(names = "--scenarios", paramLabel = "NAME", description = "Which graph of the catalog file (default: "
            + "its only one).")
    String graphName;

    @Option(names = "--agent", paramLabel = "FILE", description = "With a catalog file: a catalog file whose agent "
            + "the paths' tools are checked against (default: the file's own agent, else the reference agent).")
    java.nio.file.Path agentFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Subject s = subject();
            ProblemCollector p = new ProblemCollector();
            p.check(s.rows() >= 1 && s.rows() <= 10_000_000, "--rows", "must be between 1 and 10,000,000, was "
                    + s.rows());
            p.throwIfAny("options of scenarios show");
            BranchCoverage c = BranchCoverage.of(s.personas(), s.graph(), s.rows(), s.seed(), s.load());
            print(out, s, c);
            out.flush();
            return ScenariosCommand.EXIT_OK;
        } catch (ConfigurationException | IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ScenariosCommand.EXIT_USAGE;
        }
    }

    /** What is shown: the graph, who calls, how many rows from which seed, and the load when a file gives one. */
    private record Subject(String source, ScenarioGraph graph, List<Persona> personas, int rows, long seed,
                           Optional<LoadProfile> load) {
    }

    private Subject subject() throws IOException {
        if (!CatalogFile.looksLikeCatalog(file)) {
            ProblemCollector p = new ProblemCollector();
            p.check(personaIds.isEmpty(), "--personas", "is for a catalog file; a simulation file names its own");
            p.check(graphName == null, "--scenarios", "is for a catalog file; a simulation file names its own");
            p.check(agentFile == null, "--agent", "is for a catalog file; a simulation file names its own");
            p.throwIfAny("options of scenarios show");
            SimulationFile sim = SimulationFile.read(file, new UnconnectedEnvironment(System::getenv));
            return new Subject("simulation file " + file, sim.scenarios(), sim.personas(),
                    rows != null ? rows : sim.rows(), seed != null ? seed : sim.seed(), Optional.of(sim.load()));
        }
        CatalogFile catalog = CatalogFile.read(file);
        AgentDefinition agent;
        if (agentFile != null) {
            agent = CatalogFile.read(agentFile).agent(Optional.empty());
        } else if (catalog.ids("agents").size() == 1) {
            agent = catalog.agent(Optional.empty());
        } else {
            agent = ReferenceAgent.definition();
        }
        ScenarioGraph graph = catalog.scenarios(Optional.ofNullable(graphName), agent);
        return new Subject("catalog file " + file, graph, catalog.personas(personaIds),
                rows != null ? rows : Simulation.DEFAULT_ROWS, seed != null ? seed : 1, Optional.empty());
    }

    private static void print(PrintWriter out, Subject s, BranchCoverage c) {
        out.printf("%s: %d paths x %d personas, %,d rows from seed %d (%s)%n", s.graph().name(),
                s.graph().paths().size(), s.personas().size(), c.rows(), c.seed(), s.source());
        if (c.peak().isPresent()) {
            BranchCoverage.PeakBucket peak = c.peak().get();
            String unit = s.load().orElseThrow().model() == LoadProfile.Model.CLOSED ? "concurrent calls"
                    : "arrivals/s";
            out.printf("Peak bucket: %,d-%,d %s; %.1f%% of calls start in it (from the load profile)%n", peak.from(),
                    peak.to(), unit, 100 * peak.share());
        } else {
            out.println("No load profile: every row counts as a call at the peak bucket (show a simulation file for "
                    + "the peak's share)");
        }
        int idWidth = Math.max(12, s.graph().paths().stream().mapToInt(p -> p.id().length()).max().orElse(0));
        out.println();
        out.printf("%-" + idWidth + "s  %-14s %9s %7s %9s %10s%n", "path", "outcome", "rows", "share", "at peak",
                "±95% @80%");
        for (BranchCoverage.PathRows r : c.paths()) {
            out.printf("%-" + idWidth + "s  %-14s %,9d %6.1f%% %9.1f %7.1f pt%s%n", r.path().id(),
                    BranchCoverage.name(r.path().expectedOutcome()), r.rows(), share(r.rows(), c.rows()),
                    r.peakCalls(), r.halfWidth(), r.flagged() ? "  !" : "");
        }
        int personaWidth = Math.max(12, c.personas().keySet().stream().mapToInt(String::length).max().orElse(0));
        out.println();
        out.printf("%-" + personaWidth + "s %9s %7s%n", "persona", "rows", "share");
        for (Map.Entry<String, Integer> e : c.personas().entrySet()) {
            out.printf("%-" + personaWidth + "s %,9d %6.1f%%%n", e.getKey(), e.getValue(), share(e.getValue(),
                    c.rows()));
        }
        out.println();
        out.printf("%-14s %9s %7s %6s%n", "outcome", "rows", "share", "paths");
        Map<Outcome, Integer> paths = s.graph().outcomeCounts();
        for (Map.Entry<Outcome, Integer> e : c.outcomes().entrySet()) {
            out.printf("%-14s %,9d %6.1f%% %6d%n", BranchCoverage.name(e.getKey()), e.getValue(),
                    share(e.getValue(), c.rows()), paths.getOrDefault(e.getKey(), 0));
        }
        out.println();
        List<BranchCoverage.PathRows> flagged = c.flagged();
        if (flagged.isEmpty()) {
            out.printf("Every path has enough calls at the peak bucket to measure a pass rate (95%% interval within "
                    + "±%.0f points at 80%%).%n", BranchCoverage.MAX_HALF_WIDTH_POINTS);
            return;
        }
        out.printf(Locale.ROOT, "%d of %d paths too thin at the peak bucket (a pass rate of 80%% on their calls there "
                + "has a 95%% interval wider than ±%.0f points):%n", flagged.size(), c.paths().size(),
                BranchCoverage.MAX_HALF_WIDTH_POINTS);
        for (BranchCoverage.PathRows r : flagged) {
            out.printf("  ! %s: %.1f calls expected at the peak; about %,d rows would give it enough%n",
                    r.path().id(), r.peakCalls(), c.rowsFor(r));
        }
    }

    private static double share(int n, int of) {
        return of == 0 ? 0 : 100.0 * n / of;
    }
}
