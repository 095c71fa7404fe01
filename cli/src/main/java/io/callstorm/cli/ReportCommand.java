package io.callstorm.cli;

import io.callstorm.simulate.writer.ReportFiles;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.analysis.ReportRebuilder;
import io.callstorm.simulate.report.QualityRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code callstorm report calls.jsonl}: rebuilds report.json, report.html and junit.xml from a results file, so a
 * run cut short still gets its report, and an old run can be judged by a new gate.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuild report.json, report.html and junit.xml from a calls.jsonl (e.g. of a run cut short).")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CALLS", description = "The calls.jsonl or calls.jsonl.gz of a run (or its directory).")
    Path calls;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write the reports (default: the directory of the calls file).")
    Path out;

    @Mixin
    GateOptions gateOptions;

    /** How the console shows progress and verdicts; set by {@link CallstormCli}. */
    ConsoleStyle style = ConsoleStyle.PLAIN;

    @Override
    public Integer call() {
        Path file = !Files.isDirectory(calls) ? calls
                : Files.isRegularFile(calls.resolve(SimulationReport.CALLS_FILE)) || !Files.isRegularFile(
                calls.resolve(SimulationReport.CALLS_GZ_FILE)) ? calls.resolve(SimulationReport.CALLS_FILE)
                : calls.resolve(SimulationReport.CALLS_GZ_FILE);
        ProblemCollector p = new ProblemCollector();
        p.check(Files.isRegularFile(file), "CALLS " + calls, "no such calls file");
        if (out != null) {
            OutputDirectory.check(out, "--out", p);
        }
        GateOptions.Resolved gate = gateOptions.resolve(Optional.empty(), p);
        p.throwIfAny("report options");

        ReportRebuilder.Rebuilt rebuilt;
        try {
            rebuilt = ReportRebuilder.rebuild(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        SimulationReport report = rebuilt.report();
        Set<String> rubrics = report.quality().stream().map(QualityRow::rubric).collect(Collectors.toSet());
        ProblemCollector names = new ProblemCollector();
        gate.checkNames(rubrics, names);
        names.throwIfAny("gate for " + file);
        if (!gate.isEmpty()) {
            report = report.withGate(gate.gate().evaluate(report, gate.baseline(), gate.thresholds()));
        }
        Path dir = out != null ? out : file.toAbsolutePath().getParent();
        try {
            ReportFiles.write(report, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reports to " + dir + ": " + e.getMessage(), e);
        }
        System.out.printf("Rebuilt from %,d calls in %s%n", rebuilt.lines(), file);
        rebuilt.notes().forEach(n -> System.out.println("  note: " + n));
        SummaryPrinter.print(report, System.out, style);
        System.out.printf("%nWrote %s, %s and %s%n", dir.resolve(SimulationReport.JSON_FILE),
                dir.resolve(SimulationReport.HTML_FILE), dir.resolve(SimulationReport.JUNIT_FILE));
        return report.gate().passed() ? CallstormCli.EXIT_OK : CallstormCli.EXIT_GATE_FAILED;
    }
}
