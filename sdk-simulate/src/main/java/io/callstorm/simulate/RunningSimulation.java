package io.callstorm.simulate;

import io.callstorm.simulate.engine.SimulationRun;
import io.callstorm.simulate.measure.CallRecorder;
import io.callstorm.simulate.measure.Measurements;
import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.EvaluationSetup;
import io.callstorm.simulate.report.SimulationReport;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A simulation in progress, from {@link Simulation#start()}: read what it has recorded so far, end it early, or wait
 * for its report.
 *
 * <pre>{@code
 * RunningSimulation running = simulation.start();
 * while (!running.isDone()) {
 *     Measurements soFar = running.snapshot();        // e.g. for a dashboard
 *     Thread.sleep(1_000);
 * }
 * SimulationReport report = running.await();
 * }</pre>
 */
public final class RunningSimulation {
    private final CompletableFuture<SimulationReport> report = new CompletableFuture<>();
    private volatile SimulationRun run;
    private volatile CallRecorder recorder = new CallRecorder(1, EvaluationSetup.unknown());
    private volatile String cancelReason;

    private RunningSimulation() {
    }

    /** Runs {@code body} on a thread of its own, named after the simulation. */
    static RunningSimulation start(String name, Function<RunningSimulation, SimulationReport> body) {
        RunningSimulation handle = new RunningSimulation();
        Thread thread = new Thread(() -> {
            try {
                handle.report.complete(body.apply(handle));
            } catch (Throwable t) {
                handle.report.completeExceptionally(t);
            }
        }, "callstorm-run-" + name);
        thread.start();
        return handle;
    }

    /** The engine's run and its recorder, once they exist; a cancel that came first is passed on. */
    SimulationRun attach(SimulationRun current, CallRecorder currentRecorder) {
        this.recorder = currentRecorder;
        this.run = current;
        String reason = cancelReason;
        if (reason != null) {
            current.stop(Completeness.CANCELLED, reason);
        }
        return current;
    }

    /**
     * What has been recorded so far: the calls that have finished (and, when the run scores them, been scored), in
     * the same shape as the final report is assembled from.
     */
    public Measurements snapshot() {
        return recorder.snapshot();
    }

    /** Ends the run early, as {@link #cancel(String)} with the reason {@code cancelled}. */
    public void cancel() {
        cancel("cancelled");
    }

    /**
     * Ends the run early, from any thread (e.g. a Ctrl-C handler): no call is admitted any more, the calls in progress
     * are cut short (each ends {@code CANCELLED}, with its line in {@code calls.jsonl}, in no pass or error rate), and
     * {@link #await()} returns — and the simulation writes — the report of what was measured so far, marked partial
     * with {@code reason} ({@code report.completeness()}). Does nothing once the run is over; the first reason is kept.
     */
    public void cancel(String reason) {
        if (cancelReason == null) {
            cancelReason = reason;
        }
        SimulationRun r = run;
        if (r != null) {
            r.stop(Completeness.CANCELLED, cancelReason);
        }
    }

    /** Whether the run is over and its report ready (or its failure known). */
    public boolean isDone() {
        return report.isDone();
    }

    /**
     * Waits for the report. An interrupt of the waiting thread cancels the run; the partial report is still waited
     * for and returned, with the thread's interrupt flag set again.
     *
     * @throws OutputFailedException when an output file could not be written; it holds the report
     * @throws RuntimeException what made the run itself fail
     */
    public SimulationReport await() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return report.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    cancel();
                }
            }
        } catch (ExecutionException e) {
            throw failure(e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits at most {@code timeout} for the report.
     *
     * @return the report, or empty when the run is still going
     * @throws RuntimeException what made the run itself fail
     */
    public Optional<SimulationReport> await(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(report.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw failure(e);
        }
    }

    private static RuntimeException failure(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new CancellationException("the run failed: " + cause);
    }
}
