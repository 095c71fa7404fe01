package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.history.Baseline;
import io.callstorm.history.RunTags;
import io.callstorm.simulate.Simulation;
import io.callstorm.cli.config.SimulationFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code callstorm run simulation.yaml}: a simulation described in a file, with its gate. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the simulation a YAML file describes (see docs/configuration.md); its gate: section, "
                + "and --gate, decide the exit code.")
final class RunCommand implements Callable<Integer> {
    /** What a run does when the history holds no baseline: it runs, and is the baseline of the next. */
    static final String NO_BASELINE = "; the run goes on without one, and is recorded for the next";

    @Parameters(index = "0", paramLabel = "SIMULATION.yaml", description = "The simulation file.")
    Path file;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (default: the file's out:, else callstorm-out).")
    Path out;

    @Option(names = "--no-progress", description = "Do not show the live progress line.")
    boolean noProgress;

    @Option(names = "--compress-calls", description = "Write the calls gzip-compressed, as calls.jsonl.gz (about a "
            + "tenth of the size; `report` reads it).")
    boolean compressCalls;

    @Mixin
    GateOptions gateOptions;

    @Mixin
    LiveOptions liveOptions;

    @Mixin
    OtlpOptions otlpOptions;

    @Mixin
    HistoryOptions historyOptions;

    @Mixin
    ShardOptions shardOptions;

    /** Where the file's secrets ({@code bearerTokenEnv}, {@code headersEnv}) are read from; the process's but in tests. */
    Function<String, String> environment = System::getenv;

    /** How the console shows progress and verdicts; set by {@link CallstormCli}. */
    ConsoleStyle style = ConsoleStyle.PLAIN;

    @Override
    public Integer call() throws IOException {
        SimulationFile spec = SimulationFile.read(file, environment);
        ProblemCollector p = new ProblemCollector();
        Path outDir = out != null ? out : spec.out().orElse(Path.of("callstorm-out"));
        OutputDirectory.check(outDir, out != null ? "--out" : spec.out().isPresent() ? "out" : "(output directory)", p);
        if (GateOptions.hasGateSection(file)) {
            gateOptions.readSectionsOf(file); // the file's own gate: section, unless --gate-file names another
        }
        gateOptions.acceptHistoryBaselines();
        GateOptions.Resolved gate = gateOptions.resolve(Optional.of(spec.evaluation().rubrics()), p);
        liveOptions.check(p);
        otlpOptions.check(p);
        RunTags tags = historyOptions.tags(p);
        Function<Simulation.Builder, Simulation.Builder> sharding = shardOptions.resolve(environment, p);
        p.throwIfAny("run options");
        Optional<Baseline> fromHistory = gate.fromHistory().flatMap(b -> HistoryBaselines.find(b, spec.name(),
                Set.of(), historyOptions.location, environment, p, System.err, NO_BASELINE));
        p.throwIfAny("run options");

        try (OpenedFileRun run = OpenedFileRun.open(spec, environment)) {
            Simulation.Builder sim = sharding.apply(run.simulation(outDir, gate)).runId(HistoryOptions.newRunId());
            if (fromHistory.isPresent()) {
                System.out.println("Baseline: " + fromHistory.get().description());
                sim = sim.baseline(fromHistory.get().report(), gate.thresholds());
            }
            if (compressCalls) {
                sim = sim.compressCallsFile(true);
            }
            return InteractiveRun.run(sim, outDir, !noProgress, style, liveOptions, otlpOptions,
                    report -> historyOptions.record(report, tags, environment, System.out, System.err));
        }
    }
}
