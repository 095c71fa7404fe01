package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.Simulation;
import io.callstorm.cli.config.SimulationFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code callstorm run simulation.yaml}: a simulation described in a file, with its gate. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the simulation a YAML file describes (see docs/configuration.md); its gate: section, "
                + "and --gate, decide the exit code.")
final class RunCommand implements Callable<Integer> {
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
        GateOptions.Resolved gate = gateOptions.resolve(Optional.of(spec.evaluation().rubrics()), p);
        Function<Simulation.Builder, Simulation.Builder> sharding = shardOptions.resolve(environment, p);
        p.throwIfAny("run options");

        try (OpenedFileRun run = OpenedFileRun.open(spec, environment)) {
            Simulation.Builder sim = sharding.apply(run.simulation(outDir, gate));
            if (compressCalls) {
                sim = sim.compressCallsFile(true);
            }
            return InteractiveRun.run(sim, outDir, !noProgress, style);
        }
    }
}
