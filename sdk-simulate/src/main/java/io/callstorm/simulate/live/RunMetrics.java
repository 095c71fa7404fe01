package io.callstorm.simulate.live;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Stage;
import io.callstorm.simulate.RunningSimulation;
import io.callstorm.simulate.SimulationListener;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.StageTiming;
import io.callstorm.simulate.live.internal.LiveFigures;
import io.callstorm.simulate.measure.Measurements;
import io.callstorm.simulate.measure.ProgressSnapshot;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The run's own metrics on OpenTelemetry, so that a team's dashboards show a load test beside production: a
 * listener that records on the meter of the {@link OpenTelemetry} it is given (the application brings the SDK and
 * its exporter; the CLI's {@code --otlp} is one such application).
 *
 * <pre>{@code
 * RunMetrics metrics = RunMetrics.create(openTelemetry);
 * RunningSimulation running = Simulation.builder()...listener(metrics).build().start();
 * metrics.attach(running);   // pass rates per rubric come from the run's measurements
 * }</pre>
 *
 * <table>
 *   <caption>Instruments</caption>
 *   <tr><th>name</th><th>kind</th><th>unit</th><th>attributes</th></tr>
 *   <tr><td>{@value #CONCURRENCY}</td><td>gauge</td><td>{call}</td><td>{@code callstorm.simulation}</td></tr>
 *   <tr><td>{@value #CALLS_STARTED}</td><td>counter</td><td>{call}</td><td>{@code callstorm.simulation}</td></tr>
 *   <tr><td>{@value #CALLS_ENDED}</td><td>counter</td><td>{call}</td><td>+ {@code callstorm.call.status}</td></tr>
 *   <tr><td>{@value #STAGE_LATENCY}</td><td>histogram</td><td>ms</td><td>+ {@code callstorm.stage} (the stage's
 *       wire name): the caller's {@code user_perceived_gap}, and the stages the agent reports in its replies
 *       (Server-Timing, timing messages); an in-process agent's stages come from its spans, which the run reads
 *       apart from the listener, so they are in the next instrument only</td></tr>
 *   <tr><td>{@value #STAGE_P95}</td><td>gauge</td><td>ms</td><td>+ {@code callstorm.stage}: every stage's P95 over
 *       the run so far, however it was measured, from the run's own histograms (needs {@link #attach})</td></tr>
 *   <tr><td>{@value #ERROR_RATE}</td><td>gauge</td><td>1</td><td>share of the calls that ended in error over the
 *       last second</td></tr>
 *   <tr><td>{@value #PASS_RATE}</td><td>gauge</td><td>1</td><td>+ {@code callstorm.rubric}: of the conversations
 *       scored so far (needs {@link #attach})</td></tr>
 * </table>
 *
 * <p>Recording on the harness loop is an SDK counter or histogram update: no allocation beyond the attributes, no
 * lock held long, nothing that blocks. The gauges are read by the SDK's reader on its own thread.
 */
public final class RunMetrics extends SimulationListener {
    public static final String INSTRUMENTATION_NAME = "io.callstorm.simulate";
    public static final String CONCURRENCY = "callstorm.calls.in_progress";
    public static final String CALLS_STARTED = "callstorm.calls.started";
    public static final String CALLS_ENDED = "callstorm.calls.ended";
    public static final String STAGE_LATENCY = "callstorm.stage.latency";
    public static final String ERROR_RATE = "callstorm.error_rate";
    public static final String PASS_RATE = "callstorm.rubric.pass_rate";
    public static final String STAGE_P95 = "callstorm.stage.latency.p95";

    static final AttributeKey<String> SIMULATION = AttributeKey.stringKey("callstorm.simulation");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("callstorm.call.status");
    static final AttributeKey<String> STAGE = AttributeKey.stringKey("callstorm.stage");
    static final AttributeKey<String> RUBRIC = AttributeKey.stringKey("callstorm.rubric");
    /** Voice latencies live between tens of milliseconds and several seconds. */
    private static final List<Double> LATENCY_BUCKETS_MS = List.of(25d, 50d, 100d, 150d, 200d, 300d, 400d, 500d,
            750d, 1_000d, 1_500d, 2_000d, 3_000d, 5_000d, 10_000d);

    private final LongCounter started;
    private final LongCounter ended;
    private final DoubleHistogram latency;
    private volatile Attributes run = Attributes.empty();
    private volatile Map<Stage, Attributes> stageAttributes = Map.of();
    private volatile Map<CallStatus, Attributes> statusAttributes = Map.of();
    private volatile ProgressSnapshot progress = new ProgressSnapshot(0, 0, 0, 0, 0, 0, 0);
    private volatile RunningSimulation running;

    private RunMetrics(Meter meter) {
        started = meter.counterBuilder(CALLS_STARTED).setUnit("{call}").setDescription("Calls admitted").build();
        ended = meter.counterBuilder(CALLS_ENDED).setUnit("{call}").setDescription("Calls ended, by status").build();
        latency = meter.histogramBuilder(STAGE_LATENCY).setUnit("ms")
                .setDescription("Per-stage latency of the agent's replies, and the caller's user-perceived gap")
                .setExplicitBucketBoundariesAdvice(LATENCY_BUCKETS_MS).build();
        meter.gaugeBuilder(CONCURRENCY).ofLongs().setUnit("{call}").setDescription("Calls in progress")
                .buildWithCallback(m -> m.record(progress.concurrency(), run));
        meter.gaugeBuilder(ERROR_RATE).setUnit("1")
                .setDescription("Share of the calls that ended in error over the last second")
                .buildWithCallback(m -> m.record(progress.errorRate(), run));
        meter.gaugeBuilder(STAGE_P95).setUnit("ms")
                .setDescription("P95 of each stage over the run so far, whatever reported it")
                .buildWithCallback(m -> stageP95Ms().forEach((stage, p95) ->
                        m.record(p95, stageAttributes.getOrDefault(stage, run))));
        meter.gaugeBuilder(PASS_RATE).setUnit("1").setDescription("Pass rate of the conversations scored so far")
                .buildWithCallback(m -> passRates().forEach(p ->
                        m.record(p.passRate(), run.toBuilder().put(RUBRIC, p.rubric()).build())));
    }

    /** Metrics on {@code openTelemetry}'s meter named {@value #INSTRUMENTATION_NAME}. */
    public static RunMetrics create(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        return new RunMetrics(openTelemetry.meterBuilder(INSTRUMENTATION_NAME).build());
    }

    /**
     * The run whose measurements give the pass rates: the handle the simulation this listener listens to returned.
     *
     * @return this listener
     */
    public RunMetrics attach(RunningSimulation run) {
        this.running = Objects.requireNonNull(run, "run");
        return this;
    }

    @Override
    public void runStart(String simulationName, double totalSeconds) {
        Attributes base = Attributes.of(SIMULATION, simulationName);
        Map<Stage, Attributes> stages = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            stages.put(s, base.toBuilder().put(STAGE, s.wireName()).build());
        }
        Map<CallStatus, Attributes> statuses = new EnumMap<>(CallStatus.class);
        for (CallStatus s : CallStatus.values()) {
            statuses.put(s, base.toBuilder().put(STATUS, s.name().toLowerCase(Locale.ROOT)).build());
        }
        stageAttributes = stages;
        statusAttributes = statuses;
        run = base;
    }

    @Override
    public void progress(ProgressSnapshot snapshot) {
        progress = snapshot;
    }

    @Override
    public void callStart(CallSetup call, int concurrency) {
        started.add(1, run);
    }

    @Override
    public void firstToken(String callId, int turnIndex, double gapMs) {
        gap(gapMs);
    }

    @Override
    public void firstAudio(String callId, int turnIndex, double gapMs) {
        gap(gapMs);
    }

    private void gap(double gapMs) {
        latency.record(gapMs, stageAttributes.getOrDefault(Stage.USER_PERCEIVED_GAP, run));
    }

    @Override
    public void reply(String callId, AgentReply reply) {
        for (StageTiming t : reply.stages()) {
            if (t.stage() != Stage.USER_PERCEIVED_GAP) { // the caller measures that one, above
                latency.record(t.latencyMicros() / 1000.0, stageAttributes.getOrDefault(t.stage(), run));
            }
        }
    }

    @Override
    public void callEnd(String callId, CallStatus status) {
        ended.add(1, statusAttributes.getOrDefault(status, run));
    }

    /** Per stage, the P95 of every sample so far (the buckets' histograms added up), in ms. */
    private Map<Stage, Double> stageP95Ms() {
        RunningSimulation r = running;
        if (r == null) {
            return Map.of();
        }
        Map<Stage, Histogram> byStage = new EnumMap<>(Stage.class);
        for (Measurements.LatencyBucket b : r.snapshot().latency()) {
            Histogram h = byStage.get(b.stage());
            if (h == null) {
                byStage.put(b.stage(), b.histogram()); // a copy: ours to add to
            } else {
                h.add(b.histogram());
            }
        }
        Map<Stage, Double> p95 = new EnumMap<>(Stage.class);
        byStage.forEach((stage, h) -> {
            if (h.getTotalCount() > 0) {
                p95.put(stage, h.getValueAtPercentile(95) / 1000.0);
            }
        });
        return p95;
    }

    private List<LiveSnapshot.RubricPassRate> passRates() {
        RunningSimulation r = running;
        return r == null ? List.of() : LiveFigures.passRates(r.snapshot()).stream()
                .filter(p -> p.verdicts() > 0).toList();
    }
}
