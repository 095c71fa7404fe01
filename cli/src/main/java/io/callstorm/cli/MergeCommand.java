package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.merge.ShardMerge;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.SimulationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code callstorm merge DIR... --out DIR}: one report from the output directories of a simulation's shards
 * ({@code run --shard I/N}), bucketed by the shards' summed concurrency, judged by the simulation's gate.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge the outputs of a simulation's shards (run --shard I/N) into one report: report.json, "
                + "report.html, junit.xml and calls.jsonl. The simulation's gate (and --gate) decide the exit code.")
final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "The shards' output directories (each with "
            + "shard.json and calls.jsonl).")
    List<Path> directories;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where to write the merged report.")
    Path out;

    @Option(names = "--allow-partial", description = "Merge even when shards are missing (killed, or their output "
            + "lost): the report is marked partial and names them.")
    boolean allowPartial;

    @Mixin
    GateOptions gateOptions;

    /** How the console shows verdicts; set by {@link CallstormCli}. */
    ConsoleStyle style = ConsoleStyle.PLAIN;

    @Override
    public Integer call() {
        ProblemCollector p = new ProblemCollector();
        OutputDirectory.check(out, "--out", p);
        GateOptions.Resolved gate = gateOptions.resolve(Optional.empty(), p);
        p.throwIfAny("merge options");

        ShardMerge.Merged merged;
        try {
            merged = ShardMerge.of(directories).allowPartial(allowPartial).gate(gate.gate())
                    .baseline(gate.baseline(), gate.thresholds()).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge into " + out + ": " + e.getMessage(), e);
        }
        SimulationReport report = merged.report();
        Set<String> rubrics = report.quality().stream().map(QualityRow::rubric).collect(Collectors.toSet());
        ProblemCollector names = new ProblemCollector();
        gate.checkNames(rubrics, names);
        names.throwIfAny("gate for the merged report");
        System.out.printf("Merged %,d calls of shard%s %s%s%n", merged.calls(), merged.merged().size() == 1 ? "" : "s",
                merged.merged(), merged.missing().isEmpty() ? "" : "; MISSING shard"
                        + (merged.missing().size() == 1 ? " " : "s ") + merged.missing() + ": the report is partial");
        merged.notes().forEach(n -> System.out.println("  note: " + n));
        SummaryPrinter.print(report, System.out, style);
        System.out.printf("%nWrote %s, %s, %s and %s%n", out.resolve(SimulationReport.JSON_FILE),
                out.resolve(SimulationReport.HTML_FILE), out.resolve(SimulationReport.JUNIT_FILE),
                out.resolve(SimulationReport.CALLS_FILE));
        return report.gate().passed() ? CallstormCli.EXIT_OK : CallstormCli.EXIT_GATE_FAILED;
    }
}
