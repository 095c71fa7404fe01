package io.callstorm.simulate.engine;

import io.callstorm.simulate.callers.CallerMode;
import io.callstorm.simulate.callers.ImprovisedTurns;
import io.callstorm.simulate.loop.EventLoop;
import io.callstorm.simulate.report.CallerSummary;
import io.callstorm.simulate.loop.SimulationClock;
import io.callstorm.simulate.measure.CallRecorder;
import io.callstorm.simulate.report.EvaluationSetup;
import io.callstorm.simulate.measure.ProgressSnapshot;
import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.HarnessWindow;
import io.callstorm.simulate.report.InFlightSeries;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.core.scenario.ScenarioRow;
import io.callstorm.eval.Evaluator;
import io.callstorm.simulate.evaluate.EvaluationConfig;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.load.RetryPolicy;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.RecordingPolicy;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.tracing.StageSample;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.SplittableRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run in progress: the harness event loop, the load driver that admits callers by the profile, the
 * callers, and the sinks their measurements go to. Built and started by {@code Simulation.run()}.
 */
public final class SimulationRun {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SimulationRun.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A tick this much later than due admits its calls late (see {@link HarnessStats#LATE_CALL_MS}). */
    private static final long LATE_TICK_NANOS = TICK_NANOS + TimeUnit.MILLISECONDS.toNanos(HarnessStats.LATE_CALL_MS);

    /**
     * Everything a run needs, checked by the public builder.
     *
     * @param seed  seeds the run's own randomness (the retry policy's jitter)
     * @param clock the time the run (and, on {@link SimulationClock#VIRTUAL}, its in-process agent) runs on
     * @param callers how callers find their words: scripted or improvised by a model
     * @param recordings which agent audio recordings are kept
     */
    public record Settings(String name, AgentConnector connector, List<ScenarioRow> rows, LoadProfile load,
                           double timeScale, RetryPolicy retry, Duration turnTimeout, Duration maxCallDuration,
                           Duration drainTimeout, List<Evaluator> evaluators, Optional<Path> callsFile,
                           boolean keepCallLines, RunEvents events, EvaluationConfig evaluation,
                           CallRecorder recorder, long seed, SimulationClock clock, CallerMode callers,
                           RecordingPolicy recordings) {
    }

    /**
     * What a finished run hands to the report assembler.
     *
     * @param durationSeconds the run's length on its clock (simulated seconds on a virtual clock)
     * @param wallSeconds     the run's length on the machine's clock
     * @param health          how the harness held up against its limits ({@link HarnessStats})
     * @param completeness    whether the run went to its end, or was stopped early (why, when, calls cut)
     * @param callsFileFailure why {@code calls.jsonl} could not be written, when it could not (its lines up to then
     *                        are whole: a torn last line is cut off)
     * @param callers          how the callers found their words, with the counts of improvised turns
     */
    public record Outcome(Settings settings, Instant startedAt, double durationSeconds, double wallSeconds,
                          List<CallLine> keptLines, Histogram lagMicros, long peakHeapBytes, long peakLiveHeapBytes,
                          double cpuSeconds,
                          int peakThreads, int peakConcurrency, long callsStarted, Health health,
                          Completeness completeness, Optional<java.io.IOException> callsFileFailure,
                          CallerSummary callers) {
    }

    /**
     * The harness's own health over the run.
     *
     * @param gcPauseTotalMs   collection pauses during the run
     * @param gcPauseMaxMs     the longest
     * @param heapMaxBytes     the heap's maximum (0 when unbounded)
     * @param callsLate        calls admitted by a tick that ran {@link HarnessStats#LATE_CALL_MS} ms or more late
     * @param unhealthyWindows the stretches past a limit, by start time
     */
    public record Health(double gcPauseTotalMs, double gcPauseMaxMs, long heapMaxBytes, long callsLate,
                         List<HarnessWindow> unhealthyWindows) {
        public Health {
            unhealthyWindows = List.copyOf(unhealthyWindows);
        }
    }

    private final Settings settings;
    /** The turns of improvising callers; empty when they are scripted. */
    private final Optional<ImprovisedTurns> improvised;
    private final EventLoop loop;
    private final boolean virtual;
    private final ResultSink sink;
    private final Retry retry;
    /** In admission order: calls cut at the end of the run end in the same order every time. */
    private final Set<CallerSession> active = new LinkedHashSet<>();
    /** The active callers by call id: a stage span's {@code session.id} says whose call it measured. */
    private final Map<String, CallerSession> activeByCallId = new java.util.HashMap<>();
    private final Optional<SpanExporter> spanExporter;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()).toList();
    private final Histogram gapWindow = new Histogram(TimeUnit.MINUTES.toMicros(10), 2);
    private long startNanos;
    /** The calls in progress, sampled every {@link InFlightSeries#SAMPLE_INTERVAL_MILLIS} ms: a shard's merge adds them up. */
    private long[] inFlightAt = new long[1024];
    private int[] inFlightCalls = new int[1024];
    private int inFlightSamples;
    private long nextInFlightSample;
    /** When the run finished, on the loop's clock. */
    private volatile long endNanos;
    private long lastTickNanos;
    private long nextRow;
    private long callsStarted;
    private long callsEnded;
    private int peakConcurrency;
    private double openArrivalDebt;
    private boolean draining;
    private long drainDeadline;
    private long peakHeap;
    private long peakLiveHeap;
    private long windowEnds;
    private long windowErrors;
    private final HarnessMonitor health;
    private double healthFromSeconds;
    private long healthStarted;
    private long healthLate;
    private long healthDropped;
    /** Why and when the run was stopped early, with the calls it cut; the whole run when it was not. Loop thread. */
    private Completeness completeness = Completeness.whole();

    public SimulationRun(Settings settings) {
        this(settings, Optional.empty());
    }

    /** A run that also exports every span of the run (the in-process agent's) to {@code spanExporter}. */
    public SimulationRun(Settings settings, Optional<SpanExporter> spanExporter) {
        this.spanExporter = spanExporter;
        this.settings = settings;
        this.improvised = settings.callers().improvises() ? Optional.of(ImprovisedTurns.start(settings.callers()))
                : Optional.empty();
        this.virtual = settings.clock() == SimulationClock.VIRTUAL;
        this.loop = new EventLoop("callstorm-harness", settings.clock());
        this.health = new HarnessMonitor(virtual);
        // on simulated time the recorder must see the lines in an order that does not depend on which scoring thread
        // finished first: the order the calls ended in
        this.sink = new ResultSink(settings.evaluators(), settings.evaluation(), settings.callsFile(),
                settings.keepCallLines(), settings.recorder(), virtual, settings.recordings(),
                failure -> stop(Completeness.OUTPUT_FAILED, "calls.jsonl could not be written: " + failure.getMessage()));
        this.retry = Retry.of("agent-turn", retryConfig(settings.retry(), new SplittableRandom(settings.seed())));
    }

    /** The jitter is drawn on the harness loop (where callers retry), from the run's seed. */
    private static RetryConfig retryConfig(RetryPolicy p, SplittableRandom random) {
        IntervalBiFunction<Object> interval = (attempt, either) -> {
            long backoff = Math.round(p.initialBackoff().toMillis() * Math.pow(p.multiplier(), attempt - 1));
            if (either.isLeft() && either.getLeft() instanceof AgentException ae && ae.retryAfter().isPresent()) {
                backoff = Math.max(backoff, ae.retryAfter().get().toMillis());
            }
            backoff = Math.round(backoff * (1 + p.jitter() * random.nextDouble()));
            return Math.min(backoff, p.maxBackoff().toMillis());
        };
        return RetryConfig.custom().maxAttempts(p.maxAttempts()).intervalBiFunction(interval)
                .retryOnException(t -> t instanceof AgentException ae && ae.isTransient())
                .failAfterMaxAttempts(false).build();
    }

    /** How a run with these evaluators and this configuration scores its calls, for {@code run.json}. */
    public static EvaluationSetup evaluationSetup(List<Evaluator> evaluators, EvaluationConfig config) {
        return ResultSink.setupOf(evaluators, config);
    }

    /** Runs to the end and returns what was measured. Blocks the calling thread, not the loop. */
    public Outcome run() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.resetPeakThreadCount();
        long cpuStart = processCpuNanos();
        Instant startedAt = Instant.now();
        long wallStart = System.nanoTime();
        if (virtual) {
            // one thread, one clock: the agent's timers and the callers' interleave in one deterministic order
            settings.connector().runOn(loop);
        }
        // before the first call: the connector records its spans here, and the run measures its stages from them
        RunTracing tracing = RunTracing.start(settings.name(), settings.connector(), spanExporter,
                this::stageSpanEnded);
        loop.execute(() -> {
            startNanos = loop.nanoTime();
            lastTickNanos = startNanos;
            if (!virtual) {
                loop.startLagProbe(); // on simulated time every timer fires on time: there is no lag to measure
            }
            health.start();
            settings.events().runStart(settings.name(), settings.load().totalDuration().toMillis() / 1000.0);
            tick();
            progress();
        });
        try {
            finished.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loop.execute(() -> stopNow(Completeness.CANCELLED, "the thread running the simulation was interrupted"));
            finished.join();
        } catch (java.util.concurrent.ExecutionException e) {
            tracing.close();
            releaseConnector();
            improvised.ifPresent(ImprovisedTurns::close);
            throw new IllegalStateException("simulation loop failed", e.getCause());
        }
        double duration = (endNanos - startNanos) / 1e9;
        tracing.close(); // the agent lets go of the run's SDK, whose exporter gets the last spans
        Histogram lag = loop.lagMicros().copy();
        loop.close();
        releaseConnector(); // after the loop stopped: none of the agent's timers runs on it any more
        sink.close();
        improvised.ifPresent(ImprovisedTurns::close);
        double wall = (System.nanoTime() - wallStart) / 1e9;
        health.close();
        Health h = new Health(health.gcPauseTotalMs(), health.gcPauseMaxMs(), health.heapMaxBytes(),
                health.callsLate(), health.windows());
        return new Outcome(settings, startedAt, duration, wall, sink.lines(), lag, peakHeap, peakLiveHeap,
                (processCpuNanos() - cpuStart) / 1e9, threads.getPeakThreadCount(), peakConcurrency, callsStarted, h,
                completeness, sink.writeFailure(), improvised.map(ImprovisedTurns::summary)
                .orElse(CallerSummary.scripted()));
    }

