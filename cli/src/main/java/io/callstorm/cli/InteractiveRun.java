package io.callstorm.cli;

import io.callstorm.simulate.RunningSimulation;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.report.SimulationReport;

import java.nio.file.Path;

/**
 * Runs a simulation from the command line: the live progress line, warnings on stderr when the harness itself is
 * overloaded, a partial report on Ctrl-C, the closing summary, and the exit code from the gate (whose
 * {@code harness} check fails a gated run whose harness was unhealthy: exit 1). Shared by {@code demo} and
 * {@code run}.
 */
final class InteractiveRun {
    private InteractiveRun() {
    }

    /** Builds and runs {@code sim}, whose output directory is {@code out}; returns the CLI exit code. */
    static int run(Simulation.Builder sim, Path out, boolean showProgress) {
        ProgressLine progress = new ProgressLine();
        HarnessWarnings warnings = new HarnessWarnings(System.err, showProgress);
        Simulation simulation = (showProgress ? sim.listener(progress) : sim).listener(warnings).build();
        SimulationReport report;
        RunningSimulation running = simulation.start();
        try (StopOnInterrupt ignored = StopOnInterrupt.install(running)) {
            report = running.await();
        } finally {
            progress.close();
        }
        SummaryPrinter.print(report, System.out);
        System.out.printf("%nWrote %s, %s, %s and %s%n", out.resolve(SimulationReport.JSON_FILE),
                out.resolve(SimulationReport.HTML_FILE), out.resolve(SimulationReport.JUNIT_FILE),
                out.resolve(SimulationReport.CALLS_FILE));
        return report.gate().passed() ? CallstormCli.EXIT_OK : CallstormCli.EXIT_GATE_FAILED;
    }
}
