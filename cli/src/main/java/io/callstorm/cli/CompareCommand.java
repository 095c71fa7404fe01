package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.history.Baseline;
import io.callstorm.history.BaselineSpec;
import io.callstorm.simulate.gate.PeakSamples;
import io.callstorm.simulate.gate.RegressionThresholds;
import io.callstorm.simulate.gate.ReportComparison;
import io.callstorm.simulate.report.SimulationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code callstorm compare BASE NEW}, or {@code compare --baseline last|rolling:7d|tag:NAME NEW} against the run
 * history: lists regressions (and improvements, and moves too noisy to tell) at peak, each with its confidence
 * interval; exit 1 on any regression.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare a report with a baseline at peak: rubrics, stage P95s, error rate, each with its "
                + "confidence interval. Exit 1 on a regression: a move past its threshold and outside the noise.")
final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASE", description = "The baseline report.json (or its directory); with "
            + "--baseline, the new report.")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW", arity = "0..1", description = "The new report.json (or its "
            + "directory).")
    Path current;

    @Option(names = "--baseline", paramLabel = "SPEC", description = "Compare NEW with a baseline of the run history "
            + "instead of a BASE: last (the newest run of NEW's simulation), rolling:7d (the median over a window; h, "
            + "d, w) or tag:NAME (the run of release NAME; tag:KEY=VALUE for another tag).")
    String historyBaseline;

    @Mixin
    HistoryLocation history;

    /** Where the history's credentials are read from; the process's but in tests. */
    Function<String, String> environment = System::getenv;

    @Mixin
    RegressionOptions regression;

    @Override
    public Integer call() throws IOException {
        ProblemCollector p = new ProblemCollector();
        if (historyBaseline != null) {
            return compareWithHistory(p);
        }
        p.check(current != null, "NEW", "missing: compare BASE NEW, or compare --baseline last|rolling:7d|tag:NAME NEW");
        Optional<SimulationReport> b = GateOptions.readReport(base, "BASE", p);
        Optional<SimulationReport> n = current == null ? Optional.empty() : GateOptions.readReport(current, "NEW", p);
        RegressionThresholds thresholds = regression.resolve(RegressionThresholds.defaults(), p);
        p.throwIfAny("compare arguments");
        return compare(b.get(), base.toString(), PeakSamples.read(b.get(), directoryOf(base)), n.get(), current,
                thresholds);
    }

    /** {@code --baseline SPEC NEW}: the history's baseline of NEW's simulation, NEW itself left out. */
    private int compareWithHistory(ProblemCollector p) throws IOException {
        Path newReport = base;
        p.check(current == null, "BASE", "--baseline takes the baseline from the history: give only the new report");
        Optional<String> problem = BaselineSpec.problemWith(historyBaseline);
        p.check(problem.isEmpty(), "--baseline", problem.orElse(""));
        Optional<SimulationReport> n = GateOptions.readReport(newReport, "NEW", p);
        RegressionThresholds thresholds = regression.resolve(RegressionThresholds.defaults(), p);
        p.throwIfAny("compare arguments");
        Optional<Baseline> baseline = HistoryBaselines.find(BaselineSpec.parse(historyBaseline).orElseThrow(),
                n.get().simulation().name(), n.get().simulation().runId().isEmpty() ? Set.of()
                        : Set.of(n.get().simulation().runId()), history, environment, p, System.err,
                ": nothing to compare with");
        p.throwIfAny("compare arguments");
        if (baseline.isEmpty()) {
            return CallstormCli.EXIT_USAGE;
        }
        // a history baseline keeps figures, not calls: its intervals come from its P50/P95/P99/max
        return compare(baseline.get().report(), baseline.get().description(), PeakSamples.none(), n.get(), newReport,
                thresholds);
    }

    /** Prints the comparison of {@code n} with {@code b}, named {@code base}; 1 on a regression. */
    private static int compare(SimulationReport b, String base, PeakSamples bs, SimulationReport n, Path current,
                               RegressionThresholds thresholds) throws IOException {
        PeakSamples ns = PeakSamples.read(n, directoryOf(current));
        ReportComparison c = ReportComparison.compare(b, bs, n, ns, thresholds);
        System.out.printf(Locale.ROOT, "%s (%s) -> %s (%s), at peak; a regression is a rubric down more than %.1f "
                        + "points, a P95 up more than %.0f ms, the error rate up more than %.1f points, each outside "
                        + "the noise at %s confidence%n", b.simulation().name(), base,
                n.simulation().name(), current, thresholds.rubricDropPoints(), thresholds.p95IncreaseMs(),
                thresholds.errorRateIncreasePoints(), percent(thresholds.confidence()));
        System.out.printf(Locale.ROOT, "Intervals: Wilson for rates; for P95s, order statistics over %s%n%n",
                latencySource(bs, ns));
        c.changes().forEach(ch -> System.out.println("  " + ch.detail()));
        System.out.printf(Locale.ROOT, "%n%d regression%s, %d improvement%s, %d not enough calls to tell%n",
                c.regressions().size(), c.regressions().size() == 1 ? "" : "s", c.improvements().size(),
                c.improvements().size() == 1 ? "" : "s", c.notEnoughCalls().size());
        c.regressions().forEach(r -> System.out.println("  regressed: " + r.name()));
        c.improvements().forEach(r -> System.out.println("  improved:  " + r.name()));
        c.notEnoughCalls().forEach(r -> System.out.println("  not enough calls to tell: " + r.name()));
        return c.hasRegressions() ? CallstormCli.EXIT_GATE_FAILED : CallstormCli.EXIT_OK;
    }

    /** Where a report's calls file would be: its directory. */
    static Path directoryOf(Path report) {
        Path dir = Files.isDirectory(report) ? report : report.toAbsolutePath().getParent();
        return dir == null ? Path.of(".") : dir;
    }

    static String percent(double confidence) {
        String s = String.format(Locale.ROOT, "%.1f", confidence * 100);
        return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + "%";
    }

    private static String latencySource(PeakSamples base, PeakSamples current) {
        if (base.isEmpty() && current.isEmpty()) {
            return "the reports' P50/P95/P99/max (no calls.jsonl beside them: approximate)";
        }
        if (!base.isEmpty() && !current.isEmpty()) {
            return "the calls (" + base.file() + " beside each report)";
        }
        return "the calls where a calls.jsonl is beside the report (" + (base.isEmpty() ? "NEW" : "BASE")
                + "), else the report's P50/P95/P99/max";
    }
}