    /** A connector that ran on this run's loop goes back to its own thread. */
    private void releaseConnector() {
        if (virtual) {
            settings.connector().runOnOwnThread();
        }
    }

    private void tick() {
        if (finished.isDone()) {
            return; // a tick queued before the run was stopped must not admit calls that nothing will end
        }
        try {
            if (step()) {
                return;
            }
        } finally {
            if (!finished.isDone()) {
                loop.schedule(TICK_NANOS, this::tick); // one failing step must not stall the run
            }
        }
    }

    /** Admits callers by the profile; returns true when the run is over. */
    private boolean step() {
        long now = loop.nanoTime();
        long elapsed = now - startNanos;
        LoadProfile load = settings.load();
        long startedBefore = callsStarted;
        try {
            return admit(now, elapsed, load);
        } finally {
            long started = callsStarted - startedBefore;
            healthStarted += started;
            if (now - lastTickNanos >= LATE_TICK_NANOS) {
                healthLate += started; // the profile asked for these a tick (or more) ago: the loop ran late
            }
            lastTickNanos = now;
            if (elapsed >= nextInFlightSample && !finished.isDone()) { // after this tick's admissions
                sampleInFlight(elapsed);
                nextInFlightSample = elapsed + TimeUnit.MILLISECONDS.toNanos(InFlightSeries.SAMPLE_INTERVAL_MILLIS);
            }
        }
    }

