package io.callstorm.cli;

import io.callstorm.cli.config.SimulationFile;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.reference.Fix;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.gate.AbComparison;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.gate.PeakSamples;
import io.callstorm.simulate.gate.RegressionThresholds;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.AbReport;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.writer.AbHtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code callstorm ab A.yaml B.yaml}: runs both simulation files under one seed and load profile, back to back (A,
 * then B), and names the winner per stage (P50, P95 at peak), per rubric and on the error rate, with confidence
 * intervals, or "no difference". Writes each run's report to {@code OUT/a} and {@code OUT/b}, and {@code ab.json}
 * and {@code ab.html} to {@code OUT}. Exit 0 when both ran (a file's gate is not applied), 2 when a file or an option
 * is wrong (every problem of both files listed), 3 when a run failed.
 */
@Command(name = "ab", mixinStandardHelpOptions = true,
        description = "Run two simulation files under the same seed and load profile (A, then B) and name the "
                + "winner per stage, rubric and error rate, with confidence intervals, or \"no difference\".")
final class AbCommand implements Callable<Integer> {
    static final String ORDER = "back to back: A, then B";

    @Parameters(index = "0", paramLabel = "A.yaml", description = "The first configuration (its seed and load "
            + "profile are both runs').")
    Path fileA;

    @Parameters(index = "1", paramLabel = "B.yaml", description = "The second configuration.")
    Path fileB;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory: ab.json, ab.html, and each run's "
            + "report in a/ and b/ (default: callstorm-ab).")
    Path out = Path.of("callstorm-ab");

    @Option(names = "--seed", paramLabel = "N", description = "The seed of both runs (default: A's).")
    Long seed;

    @Option(names = "--no-progress", description = "Do not show the live progress line.")
    boolean noProgress;

    @Mixin
    RegressionOptions regression;

    /** Where the files' secrets are read from; the process's but in tests. */
    Function<String, String> environment = System::getenv;

    /** How the console shows progress; set by {@link CallstormCli}. */
    ConsoleStyle style = ConsoleStyle.PLAIN;

    @Override
    public Integer call() throws IOException {
        ProblemCollector p = new ProblemCollector();
        Optional<SimulationFile> a = read(fileA, "A", p);
        Optional<SimulationFile> b = read(fileB, "B", p);
        RegressionThresholds thresholds = regression.resolve(RegressionThresholds.defaults(), p);
        OutputDirectory.check(out, "--out", p);
        p.throwIfAny("ab arguments");

        long runSeed = seed != null ? seed : a.get().seed();
        LoadProfile load = a.get().load();
        PrintStream console = System.out;
        console.printf(Locale.ROOT, "A/B: %s, under seed %d and A's load profile (%s)%n", ORDER, runSeed, load);
        if (b.get().seed() != runSeed || (seed != null && a.get().seed() != runSeed)) {
            console.printf(Locale.ROOT, "  seed %d replaces the files' own (A %d, B %d)%n", runSeed, a.get().seed(),
                    b.get().seed());
        }
        if (!b.get().load().toString().equals(load.toString())) {
            console.printf(Locale.ROOT, "  B's own load profile (%s) is replaced by A's%n", b.get().load());
        }
        SimulationFile runA = a.get().withSeedAndLoad(runSeed, load);
        SimulationFile runB = b.get().withSeedAndLoad(runSeed, load);
        Path dirA = out.resolve("a");
        Path dirB = out.resolve("b");
        SimulationReport reportA = run("A", fileA, runA, dirA, thresholds);
        SimulationReport reportB = run("B", fileB, runB, dirB, thresholds);

        List<AbReport.Metric> metrics = AbComparison.compare(reportA, PeakSamples.read(reportA, dirA), reportB,
                PeakSamples.read(reportB, dirB), thresholds);
        AbReport ab = new AbReport(AbReport.SCHEMA_VERSION, ORDER, runSeed, thresholds.confidence(),
                String.format(Locale.ROOT, "rubric %.1f points, latency %.0f ms, error rate %.1f points",
                        thresholds.rubricDropPoints(), thresholds.p95IncreaseMs(), thresholds.errorRateIncreasePoints()),
                described("A", fileA, runA, reportA, dirA), described("B", fileB, runB, reportB, dirB), metrics);
        ab.writeJson(out.resolve(AbReport.JSON_FILE));
        AbHtmlReport.write(ab, out.resolve(AbReport.HTML_FILE));
        AbTable.print(ab, console);
        console.printf("%nWrote %s and %s; the runs' reports are in %s and %s%n", out.resolve(AbReport.JSON_FILE),
                out.resolve(AbReport.HTML_FILE), dirA, dirB);
        console.flush();
        return CallstormCli.EXIT_OK;
    }

    /** The file, or its problems added to {@code p}, each under its side and the file's name. */
    private Optional<SimulationFile> read(Path file, String side, ProblemCollector p) throws IOException {
        try {
            return Optional.of(SimulationFile.read(file, environment));
        } catch (ConfigurationException e) {
            e.problems().forEach(problem -> p.add(side + " " + file + ": " + problem.path(), problem.message()));
            return Optional.empty();
        }
    }

    /** One configuration's run, through the path {@code run} takes, without its gate. */
    private SimulationReport run(String side, Path file, SimulationFile spec, Path dir, RegressionThresholds thresholds)
            throws IOException {
        System.out.printf("%n%s: %s -> %s%n", side, file, dir);
        GateOptions.Resolved noGate = new GateOptions.Resolved(Gate.none(), Optional.empty(), thresholds, Gate.none(),
                Optional.empty(), Optional.empty());
        try (OpenedFileRun opened = OpenedFileRun.open(spec, environment)) {
            boolean showProgress = !noProgress;
            ProgressLine progress = ProgressLine.forConsole(style);
            Simulation.Builder sim = opened.simulation(dir, noGate)
                    .listener(new HarnessWarnings(System.err, showProgress && style.terminal(), style));
            if (showProgress) {
                sim = sim.listener(progress);
            }
            SimulationReport report;
            try {
                report = sim.build().run();
            } finally {
                progress.close();
            }
            SummaryPrinter.print(report, System.out, style);
            return report;
        }
    }

    private static AbReport.Run described(String side, Path file, SimulationFile spec, SimulationReport report,
                                          Path dir) {
        List<String> fixes = new ArrayList<>();
        spec.fixes().stream().map(Fix::cliName).forEach(fixes::add);
        return new AbReport.Run(side, file.toString(), report.simulation().name(), dir.toString(),
                report.load().callsStarted(), fixes);
    }
}
