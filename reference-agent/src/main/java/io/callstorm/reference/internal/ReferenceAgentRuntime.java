package io.callstorm.reference.internal;

import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.loop.EventLoop;
import io.callstorm.reference.ReferenceAgentConfig;
import io.callstorm.tracing.ConcurrencyTracker;
import io.callstorm.tracing.VoiceTelemetry;
import io.opentelemetry.api.OpenTelemetry;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The reference agent's providers on one event loop thread of their own, apart from the harness's, so the
 * two are measured apart. Every capacity model is touched only from that thread.
 *
 * <p>The agent is instrumented with {@code sdk-tracing}: each call a {@code voice.call} span, each caller turn a
 * {@code voice.turn} span, each stage a stage span. With {@link OpenTelemetry#noop()} (the default) the spans
 * record nothing, and each reply carries its stage timings instead ({@code AgentReply.stages}, read from the
 * turn's Server-Timing capture), as an agent reached over the network reports them. Given a recording
 * OpenTelemetry ({@link #instrument}), the spans are the report: replies carry no stage timings, so a simulation
 * reading the spans does not count a stage twice.
 */
public final class ReferenceAgentRuntime implements AutoCloseable {
    final ReferenceAgentConfig config;
    private final EventLoop ownLoop;
    /**
     * The loop every capacity model runs on: the agent's own, or, during a run on simulated time, the run's (see
     * {@link #runOn}). Read it afresh for each task.
     */
    volatile EventLoop loop;
    final Sampler sampler;
    final SttService stt;
    final PromptCache cache;
    final TokenBucket budget;
    final ToolBackend tools;
    final TtsPool tts;
    /** Counts this agent's open calls for {@code voice.concurrency}; kept across {@link #instrument} calls. */
    private final ConcurrencyTracker calls = ConcurrencyTracker.create();
    private volatile Instrumentation instrumentation;
    private volatile boolean closed;
    private int nextTicket = 10_000;

    /**
     * The telemetry calls opened from now on record with, and whether their replies carry stage timings.
     *
     * @param telemetry      spans for calls, turns and stages
     * @param stagesInReplies true when nobody reads the spans: each reply lists its turn's stage timings
     */
    record Instrumentation(VoiceTelemetry telemetry, boolean stagesInReplies) {
    }

    public ReferenceAgentRuntime(ReferenceAgentConfig config) {
        this.config = config;
        this.ownLoop = new EventLoop("callstorm-reference-agent");
        this.loop = ownLoop;
        this.sampler = new Sampler(config.seed());
        this.stt = new SttService(config.stt(), sampler);
        this.cache = new PromptCache(config.llm().cacheCapacityTokens(), sampler);
        this.budget = new TokenBucket(config.llm().tokenBudgetPerSecond(), ownLoop.nanoTime());
        this.tools = new ToolBackend(config.tools(), sampler, () -> loop);
        this.tts = new TtsPool(config.tts(), () -> loop);
        this.instrumentation = instrumentationFor(OpenTelemetry.noop());
    }

    /**
     * Records the spans of calls opened from now on with {@code openTelemetry}; calls in progress keep what they
     * started with. Every call is counted on one tracker whatever the telemetry, so {@code voice.concurrency} is
     * this agent's calls in flight. The change is made on the agent's thread: when this returns, work queued on
     * it before (such as hang-ups, which end call spans) has run.
     */
    public void instrument(OpenTelemetry openTelemetry) {
        Instrumentation next = instrumentationFor(Objects.requireNonNull(openTelemetry, "openTelemetry"));
        if (closed || loop.inLoop()) {
            instrumentation = next;
            return;
        }
        onLoopAndWait(loop, () -> instrumentation = next);
    }

    /**
     * Runs {@code change} on {@code on} after the work queued there before, and waits for it (5 s at most: a loop that
     * is stuck or gone gets it applied here).
     */
    private static void onLoopAndWait(EventLoop on, Runnable change) {
        CountDownLatch applied = new CountDownLatch(1);
        on.execute(() -> {
            change.run();
            applied.countDown();
        });
        try {
            if (!applied.await(5, TimeUnit.SECONDS)) {
                change.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            change.run();
        }
    }

    /**
     * Moves the agent onto {@code runLoop} (a run's loop on simulated time): once work already queued on the agent's
     * own thread has run, every task and timer of the capacity models goes to {@code runLoop} and reads its clock.
     */
    public void runOn(EventLoop runLoop) {
        Objects.requireNonNull(runLoop, "loop");
        if (closed) {
            loop = runLoop;
            return;
        }
        onLoopAndWait(ownLoop, () -> loop = runLoop);
    }

    /** Back on the agent's own thread and the real clock, after a run on simulated time (whose loop has stopped). */
    public void runOnOwnThread() {
        loop = ownLoop;
    }

    /** The time on the agent's loop: what every capacity model reads. */
    long now() {
        return loop.nanoTime();
    }

    private Instrumentation instrumentationFor(OpenTelemetry openTelemetry) {
        boolean recording = openTelemetry != OpenTelemetry.noop();
        VoiceTelemetry telemetry = VoiceTelemetry.builder(openTelemetry)
                .concurrencyTracker(calls)
                .captureServerTiming(!recording) // the replies' stage timings come from the turns' spans
                .build();
        return new Instrumentation(telemetry, !recording);
    }

    Instrumentation instrumentation() {
        return instrumentation;
    }

    /** This agent's calls in flight: opened and not yet hung up. */
    public long callsInFlight() {
        return calls.inFlight();
    }

    /** Opens a call; safe from any thread. */
    public AgentCall open(CallSetup setup, AgentCallListener listener) {
        ReferenceCall call = new ReferenceCall(this, setup, listener);
        loop.execute(call::open);
        return call;
    }

    int nextTicket() {
        return nextTicket++;
    }

    @Override
    public void close() {
        closed = true;
        ownLoop.close();
    }
}
