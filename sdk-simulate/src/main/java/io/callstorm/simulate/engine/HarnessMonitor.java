package io.callstorm.simulate.engine;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.HarnessWindow;
import org.HdrHistogram.Histogram;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The harness watching itself: garbage-collection pauses and the heap after each collection (from the JDK's GC
 * notifications, off the loop), and, once a window on the run's one-second progress tick, the event loop's lag, the
 * calls admitted late and the evaluations dropped in that window, each against its limit in {@link HarnessStats}.
 * Nothing here is touched per call; {@link #check} runs on the harness loop.
 */
final class HarnessMonitor implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HarnessMonitor.class);
    /** Bounds the report on a very long, very unhealthy run; consecutive windows of a reason merge anyway. */
    static final int MAX_WINDOWS = 1000;
    private static final double MB = 1024.0 * 1024.0;
    /** A P99 over fewer probes (half a second of them) is one or two firings: the stall limit judges those. */
    static final long MIN_LAG_SAMPLES = 100;

    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener gcListener = this::gcNotification;
    private final long heapMax = Runtime.getRuntime().maxMemory();
    private final AtomicLong windowPauseMicros = new AtomicLong();
    private final AtomicLong windowHeapAfterGc = new AtomicLong();
    private final AtomicLong totalPauseMicros = new AtomicLong();
    private final AtomicLong maxPauseMicros = new AtomicLong();
    private final List<HarnessWindow> windows = new ArrayList<>();
    private final Map<String, Integer> lastByReason = new HashMap<>();
    private final boolean simulatedTime;
    private long callsLate;
    private long windowsLeftOff;

    /**
     * @param simulatedTime the run is on a virtual clock: its windows are simulated seconds, which a collection does
     *                      not stretch (simulated time stands still while the machine pauses), so GC pauses are
     *                      counted but not judged per window; the loop's lag is zero by construction
     */
    HarnessMonitor(boolean simulatedTime) {
        this.simulatedTime = simulatedTime;
    }

    /** Starts listening to the collectors' pauses. */
    void start() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                try {
                    emitter.addNotificationListener(gcListener, null, null);
                    emitters.add(emitter);
                } catch (RuntimeException e) {
                    LOG.debug("cannot listen to {}'s collections", gc.getName(), e);
                }
            }
        }
    }

    private void gcNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())
                || !(n.getUserData() instanceof CompositeData data)) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(data);
        long after = 0;
        for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
            after += u.getUsed();
        }
        long heapAfter = after;
        windowHeapAfterGc.accumulateAndGet(heapAfter, Math::max);
        // ZGC's and Shenandoah's "... Cycles" collectors report concurrent work, not pauses (their "... Pauses" do)
        if (info.getGcName().endsWith("Cycles")) {
            return;
        }
        long micros = Math.max(0, info.getGcInfo().getDuration()) * 1000;
        windowPauseMicros.addAndGet(micros);
        totalPauseMicros.addAndGet(micros);
        maxPauseMicros.accumulateAndGet(micros, Math::max);
    }

    /**
     * Checks the window from {@code fromSeconds} to {@code toSeconds} (seconds since the run started) and resets
     * the window's figures: {@code lagWindowMicros} (reset here), the calls started and started late in it, the
     * evaluations dropped in it. Loop thread only.
     *
     * @return the window's unhealthy reasons, one {@link HarnessWindow} each (empty when it was healthy)
     */
    List<HarnessWindow> check(double fromSeconds, double toSeconds, Histogram lagWindowMicros, long started,
                              long late, long dropped) {
        double length = Math.max(toSeconds - fromSeconds, 1.0); // a short last window is judged as a second
        double lagP99 = lagWindowMicros.getTotalCount() == 0 ? 0 : lagWindowMicros.getValueAtPercentile(99) / 1000.0;
        double lagMax = lagWindowMicros.getMaxValue() / 1000.0;
        long lagWindowTotal = lagWindowMicros.getTotalCount();
        lagWindowMicros.reset();
        double pauseMs = windowPauseMicros.getAndSet(0) / 1000.0;
        long heapAfterGc = windowHeapAfterGc.getAndSet(0);
        callsLate += late;

        List<HarnessWindow> found = new ArrayList<>(0);
        if (lagMax > HarnessStats.STALL_LIMIT_MS) {
            add(found, fromSeconds, toSeconds, HarnessWindow.REASON_EVENT_LOOP_STALL, lagMax,
                    HarnessStats.STALL_LIMIT_MS, fmt("event-loop stall of %.0f ms (limit %.0f ms)", lagMax,
                            HarnessStats.STALL_LIMIT_MS));
        } else if (lagWindowTotal >= MIN_LAG_SAMPLES && lagP99 > HarnessStats.LAG_P99_LIMIT_MS) {
            add(found, fromSeconds, toSeconds, HarnessWindow.REASON_EVENT_LOOP_LAG, lagP99,
                    HarnessStats.LAG_P99_LIMIT_MS, fmt("event-loop lag P99 %.0f ms (limit %.0f ms)", lagP99,
                            HarnessStats.LAG_P99_LIMIT_MS));
        }
        double pauseShare = pauseMs / (length * 1000);
        if (!simulatedTime && pauseShare > HarnessStats.GC_PAUSE_SHARE_LIMIT) {
            add(found, fromSeconds, toSeconds, HarnessWindow.REASON_GC_PAUSES, round(pauseShare),
                    HarnessStats.GC_PAUSE_SHARE_LIMIT, fmt("GC pauses of %.0f ms, %.0f%% of the time (limit %.0f%%)",
                            pauseMs, pauseShare * 100, HarnessStats.GC_PAUSE_SHARE_LIMIT * 100));
        }
        if (heapMax > 0 && heapMax != Long.MAX_VALUE) {
            double heapShare = (double) heapAfterGc / heapMax;
            if (heapShare > HarnessStats.HEAP_AFTER_GC_LIMIT) {
                add(found, fromSeconds, toSeconds, HarnessWindow.REASON_HEAP_NEAR_CAP, round(heapShare),
                        HarnessStats.HEAP_AFTER_GC_LIMIT, fmt("heap after GC %,d of %,d MB, %.0f%% (limit %.0f%%)",
                                Math.round(heapAfterGc / MB), Math.round(heapMax / MB), heapShare * 100,
                                HarnessStats.HEAP_AFTER_GC_LIMIT * 100));
            }
        }
        double lateShare = (double) late / Math.max(1, started);
        if (late >= HarnessStats.LATE_CALLS_MIN && lateShare > HarnessStats.LATE_CALLS_LIMIT) {
            add(found, fromSeconds, toSeconds, HarnessWindow.REASON_LATE_CALLS, round(lateShare),
                    HarnessStats.LATE_CALLS_LIMIT, fmt("%,d of %,d calls started %d ms or more late, %.1f%% "
                                    + "(limit %.0f%%)", late, started, HarnessStats.LATE_CALL_MS, lateShare * 100,
                            HarnessStats.LATE_CALLS_LIMIT * 100));
        }
        if (dropped > 0) {
            add(found, fromSeconds, toSeconds, HarnessWindow.REASON_EVALUATIONS_DROPPED, dropped, 0,
                    fmt("%,d evaluations dropped, the scoring queue full (limit 0)", dropped));
        }
        return found;
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** Records the window, merged into the last one of its reason when they touch. */
    void add(List<HarnessWindow> found, double from, double to, String reason, double worst, double limit,
             String detail) {
        HarnessWindow w = new HarnessWindow(round(from), round(to), reason, worst, limit, detail);
        Integer last = lastByReason.get(reason);
        if (last != null && windows.get(last).endSeconds() >= w.startSeconds()) {
            HarnessWindow prev = windows.get(last);
            boolean counts = reason.equals(HarnessWindow.REASON_EVALUATIONS_DROPPED);
            HarnessWindow worse = prev.worst() >= w.worst() ? prev : w;
            double worst2 = counts ? prev.worst() + w.worst() : worse.worst();
            String detail2 = counts ? fmt("%,d evaluations dropped, the scoring queue full (limit 0)",
                    Math.round(worst2)) : worse.detail();
            windows.set(last, new HarnessWindow(prev.startSeconds(), w.endSeconds(), reason, worst2, limit, detail2));
        } else if (windows.size() < MAX_WINDOWS) {
            lastByReason.put(reason, windows.size());
            windows.add(w);
        } else {
            windowsLeftOff++;
        }
        found.add(w);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** The unhealthy stretches so far, by start time. */
    List<HarnessWindow> windows() {
        List<HarnessWindow> sorted = new ArrayList<>(windows);
        sorted.sort(java.util.Comparator.comparingDouble(HarnessWindow::startSeconds));
        if (windowsLeftOff > 0) {
            LOG.warn("{} more unhealthy harness windows were left out of the report", windowsLeftOff);
        }
        return sorted;
    }

    double gcPauseTotalMs() {
        return totalPauseMicros.get() / 1000.0;
    }

    double gcPauseMaxMs() {
        return maxPauseMicros.get() / 1000.0;
    }

    long callsLate() {
        return callsLate;
    }

    long heapMaxBytes() {
        return heapMax == Long.MAX_VALUE ? 0 : heapMax;
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(gcListener);
            } catch (Exception ignored) {
                // already gone
            }
        }
        emitters.clear();
    }
}
