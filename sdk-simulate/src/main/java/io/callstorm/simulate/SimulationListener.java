package io.callstorm.simulate;

import io.callstorm.simulate.report.SimulationReport;

/**
 * Hooks for what happens during a run, for progress bars, exporters and tests. All methods are empty; override
 * what you need. Methods are called on the harness's event loop: they must be fast and must not throw (an
 * exception is caught and ignored so a listener cannot break a run).
 */
public abstract class SimulationListener {
    /** The run started; {@code totalSeconds} is the load profile's length. */
    public void runStart(String simulationName, double totalSeconds) {
    }

    /** About once a second while the run goes on. */
    public void progress(ProgressSnapshot snapshot) {
    }

    /** A call ended, however it ended. */
    public void callEnd(String callId, io.callstorm.core.CallStatus status) {
    }

    /** The load profile is over and the last calls are draining. */
    public void draining(int callsInProgress) {
    }

    /** The run finished; the report is ready. */
    public void runEnd(SimulationReport report) {
    }

    /**
     * One progress reading.
     *
     * @param elapsedSeconds   since the run started
     * @param totalSeconds     the load profile's length
     * @param concurrency      calls in progress
     * @param callsPerSecond   calls finished in the last second
     * @param gapP95Ms         P95 of the user-perceived gap over the last second
     * @param errorRate        share of calls that ended in error over the last second
     * @param callsCompleted   calls finished so far, however they ended
     */
    public record ProgressSnapshot(double elapsedSeconds, double totalSeconds, int concurrency, double callsPerSecond,
                                   double gapP95Ms, double errorRate, long callsCompleted) {
    }
}
