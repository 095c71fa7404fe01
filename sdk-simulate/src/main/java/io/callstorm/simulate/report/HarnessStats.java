package io.callstorm.simulate.report;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * How the harness itself held up: if it lagged, its measurements of the agent are suspect.
 *
 * <p>The run watches its own health on its one-second progress tick, and marks a window unhealthy (see
 * {@link HarnessWindow}) when, in that window, the harness event loop's lag P99 passed {@value #LAG_P99_LIMIT_MS}
 * ms or one lateness passed {@value #STALL_LIMIT_MS} ms; garbage-collection pauses took more than
 * {@value #GC_PAUSE_SHARE_LIMIT} of the window; the heap right after a collection held more than
 * {@value #HEAP_AFTER_GC_LIMIT} of its maximum; more than {@value #LATE_CALLS_LIMIT} (and at least {@value #LATE_CALLS_MIN}) of the calls
 * started in the window started {@value #LATE_CALL_MS} ms or more after the load profile asked for them; or any finished call
 * went unscored because the scoring queue was full. The run is {@link #healthy()} when no window was.
 *
 * @param eventLoopLagP99Ms    99th percentile lateness of the harness event loop's timers
 * @param eventLoopLagMaxMs    worst lateness
 * @param heapPeakMb           peak heap in use during the run, garbage included (with a concurrent collector
 *                             this approaches the heap's maximum by design)
 * @param heapLivePeakMb       peak heap still in use right after a collection: the run's real footprint
 * @param cpuSeconds           process CPU time used by the run
 * @param threadsPeak          most live threads in the process
 * @param evaluationsDone      conversations scored
 * @param evaluationsDropped   conversations not scored because the evaluation queue was full
 * @param gcPauseTotalMs       garbage-collection pause time during the run (all collectors' pauses, not their
 *                             concurrent work)
 * @param gcPauseMaxMs         longest single pause
 * @param heapMaxMb            the heap's maximum ({@code -Xmx})
 * @param callsLate            calls started {@value #LATE_CALL_MS} ms or more after the profile asked for them,
 *                             because the harness loop ran late
 * @param unhealthyWindows     the stretches of the run past a limit, by start time; empty when healthy
 * @param wallSeconds          how long the run took on the machine's clock, load, drain and scoring (on a virtual
 *                             clock, against {@code simulation.durationSeconds} of simulated time); 0 in a report
 *                             written before it was recorded
 */
public record HarnessStats(double eventLoopLagP99Ms, double eventLoopLagMaxMs, long heapPeakMb, long heapLivePeakMb,
                           double cpuSeconds,
                           int threadsPeak, long evaluationsDone, long evaluationsDropped,
                           double gcPauseTotalMs, double gcPauseMaxMs, long heapMaxMb, long callsLate,
                           List<HarnessWindow> unhealthyWindows, double wallSeconds) {
    /**
     * A window whose event-loop lag P99 is above this (ms) is unhealthy. The default demo on two idle cores has
     * windows at 20-60 ms with its figures unchanged; at 100 ms a tenth of a second is added to the timers of
     * every hundredth measurement, which the curves can no longer carry.
     */
    public static final double LAG_P99_LIMIT_MS = 100;
    /**
     * A window with one event-loop lateness above this (ms) is unhealthy: a stall. Healthy demos peak at 100-215 ms
     * (a collection, a burst of call ends); the overloaded runs seen stalled for 2.9 and 4.4 s.
     */
    public static final double STALL_LIMIT_MS = 400;
    /** A window in which GC pauses took more than this share of the time is unhealthy. */
    public static final double GC_PAUSE_SHARE_LIMIT = 0.10;
    /** A window in which the heap after a collection held more than this share of its maximum is unhealthy. */
    public static final double HEAP_AFTER_GC_LIMIT = 0.90;
    /** A window in which more than this share of the calls started late is unhealthy. */
    public static final double LATE_CALLS_LIMIT = 0.01;
    /** Fewer late calls than this in a window are one late tick of a small run, not an overloaded harness. */
    public static final long LATE_CALLS_MIN = 5;
    /**
     * A call admitted at least this late (ms) after the profile asked for it is late: as long as a stall, so that a
     * tick delayed within the loop's ordinary jitter (a demo at 10,000 calls has ticks 100-200 ms late, with its
     * concurrency short by a few dozen calls for that moment) does not count.
     */
    public static final long LATE_CALL_MS = 400;
    /** The gate check (and {@code junit.xml} test case) that fails when the harness was unhealthy. */
    public static final String GATE_CHECK = "harness";

    public HarnessStats {
        unhealthyWindows = unhealthyWindows == null ? List.of() : List.copyOf(unhealthyWindows); // older reports
    }

    /** Figures without health windows: a report written before they were added, or a rebuild without one. */
    public HarnessStats(double eventLoopLagP99Ms, double eventLoopLagMaxMs, long heapPeakMb, long heapLivePeakMb,
                        double cpuSeconds, int threadsPeak, long evaluationsDone, long evaluationsDropped) {
        this(eventLoopLagP99Ms, eventLoopLagMaxMs, heapPeakMb, heapLivePeakMb, cpuSeconds, threadsPeak,
                evaluationsDone, evaluationsDropped, 0, 0, 0, 0, List.of(), 0);
    }

    /**
     * Whether the harness stayed within its limits for the whole run: when false, the load generator was (at
     * times) the bottleneck and {@link #unhealthyWindows()} says when and why. {@code report.json}'s
     * {@code harness.healthy}; a report written before it existed reads as healthy.
     */
    @JsonProperty("healthy")
    public boolean healthy() {
        return unhealthyWindows.isEmpty();
    }

    /**
     * The health in words: {@code healthy}, or which windows were past which limit (the first five), e.g. {@code the
     * load generator was overloaded in 1 window (3.0-4.0 s: event-loop stall of 512 ms (limit 250 ms)): ...}.
     */
    public String summary() {
        if (healthy()) {
            return "healthy";
        }
        int n = unhealthyWindows.size();
        String listed = unhealthyWindows.stream().limit(5).map(HarnessWindow::describe)
                .collect(java.util.stream.Collectors.joining("; ")) + (n > 5 ? "; and " + (n - 5) + " more" : "");
        return "the load generator was overloaded in " + n + " window" + (n == 1 ? "" : "s") + " (" + listed
                + "): what it measured of the agent there is suspect; give the harness more CPU and heap, or less load";
    }
}
