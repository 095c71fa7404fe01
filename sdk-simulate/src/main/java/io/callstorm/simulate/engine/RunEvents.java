package io.callstorm.simulate.engine;

import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.measure.ProgressSnapshot;
import io.callstorm.simulate.report.HarnessWindow;

/**
 * What the engine tells of a run as it goes, for the simulation's listeners. Called on the harness loop: an
 * implementation is fast, and never throws (the engine does not guard it).
 */
public interface RunEvents {
    /** Tells nothing. */
    RunEvents NONE = new RunEvents() {
    };

    /** The run started; {@code totalSeconds} is the load profile's length. */
    default void runStart(String simulationName, double totalSeconds) {
    }

    /** About once a second. */
    default void progress(ProgressSnapshot snapshot) {
    }

    /**
     * A call was admitted, at {@code concurrency} calls in progress (itself included).
     *
     * @return where the events of this call go
     */
    default CallEvents callStart(CallSetup call, int concurrency) {
        return CallEvents.NONE;
    }

    /** The load profile is over and the last calls are draining. */
    default void draining(int callsInProgress) {
    }

    /** The run is stopping early ({@code reason}): no call is admitted any more, the calls in progress are cut. */
    default void stopping(String reason, int callsInProgress) {
    }

    /** In the window just checked, the harness itself was past one of its limits (one call per reason). */
    default void harnessUnhealthy(HarnessWindow window) {
    }
}
