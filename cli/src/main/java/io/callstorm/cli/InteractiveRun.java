package io.callstorm.cli;

import io.callstorm.simulate.OutputFailedException;
import io.callstorm.simulate.RunningSimulation;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.live.LiveStream;
import io.callstorm.simulate.live.RunMetrics;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.callstorm.simulate.writer.ReportFiles;
import io.callstorm.core.validation.ProblemCollector;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs a simulation from the command line: the live progress line, warnings on stderr when the harness itself is
 * overloaded or the run stops early, a clean stop with a partial report on Ctrl-C or SIGTERM, the closing summary,
 * and the exit code: from the gate (whose {@code harness} check fails a gated run whose harness was unhealthy: exit
 * 1), 128 + the signal's number when a signal stopped the run (130, 143), 130 when the live dashboard's Stop
 * button did ({@code --ui}, {@link LiveDashboard}), and 3 when an output file could not be
 * written (the summary is still printed, and the report written to a temporary directory when the output directory
 * takes no more). Shared by {@code demo} and {@code run}.
 */
final class InteractiveRun {
    /** The live dashboard's Stop button ends a run as Ctrl-C does, and with its exit code (128 + SIGINT's 2). */
    static final int EXIT_STOPPED_FROM_PAGE = 130;

    private InteractiveRun() {
    }

    /**
     * Builds and runs {@code sim}, whose output directory is {@code out}, showing progress and verdicts as
     * {@code style}'s console can; returns the CLI exit code.
     */
    static int run(Simulation.Builder sim, Path out, boolean showProgress, ConsoleStyle style) {
        return run(sim, out, showProgress, style, new LiveOptions(), new OtlpOptions(), report -> { });
    }

    /**
     * As {@link #run(Simulation.Builder, Path, boolean, ConsoleStyle)}, with the live dashboard when {@code ui} asks,
     * the run's metrics exported over OTLP when {@code otlp} does, and the report, whole or partial, handed to
     * {@code finished} once its outputs are written (the run history records it there).
     */
    static int run(Simulation.Builder sim, Path out, boolean showProgress, ConsoleStyle style, LiveOptions ui,
                   OtlpOptions otlp, java.util.function.Consumer<SimulationReport> finished) {
        ProgressLine progress = ProgressLine.forConsole(style);
        HarnessWarnings warnings = new HarnessWarnings(System.err, showProgress && style.terminal(), style);
        LiveStream live = LiveStream.create();
        Optional<OpenTelemetrySdk> telemetry = otlp.enabled() ? Optional.of(otlp.open()) : Optional.empty();
        Optional<RunMetrics> metrics = telemetry.map(RunMetrics::create);
        Simulation.Builder listened = (showProgress ? sim.listener(progress) : sim).listener(warnings)
                .listener(new StopNotice(System.err)).listener(live);
        Simulation simulation = (metrics.isPresent() ? listened.listener(metrics.get()) : listened).build();
        telemetry.ifPresent(t -> System.err.println("callstorm: exporting the run's metrics over OTLP to "
                + otlp.describe()));
        try {
            // the dashboard listens before the run starts: a port that is taken is a usage error, not a lost run
            Optional<LiveDashboard> dashboard = ui.ui ? Optional.of(openDashboard(live, ui, out)) : Optional.empty();
            try {
                int code = run(simulation, live, metrics, out, progress, style, finished);
                dashboard.ifPresent(d -> keepUp(d, ui.keepOrNone()));
                return code;
            } finally {
                dashboard.ifPresent(LiveDashboard::close);
            }
        } finally {
            telemetry.ifPresent(OtlpOptions::close); // the last export, with the run's final figures
        }
    }

    private static LiveDashboard openDashboard(LiveStream live, LiveOptions ui, Path out) {
        try {
            LiveDashboard d = LiveDashboard.start(live, InetAddress.getByName(ui.bindOrLoopback()), ui.portOrFree(),
                    out);
            System.err.println("callstorm: live dashboard at " + d.address());
            System.err.flush();
            return d;
        } catch (IOException e) {
            ProblemCollector p = new ProblemCollector();
            p.add(ui.port != null ? "--ui-port" : "--ui-bind", "the dashboard cannot listen on "
                    + ui.bindOrLoopback() + ":" + ui.portOrFree() + " (" + e.getMessage() + ")");
            p.throwIfAny("--ui options");
            throw new IllegalStateException(e); // not reached
        }
    }

    /** Holds the dashboard up after the run, for {@code --ui-keep}, so that its page can still open report.html. */
    private static void keepUp(LiveDashboard d, Duration keep) {
        if (keep.isZero()) {
            return;
        }
        System.err.printf("callstorm: the live dashboard stays up for %s at %s (Ctrl-C to end now)%n",
                keep.toMillis() / 1000.0 + " s", d.address());
        try {
            Thread.sleep(keep.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int run(Simulation simulation, LiveStream live, Optional<RunMetrics> metrics, Path out,
                           ProgressLine progress, ConsoleStyle style,
                           java.util.function.Consumer<SimulationReport> finished) {
        RunningSimulation running = simulation.start();
        live.attach(running);
        metrics.ifPresent(m -> m.attach(running));
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
            if (live.stoppedHere() && report.completeness().partial()) {
                return EXIT_STOPPED_FROM_PAGE;
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
