package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.gate.RegressionThresholds;
import io.callstorm.simulate.gate.ReportComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code callstorm compare BASE NEW}: lists regressions (and improvements) at peak; exit 1 on any regression. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare a report with a baseline at peak: rubrics, stage P95s, error rate. Exit 1 on a regression.")
final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASE", description = "The baseline report.json (or its directory).")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW", description = "The new report.json (or its directory).")
    Path current;

    @Mixin
    RegressionOptions regression;

    @Override
    public Integer call() {
        ProblemCollector p = new ProblemCollector();
        Optional<SimulationReport> b = GateOptions.readReport(base, "BASE", p);
        Optional<SimulationReport> n = GateOptions.readReport(current, "NEW", p);
        RegressionThresholds thresholds = regression.resolve(RegressionThresholds.defaults(), p);
        p.throwIfAny("compare arguments");

        ReportComparison c = ReportComparison.compare(b.get(), n.get(), thresholds);
        System.out.printf(Locale.ROOT, "%s (%s) -> %s (%s), at peak; a regression is a rubric down more than %.1f "
                        + "points, a P95 up more than %.0f ms, the error rate up more than %.1f points%n%n",
                b.get().simulation().name(), base, n.get().simulation().name(), current, thresholds.rubricDropPoints(),
                thresholds.p95IncreaseMs(), thresholds.errorRateIncreasePoints());
        c.changes().forEach(ch -> System.out.println("  " + ch.detail()));
        System.out.printf(Locale.ROOT, "%n%d regression%s, %d improvement%s%n", c.regressions().size(),
                c.regressions().size() == 1 ? "" : "s", c.improvements().size(), c.improvements().size() == 1 ? "" : "s");
        c.regressions().forEach(r -> System.out.println("  regressed: " + r.name()));
        c.improvements().forEach(r -> System.out.println("  improved:  " + r.name()));
        return c.hasRegressions() ? CallstormCli.EXIT_GATE_FAILED : CallstormCli.EXIT_OK;
    }
}
