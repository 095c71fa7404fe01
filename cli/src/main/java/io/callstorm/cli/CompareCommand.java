package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.gate.RegressionThresholds;
import io.callstorm.simulate.gate.ReportComparison;
import picocli.CommandLine.Command;
import io.callstorm.history.Baseline;
import io.callstorm.history.BaselineSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code callstorm compare BASE NEW}, or {@code compare --baseline last|rolling:7d|tag:NAME NEW} against the run
 * history: lists regressions (and improvements) at peak; exit 1 on any regression.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare a report with a baseline at peak: rubrics, stage P95s, error rate. Exit 1 on a regression.")
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
    public Integer call() {
        ProblemCollector p = new ProblemCollector();
        if (historyBaseline != null) {
            return compareWithHistory(p);
        }
        p.check(current != null, "NEW", "missing: compare BASE NEW, or compare --baseline last|rolling:7d|tag:NAME NEW");
        Optional<SimulationReport> b = GateOptions.readReport(base, "BASE", p);
        Optional<SimulationReport> n = current == null ? Optional.empty() : GateOptions.readReport(current, "NEW", p);
        RegressionThresholds thresholds = regression.resolve(RegressionThresholds.defaults(), p);
        p.throwIfAny("compare arguments");
        return compare(b.get(), base.toString(), n.get(), current, thresholds);
    }

    /** {@code --baseline SPEC NEW}: the history's baseline of NEW's simulation, NEW itself left out. */
    private int compareWithHistory(ProblemCollector p) {
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
        return compare(baseline.get().report(), baseline.get().description(), n.get(), newReport, thresholds);
    }

    /** Prints the comparison of {@code n} with {@code b}, named {@code base}; 1 on a regression. */
    private static int compare(SimulationReport b, String base, SimulationReport n, Path current,
                               RegressionThresholds thresholds) {
        ReportComparison c = ReportComparison.compare(b, n, thresholds);
        System.out.printf(Locale.ROOT, "%s (%s) -> %s (%s), at peak; a regression is a rubric down more than %.1f "
                        + "points, a P95 up more than %.0f ms, the error rate up more than %.1f points%n%n",
                b.simulation().name(), base, n.simulation().name(), current, thresholds.rubricDropPoints(),
                thresholds.p95IncreaseMs(), thresholds.errorRateIncreasePoints());
        c.changes().forEach(ch -> System.out.println("  " + ch.detail()));
        System.out.printf(Locale.ROOT, "%n%d regression%s, %d improvement%s%n", c.regressions().size(),
                c.regressions().size() == 1 ? "" : "s", c.improvements().size(), c.improvements().size() == 1 ? "" : "s");
        c.regressions().forEach(r -> System.out.println("  regressed: " + r.name()));
        c.improvements().forEach(r -> System.out.println("  improved:  " + r.name()));
        return c.hasRegressions() ? CallstormCli.EXIT_GATE_FAILED : CallstormCli.EXIT_OK;
    }
}
