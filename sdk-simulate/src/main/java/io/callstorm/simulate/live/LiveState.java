package io.callstorm.simulate.live;

/** Where a run stands, as a {@link LiveSnapshot} tells it. */
public enum LiveState {
    /** The stream has heard of no run yet. */
    STARTING,
    /** The load profile is going on. */
    RUNNING,
    /** The profile is over; the last calls are draining. */
    DRAINING,
    /** The run was told to stop before its profile was over (a cancel, a signal, the page's Stop button). */
    STOPPING,
    /** The report is ready; nothing changes any more. */
    FINISHED
}
