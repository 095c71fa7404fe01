package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.gate.PeakSamples;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.gate.RegressionThresholds;
import io.callstorm.simulate.gate.ReportComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code callstorm compare BASE NEW}: lists regressions (and improvements, and moves too noisy to tell) at peak, each
 * with its confidence interval; exit 1 on any regression.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare a report with a baseline at peak: rubrics, stage P95s, error rate, each with its "
                + "confidence interval. Exit 1 on a regression: a move past its threshold and outside the noise.")
final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASE", description = "The baseline report.json (or its directory).")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW", description = "The new report.json (or its directory).")
    Path current;

    @Mixin
    RegressionOptions regression;

    @Override
    public Integer call() throws IOException {
        ProblemCollector p = new ProblemCollector();
        Optional<SimulationReport> b = GateOptions.readReport(base, "BASE", p);
        Optional<SimulationReport> n = GateOptions.readReport(current, "NEW", p);
        RegressionThresholds thresholds = regression.resolve(RegressionThresholds.defaults(), p);
        p.throwIfAny("compare arguments");

        PeakSamples bs = PeakSamples.read(b.get(), directoryOf(base));
        PeakSamples ns = PeakSamples.read(n.get(), directoryOf(current));
        ReportComparison c = ReportComparison.compare(b.get(), bs, n.get(), ns, thresholds);
        System.out.printf(Locale.ROOT, "%s (%s) -> %s (%s), at peak; a regression is a rubric down more than %.1f "
                        + "points, a P95 up more than %.0f ms, the error rate up more than %.1f points, each outside "
                        + "the noise at %s confidence%n", b.get().simulation().name(), base,
                n.get().simulation().name(), current, thresholds.rubricDropPoints(), thresholds.p95IncreaseMs(),
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