    private boolean admit(long now, long elapsed, LoadProfile load) {
        if (!draining && elapsed >= load.totalDuration().toNanos()) {
            draining = true;
            drainDeadline = now + settings.drainTimeout().toNanos();
            settings.events().draining(active.size());
        }
        if (draining) {
            if (active.isEmpty()) {
                finishRun();
                return true;
            }
            if (now >= drainDeadline) {
                for (CallerSession s : List.copyOf(active)) {
                    s.abort();
                }
                finishRun();
                return true;
            }
        } else if (load.model() == LoadProfile.Model.CLOSED) {
            topUp();
        } else {
            // credit the time that really passed, so a late loop does not lower the offered load
            openArrivalDebt += load.targetAt(elapsed) * (now - lastTickNanos) / 1e9;
            while (openArrivalDebt >= 1.0) {
                openArrivalDebt -= 1.0;
                startCall();
            }
        }
        return false;
    }

    /**
     * Closed model: starts the calls the target is missing, at most a twentieth of the target per tick so that an
     * agent refusing every call meets a bounded call rate instead of a spinning loop.
     */
    private void topUp() {
        double target = settings.load().targetAt(loop.nanoTime() - startNanos);
        int missing = (int) Math.floor(target) - active.size();
        int cap = Math.max(50, (int) (target / 20));
        for (int i = 0; i < Math.min(missing, cap); i++) {
            startCall();
        }
    }

