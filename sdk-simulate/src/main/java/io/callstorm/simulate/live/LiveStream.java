package io.callstorm.simulate.live;

import io.callstorm.core.secret.Secrets;
import io.callstorm.simulate.RunningSimulation;
import io.callstorm.simulate.SimulationListener;
import io.callstorm.simulate.analysis.ReportAssembler;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.live.internal.LiveFigures;
import io.callstorm.simulate.live.internal.PointSeries;
import io.callstorm.simulate.measure.ProgressSnapshot;
import io.callstorm.simulate.report.HarnessWindow;
import io.callstorm.simulate.report.SimulationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A run told as a stream of {@link LiveSnapshot}s, one about every second, for a live dashboard: the CLI's
 * {@code --ui} page is one user, and a service that embeds the simulation can serve the same stream (and the same
 * page, {@link LivePage}) from its own server.
 *
 * <pre>{@code
 * LiveStream live = LiveStream.create();
 * RunningSimulation running = Simulation.builder()...listener(live).build().start();
 * live.attach(running);                                  // its measurements, and Stop
 * try (LiveStream.Subscription s = live.subscribe(snapshot -> queue.offer(snapshot.toJson()))) {
 *     running.await();
 * }
 * }</pre>
 *
 * <p>It hangs off {@link SimulationListener}: the run's progress, arrivals, stop and harness events come from there.
 * Per-stage P95, pass rates and clusters come from the attached run's {@link RunningSimulation#snapshot()}, read on
 * the stream's own thread (never on the harness loop); without {@link #attach} those parts stay empty. The last
 * reading, {@link LiveState#FINISHED}, comes when the report is ready, after which the stream's thread ends.
 *
 * <p>Subscribers are called on the stream's thread, one after the other: they must be quick (hand the reading to a
 * queue or a socket's buffer) and must not block; one that throws is dropped.
 */
public final class LiveStream extends SimulationListener {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStream.class);
    static final long INTERVAL_MILLIS = 1_000;
    /** A harness window this recent (run seconds) makes the harness unhealthy in a reading. */
    private static final double UNHEALTHY_RECENT_SECONDS = 5;
    private static final int RECENT_WINDOWS = 5;

    private final Object lock = new Object();
    private final List<Consumer<LiveSnapshot>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong callsStarted = new AtomicLong();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "callstorm-live");
        t.setDaemon(true); // a stream nobody closes must not keep the JVM alive
        return t;
    });
    private volatile RunningSimulation running;
    private volatile ProgressSnapshot progress = new ProgressSnapshot(0, 0, 0, 0, 0, 0, 0);
    private volatile String simulation = "";
    private volatile LiveState state = LiveState.STARTING;
    private volatile String stopReason = "";
    private volatile boolean stopRequested;
    private volatile Optional<LiveSnapshot> latest = Optional.empty();
    // guarded by lock
    private final PointSeries timeline = new PointSeries(LiveSnapshot.MAX_POINTS);
    private final Deque<HarnessWindow> recentWindows = new ArrayDeque<>();
    private long unhealthyWindows;
    private long sequence;
    private long lastStarted;
    private double lastElapsed;
    private double arrivals;
    private boolean ticking;

    private LiveStream() {
    }

    /** A stream that reads its run once a second, from {@code runStart} to {@code runEnd}. */
    public static LiveStream create() {
        return new LiveStream();
    }

    /**
     * The run this stream reads its measurements from, and that {@link #stop} ends: the handle the simulation this
     * stream listens to returned from {@code start()}.
     *
     * @return this stream
     */
    public LiveStream attach(RunningSimulation run) {
        this.running = Objects.requireNonNull(run, "run");
        return this;
    }

    /**
     * Calls {@code subscriber} with the latest reading at once (when there is one), then with every new one until
     * the subscription is closed.
     */
    public Subscription subscribe(Consumer<LiveSnapshot> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        subscribers.add(subscriber);
        latest.ifPresent(s -> tell(subscriber, s));
        return () -> subscribers.remove(subscriber);
    }

    /** The latest reading; empty before the run started. */
    public Optional<LiveSnapshot> latest() {
        return latest;
    }

    /**
     * Ends the attached run early, as {@link RunningSimulation#cancel(String)} with {@code reason}: its report is
     * partial. Does nothing when no run is attached or the run is over.
     *
     * @return whether a run was told to stop
     */
    public boolean stop(String reason) {
        Objects.requireNonNull(reason, "reason");
        RunningSimulation r = running;
        if (r == null || r.isDone()) {
            return false;
        }
        stopRequested = true;
        r.cancel(reason);
        return true;
    }

    /** Whether {@link #stop} ended the run (rather than its profile, a signal or another caller of cancel). */
    public boolean stoppedHere() {
        return stopRequested;
    }

    /** A subscriber's hold on the stream; closing it stops the calls. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    // ---- the listener side: on the harness loop, so only fields are set here

    @Override
    public void runStart(String simulationName, double totalSeconds) {
        simulation = simulationName;
        progress = new ProgressSnapshot(0, totalSeconds, 0, 0, 0, 0, 0);
        state = LiveState.RUNNING;
        synchronized (lock) {
            if (!ticking) {
                ticking = true;
                ticker.scheduleAtFixedRate(this::tick, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void progress(ProgressSnapshot snapshot) {
        progress = snapshot;
    }

    @Override
    public void callStart(CallSetup call, int concurrency) {
        callsStarted.incrementAndGet();
    }

    @Override
    public void draining(int callsInProgress) {
        if (state == LiveState.RUNNING) {
            state = LiveState.DRAINING;
        }
    }

    @Override
    public void stopping(String reason, int callsInProgress) {
        stopReason = reason;
        state = LiveState.STOPPING;
    }

    @Override
    public void harnessUnhealthy(HarnessWindow window) {
        synchronized (lock) {
            unhealthyWindows++;
            recentWindows.addLast(window);
            while (recentWindows.size() > RECENT_WINDOWS) {
                recentWindows.removeFirst();
            }
        }
    }

    /** The last reading, {@code FINISHED}, then the stream's thread ends. Called on the thread that ran the run. */
    @Override
    public void runEnd(SimulationReport report) {
        state = LiveState.FINISHED;
        if (report.completeness().partial() && stopReason.isEmpty()) {
            stopReason = report.completeness().reason();
        }
        progress = new ProgressSnapshot(report.simulation().durationSeconds(), progress.totalSeconds(), 0, 0,
                progress.gapP95Ms(), progress.errorRate(), report.load().callsStarted());
        try {
            ticker.submit(() -> publish(report.completeness().partial())).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the live stream's last reading was not published: {}", Secrets.redact(e.toString()));
        } finally {
            ticker.shutdown();
        }
    }

    // ---- the stream's thread

    private void tick() {
        if (state == LiveState.FINISHED) {
            return; // runEnd publishes the last reading
        }
        publish(false);
    }

    private void publish(boolean partial) {
        LiveSnapshot s;
        try {
            s = read(partial);
        } catch (RuntimeException e) {
            LOG.warn("a live reading failed; the stream goes on: {}", Secrets.redact(e.toString()));
            return;
        }
        latest = Optional.of(s);
        for (Consumer<LiveSnapshot> subscriber : subscribers) {
            tell(subscriber, s);
        }
    }

    private LiveSnapshot read(boolean partial) {
        RunningSimulation r = running;
        LiveFigures figures = r == null ? LiveFigures.none() : LiveFigures.of(r.snapshot());
        ProgressSnapshot p = progress;
        long started = callsStarted.get();
        synchronized (lock) {
            // the run's progress comes on its own clock: a tick that found no newer progress adds no point
            double dt = p.elapsedSeconds() - lastElapsed;
            LiveState now = state;
            if (dt > 0 || sequence == 0) {
                arrivals = dt > 0 ? ReportAssembler.round((started - lastStarted) / dt, 2) : 0;
                lastElapsed = p.elapsedSeconds();
                lastStarted = started;
                if (now != LiveState.FINISHED) {
                    timeline.add(new LiveSnapshot.Point(ReportAssembler.round(p.elapsedSeconds(), 2),
                            p.concurrency(), arrivals, p.errorRate(), p.gapP95Ms()));
                }
            }
            boolean healthy = recentWindows.isEmpty()
                    || recentWindows.getLast().endSeconds() < p.elapsedSeconds() - UNHEALTHY_RECENT_SECONDS;
            LiveSnapshot.Harness harness = new LiveSnapshot.Harness(healthy, unhealthyWindows,
                    recentWindows.stream().map(HarnessWindow::describe).toList());
            sequence++;
            return new LiveSnapshot(sequence, simulation, now, ReportAssembler.round(p.elapsedSeconds(), 2),
                    p.totalSeconds(), p.concurrency(), started, p.callsCompleted(), arrivals, p.gapP95Ms(),
                    p.errorRate(), figures.errorRateOverall(), timeline.points(), figures.stages(),
                    figures.passRates(), figures.clusters(), harness, stopReason, partial);
        }
    }

    private void tell(Consumer<LiveSnapshot> subscriber, LiveSnapshot s) {
        try {
            subscriber.accept(s);
        } catch (RuntimeException e) {
            subscribers.remove(subscriber);
            LOG.warn("a live stream subscriber threw and was dropped: {}", Secrets.redact(e.toString()));
        }
    }
}
