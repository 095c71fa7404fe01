package io.callstorm.cli;

import io.callstorm.simulate.OutputFailedException;
import io.callstorm.simulate.RunningSimulation;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.writer.ReportFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs a simulation from the command line: the live progress line, warnings on stderr when the harness itself is
 * overloaded or the run stops early, a clean stop with a partial report on Ctrl-C or SIGTERM, the closing summary,
 * and the exit code: from the gate (whose {@code harness} check fails a gated run whose harness was unhealthy: exit
 * 1), 128 + the signal's number when a signal stopped the run (130, 143), and 3 when an output file could not be
 * written (the summary is still printed, and the report written to a temporary directory when the output directory
 * takes no more). Shared by {@code demo} and {@code run}.
 */
final class InteractiveRun {
    private InteractiveRun() {
    }

    /**
     * Builds and runs {@code sim}, whose output directory is {@code out}, showing progress and verdicts as
     * {@code style}'s console can; returns the CLI exit code.
     */
    static int run(Simulation.Builder sim, Path out, boolean showProgress, ConsoleStyle style) {
        return run(sim, out, showProgress, style, report -> { });
    }

    /**
     * As {@link #run(Simulation.Builder, Path, boolean, ConsoleStyle)}, handing the report, whole or partial, to
     * {@code finished} once its outputs are written (the run history records it there).
     */
    static int run(Simulation.Builder sim, Path out, boolean showProgress, ConsoleStyle style,
                   java.util.function.Consumer<SimulationReport> finished) {
        ProgressLine progress = ProgressLine.forConsole(style);
        HarnessWarnings warnings = new HarnessWarnings(System.err, showProgress && style.terminal(), style);
        Simulation simulation = (showProgress ? sim.listener(progress) : sim).listener(warnings)
                .listener(new StopNotice(System.err)).build();
        RunningSimulation running = simulation.start();
        try (StopOnSignal signals = StopOnSignal.install(running, System.err)) {
            SimulationReport report;
            Optional<OutputFailedException> outputFailure = Optional.empty();
            try {
                report = running.await();
            } catch (OutputFailedException e) {
                report = e.report();
                outputFailure = Optional.of(e);
            } finally {
                progress.close();
            }
            SummaryPrinter.print(report, System.out, style);
            if (outputFailure.isPresent()) {
                finished.accept(report);
                return outputFailed(outputFailure.get(), out);
            }
            finished.accept(report); // its outputs are written: a history that fails cannot cost them
            System.out.printf("%nWrote %s, %s, %s and %s%n", out.resolve(SimulationReport.JSON_FILE),
                    out.resolve(SimulationReport.HTML_FILE), out.resolve(SimulationReport.JUNIT_FILE),
                    out.resolve(simulation.callsFileName()));
            System.out.flush();
            if (signals.exitCode().isPresent()) {
                return signals.exitCode().get();
            }
            return report.gate().passed() ? CallstormCli.EXIT_OK : CallstormCli.EXIT_GATE_FAILED;
        }
    }

    /** Says which outputs could not be written, and puts the report where it can go. */
    private static int outputFailed(OutputFailedException e, Path out) {
        System.out.flush();
        for (String problem : e.problems()) {
            System.err.println("callstorm: " + problem);
        }
        boolean reportLost = e.problems().stream().anyMatch(p -> !p.contains(SimulationReport.CALLS_FILE));
        if (reportLost) {
            try {
                Path elsewhere = Files.createTempDirectory("callstorm-report-");
                ReportFiles.write(e.report(), elsewhere);
                System.err.println("callstorm: the report was written to " + elsewhere + " instead");
            } catch (IOException | RuntimeException again) {
                System.err.println("callstorm: the report could not be written elsewhere either (" + again.getMessage()
                        + "); the summary above is what was measured");
            }
        }
        System.err.println("callstorm: the run's output in " + out + " is incomplete: exit 3");
        return CallstormCli.EXIT_RUN_FAILED;
    }
}