    private void startCall() {
        List<ScenarioRow> rows = settings.rows();
        ScenarioRow row = rows.get((int) (nextRow++ % rows.size()));
        CallerSession session = new CallerSession(this, row, "call-" + (callsStarted++));
        active.add(session);
        activeByCallId.put(session.callId(), session);
        peakConcurrency = Math.max(peakConcurrency, active.size());
        session.start();
    }

    void callEnded(CallerSession session, CallStatus status, CallLine.CallError error, Conversation conversation,
                   CallLine line, java.util.Optional<io.callstorm.simulate.connect.RecordedAudio> agentAudio) {
        if (!active.remove(session)) {
            return;
        }
        activeByCallId.remove(session.callId());
        callsEnded++;
        boolean isError = status != CallStatus.COMPLETED;
        windowEnds++;
        if (isError) {
            windowErrors++;
        }
        sink.accept(new ResultSink.FinishedCall(line, conversation, agentAudio));
        // the closed model's replacement comes with the next tick (<= 10 ms): starting it here would let an agent
        // that refuses every call spin the loop
    }

    /**
     * A stage span of the agent ended, on the agent's thread: its sample goes to the loop, to the caller whose call
     * it measured. It arrives before the reply it belongs to, as the agent ends a turn's stages before it replies.
     * A sample of a call that has ended, or of no call, is not a measurement of this run's calls.
     */
    private void stageSpanEnded(StageSample sample) {
        loop.execute(() -> {
            CallerSession session = sample.sessionId().map(activeByCallId::get).orElse(null);
            if (session != null) {
                session.stageSample(sample);
            }
        });
    }

    private void progress() {
        if (finished.isDone()) {
            return;
        }
        sampleHeap();
        double elapsed = (loop.nanoTime() - startNanos) / 1e9;
        checkHealth(elapsed, false);
        double p95 = gapWindow.getTotalCount() == 0 ? 0 : gapWindow.getValueAtPercentile(95) / 1000.0;
        var snapshot = new ProgressSnapshot(elapsed,
                settings.load().totalDuration().toMillis() / 1000.0, active.size(), windowEnds, p95,
                windowEnds == 0 ? 0 : (double) windowErrors / windowEnds, callsEnded);
        gapWindow.reset();
        windowEnds = 0;
        windowErrors = 0;
        settings.events().progress(snapshot);
        loop.schedule(PROGRESS_NANOS / 10, this::sampleHeap);
        loop.schedule(PROGRESS_NANOS, this::progress);
    }

    /**
     * The harness's health over the window since the last check: each limit passed is a {@link HarnessWindow},
     * told to the listeners at once. On the progress tick and at the end of the run.
     */
    private void checkHealth(double elapsedSeconds, boolean atEnd) {
        if (elapsedSeconds - healthFromSeconds < (atEnd ? 1e-6 : 0.05)) {
            return; // the first tick: nothing to judge yet
        }
        long dropped = sink.dropped();
        List<HarnessWindow> found = health.check(healthFromSeconds, elapsedSeconds, loop.lagWindowMicros(),
                healthStarted, healthLate, dropped - healthDropped);
        healthFromSeconds = elapsedSeconds;
        healthStarted = 0;
        healthLate = 0;
        healthDropped = dropped;
        for (HarnessWindow w : found) {
            LOG.warn("{}: the harness is overloaded at {}; the load generator, not the agent, is the bottleneck there",
                    settings.name(), w.describe());
            settings.events().harnessUnhealthy(w);
        }
    }

