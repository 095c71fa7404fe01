package io.callstorm.simulate;

import io.callstorm.core.CallStatus;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.measure.ProgressSnapshot;
import io.callstorm.simulate.report.HarnessWindow;
import io.callstorm.simulate.report.SimulationReport;

/**
 * Hooks for each step of a run and of each of its calls, for progress lines, exporters, dashboards and tests, in the
 * manner of OkHttp's {@code EventListener}. All methods are empty; override what you need.
 *
 * <p>A listener given to {@code Simulation.Builder.listener(..)} hears the run ({@code runStart}, {@code progress},
 * {@code harnessUnhealthy}, {@code draining}, {@code stopping}, {@code runEnd}) and every call. A {@link Factory} given to {@code listenerFactory(..)} makes one
 * listener per call, at its start, which hears that call's steps only: a place to keep per-call state without a map.
 *
 * <p>A call's steps come in order: {@code callStart}; per turn {@code turnSent} (again on a retry), then
 * {@code firstToken} (a text agent) or {@code firstAudio} (a voice agent), then {@code reply}; at the end
 * {@code callFailed} when it did not complete, then {@code callEnd}. Methods are called on the harness's event loop,
 * which drives thousands of calls: they must be fast and must not block. An exception thrown from one is caught,
 * logged once per listener and ignored, so a listener cannot break a run; {@code runEnd} is called on the thread that
 * ran the simulation.
 */
public abstract class SimulationListener {
    /** The run started; {@code totalSeconds} is the load profile's length. */
    public void runStart(String simulationName, double totalSeconds) {
    }

    /** About once a second while the run goes on. */
    public void progress(ProgressSnapshot snapshot) {
    }

    /** A call was admitted, with {@code concurrency} calls in progress (itself included). */
    public void callStart(CallSetup call, int concurrency) {
    }

    /** The caller's turn went to the agent (a retry after a transient error sends it again). */
    public void turnSent(String callId, int turnIndex) {
    }

    /** A text agent's first token for a turn, {@code gapMs} after the caller's turn ended. */
    public void firstToken(String callId, int turnIndex, double gapMs) {
    }

    /** A voice agent's first audio for a turn, {@code gapMs} after the caller's turn ended. */
    public void firstAudio(String callId, int turnIndex, double gapMs) {
    }

    /** The agent's complete answer to a turn. */
    public void reply(String callId, AgentReply reply) {
    }

    /** The call ended without completing: the error as the caller's edge classified it. */
    public void callFailed(String callId, CallLine.CallError error) {
    }

    /** A call ended, however it ended. */
    public void callEnd(String callId, CallStatus status) {
    }

    /** The load profile is over and the last calls are draining. */
    public void draining(int callsInProgress) {
    }

    /**
     * The run is stopping before its profile is over: its handle's {@code cancel} (the CLI's on Ctrl-C or SIGTERM),
     * or {@code calls.jsonl} could no longer be written ({@code reason} says which). No call is admitted any more;
     * the {@code callsInProgress} calls are cut short (each ends {@code CANCELLED}) and the report is partial
     * ({@code report.completeness()}).
     */
    public void stopping(String reason, int callsInProgress) {
    }

    /**
     * The harness itself was past one of its limits in the window just checked (about a second; one call per reason
     * and window): the load generator, not the agent, is the bottleneck there, and the run's figures for that stretch
     * are suspect. The windows are also in the report, {@code harness.unhealthyWindows}. See
     * {@link io.callstorm.simulate.report.HarnessStats} for the limits.
     */
    public void harnessUnhealthy(HarnessWindow window) {
    }

    /** The run finished; the report is ready (and written, when the simulation has an output directory). */
    public void runEnd(SimulationReport report) {
    }

    /** Makes one listener per call, as the call starts; called on the harness loop. */
    @FunctionalInterface
    public interface Factory {
        /** The listener of the call {@code call}, started at {@code concurrency} calls in progress. */
        SimulationListener create(CallSetup call, int concurrency);
    }
}
