package io.callstorm.simulate.report;

import java.util.Locale;

/**
 * A stretch of the run in which the harness itself was past one of its limits (see {@link HarnessStats}): the load
 * generator, not the agent, was the bottleneck there, and what it measured of the agent in that stretch is suspect.
 * Consecutive one-second windows with the same reason are merged into one.
 *
 * @param startSeconds start of the stretch, seconds after the run started
 * @param endSeconds   its end
 * @param reason       which limit was passed: one of the {@code REASON_*} names, e.g. {@code event_loop_stall}
 * @param worst        the worst value seen in the stretch, in the limit's unit (ms, a fraction, or a count)
 * @param limit        the limit it passed
 * @param detail       the same in words, e.g. {@code event-loop stall of 512 ms (limit 250 ms)}
 */
public record HarnessWindow(double startSeconds, double endSeconds, String reason, double worst, double limit,
                            String detail) {
    /** The event loop's lag P99 over a window passed {@link HarnessStats#LAG_P99_LIMIT_MS}. */
    public static final String REASON_EVENT_LOOP_LAG = "event_loop_lag";
    /** One lateness of the event loop passed {@link HarnessStats#STALL_LIMIT_MS}. */
    public static final String REASON_EVENT_LOOP_STALL = "event_loop_stall";
    /** Garbage-collection pauses took more than {@link HarnessStats#GC_PAUSE_SHARE_LIMIT} of a window. */
    public static final String REASON_GC_PAUSES = "gc_pauses";
    /** The heap right after a collection was above {@link HarnessStats#HEAP_AFTER_GC_LIMIT} of its maximum. */
    public static final String REASON_HEAP_NEAR_CAP = "heap_near_cap";
    /** More than {@link HarnessStats#LATE_CALLS_LIMIT} of the calls started in a window started late. */
    public static final String REASON_LATE_CALLS = "late_calls";
    /** A finished call was not scored because the scoring queue was full. */
    public static final String REASON_EVALUATIONS_DROPPED = "evaluations_dropped";
    /**
     * A shard of a merged run started more than a second after the shards' common start ({@code --start-at}): the
     * load of the first seconds was not the profile's, and the merge does not pretend it was.
     */
    public static final String REASON_SHARD_STARTED_LATE = "shard_started_late";

    public HarnessWindow {
        reason = reason == null ? "" : reason;
        detail = detail == null ? "" : detail;
    }

    /** The window in words, e.g. {@code 3.0-5.1 s: event-loop stall of 512 ms (limit 250 ms)}. */
    public String describe() {
        return String.format(Locale.ROOT, "%.1f-%.1f s: %s", startSeconds, endSeconds, detail);
    }
}