    private void sampleHeap() {
        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
        long live = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (afterGc != null) {
                live += afterGc.getUsed();
            }
        }
        peakLiveHeap = Math.max(peakLiveHeap, live);
    }

    /** Ends the run early from any thread, as cancelled: see {@link #stop(String, String)}. */
    public void stop() {
        stop(Completeness.CANCELLED, "cancelled");
    }

    /**
     * Ends the run early from any thread: no call is admitted any more, the calls in progress are cut short (each
     * ends {@code CANCELLED}, with its line), and the run returns what it measured, marked partial with
     * {@code cause} and {@code reason}. Does nothing once the run is over; the first stop's reason is kept.
     */
    public void stop(String cause, String reason) {
        if (finished.isDone()) {
            return;
        }
        loop.execute(() -> stopNow(cause, reason));
    }

    private void stopNow(String cause, String reason) {
        if (finished.isDone()) {
            return;
        }
        int cut = active.size();
        completeness = Completeness.stopped(cause, reason, secondsSinceStart(loop.nanoTime()), cut);
        settings.events().stopping(reason, cut);
        for (CallerSession s : List.copyOf(active)) {
            s.cancel();
        }
        finishRun();
    }

    private void finishRun() {
        if (finished.isDone()) {
            return;
        }
        sampleHeap();
        endNanos = loop.nanoTime();
        sampleInFlight(endNanos - startNanos);
        checkHealth((endNanos - startNanos) / 1e9, true);
        loop.stopLagProbe();
        finished.complete(null);
    }

    /** One sample of the calls in progress, {@code elapsedNanos} into the run. Loop thread. */
    private void sampleInFlight(long elapsedNanos) {
        if (inFlightSamples == inFlightAt.length) {
            inFlightAt = java.util.Arrays.copyOf(inFlightAt, inFlightAt.length * 2);
            inFlightCalls = java.util.Arrays.copyOf(inFlightCalls, inFlightCalls.length * 2);
        }
        inFlightAt[inFlightSamples] = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
        inFlightCalls[inFlightSamples] = active.size();
        inFlightSamples++;
    }

    /**
     * The calls in progress over the run, a sample every {@link InFlightSeries#SAMPLE_INTERVAL_MILLIS} ms of the run's
     * clock and one at its end. Call after {@link #run()} returned.
     */
    public InFlightSeries inFlight() {
        return new InFlightSeries(java.util.Arrays.copyOf(inFlightAt, inFlightSamples),
                java.util.Arrays.copyOf(inFlightCalls, inFlightSamples));
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    // --- for callers, on the loop

    EventLoop loop() { return loop; }
    /** The run's clock (the loop's): simulated time on a virtual clock. Loop thread. */
    long nanoTime() { return loop.nanoTime(); }
    AgentConnector connector() { return settings.connector(); }
    /** The turns of improvising callers; empty when they are scripted. */
    Optional<ImprovisedTurns> improvisedTurns() { return improvised; }
    RunEvents events() { return settings.events(); }
    Retry retry() { return retry; }
    Duration turnTimeout() { return settings.turnTimeout(); }
    Duration maxCallDuration() { return settings.maxCallDuration(); }
    int concurrency() { return active.size(); }

    void recordGap(long micros) {
        gapWindow.recordValue(Math.min(gapWindow.getHighestTrackableValue(), micros));
    }

    /** Caller time (speaking, listening, thinking) compressed by the time scale; agent time never is. */
    long scaled(long nanos) {
        return Math.round(nanos * settings.timeScale());
    }

    double secondsSinceStart(long nanos) {
        return Math.round((nanos - startNanos) / 1e6) / 1000.0;
    }
}
