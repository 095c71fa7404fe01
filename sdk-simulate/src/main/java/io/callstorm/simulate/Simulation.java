package io.callstorm.simulate;

import io.callstorm.core.secret.Secrets;
import io.callstorm.simulate.evaluate.EvaluationConfig;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.load.RetryPolicy;
import io.callstorm.simulate.load.Shard;
import io.callstorm.simulate.merge.ShardFile;
import io.callstorm.simulate.callers.CallerMode;
import io.callstorm.simulate.loop.SimulationClock;
import io.callstorm.simulate.report.SimulationReport;

import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.ScenarioRow;
import io.callstorm.core.scenario.ScenarioRows;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.judge.LlmJudge;
import io.callstorm.eval.local.LocalEvaluators;
import io.callstorm.simulate.analysis.ReportAssembler;
import io.callstorm.simulate.measure.CallRecorder;
import io.callstorm.simulate.measure.Measurements;
import io.callstorm.simulate.report.EvaluationSetup;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.HarnessWindow;
import io.callstorm.simulate.report.LoadStageRow;
import io.callstorm.simulate.report.SimulationInfo;
import org.HdrHistogram.Histogram;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.RecordingPolicy;
import io.callstorm.simulate.measure.ConcurrencyBuckets;
import io.callstorm.simulate.engine.SimulationRun;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.gate.RegressionThresholds;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.RunStart;
import io.callstorm.simulate.writer.HtmlReport;
import io.callstorm.simulate.writer.JunitReport;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A load test of a voice agent: who calls, what they want, how much load, how calls are scored. Build one
 * with {@link #builder()}, then {@link #run()} it; a simulation can be run more than once.
 *
 * <pre>{@code
 * try (ReferenceAgent agent = ReferenceAgent.create(ReferenceAgentConfig.defaults())) {
 *     SimulationReport report = Simulation.builder()
 *         .name("support-peak")
 *         .agent(ReferenceAgent.definition(), agent)
 *         .personas(Personas.builtIns())
 *         .scenarios(SupportDeskScenarios.graph(), 10_000)
 *         .load(LoadProfile.concurrentCalls(100).rampTo(4_000, Duration.ofMinutes(1)).hold(Duration.ofSeconds(30)).build())
 *         .timeScale(0.1)
 *         .gate(Gate.parse("conversation_resolution>=0.80,user_perceived_gap.p95<800ms"))
 *         .outputDirectory(Path.of("out"))
 *         .build()
 *         .run();
 *     GateAssertions.assertThat(report).passesGate();
 * }
 * }</pre>
 */
public final class Simulation {
    public static final double DEFAULT_TIME_SCALE = 0.1;
    public static final Duration DEFAULT_TURN_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_MAX_CALL_DURATION = Duration.ofMinutes(10);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_ROWS = 10_000;
    /** The longest simulation name: it names files, test suites and report titles. */
    public static final int MAX_NAME_LENGTH = 200;
    /** The longest run id ({@link Builder#runId}). */
    public static final int MAX_RUN_ID_LENGTH = 64;
    public static final int DEFAULT_EVALUATION_QUEUE = EvaluationConfig.DEFAULT_QUEUE_CAPACITY;

    /** A snapshot of the builder at build(): later changes to the builder do not reach a built simulation. */
    private record Config(String name, AgentDefinition definition, AgentConnector connector, long seed, LoadProfile load,
                          double timeScale, RetryPolicy retry, Duration turnTimeout, Duration maxCallDuration,
                          Duration drainTimeout, List<Evaluator> evaluators, Optional<Path> outputDirectory,
                          List<SimulationListener> listeners, List<SimulationListener.Factory> listenerFactories,
                          boolean keepCallLines, boolean compressCalls, EvaluationConfig evaluation,
                          Gate gate, Optional<SimulationReport> baseline, RegressionThresholds regressionThresholds,
                          SimulationClock clock, CallerMode callers, RecordingPolicy recordings,
                          Optional<Shard> shard, Optional<Instant> startAt, int wholeRows, String runId) {
        /** The load this process draws: its shard's share of the profile, or the whole of it. */
        LoadProfile ownLoad() {
            return shard.map(load::shareOf).orElse(load);
        }
    }

    private final Config b;
    private final Builder source;
    private final List<ScenarioRow> rows;
    private final Optional<SpanExporter> spanExporter;

    private Simulation(Builder builder, List<ScenarioRow> rows) {
        this.b = new Config(builder.name, builder.definition, builder.connector, builder.seed, builder.load,
                builder.timeScale, builder.retry, builder.turnTimeout, builder.maxCallDuration, builder.drainTimeout,
                builder.scoringEvaluators(), builder.outputDirectory, List.copyOf(builder.listeners),
                List.copyOf(builder.listenerFactories),
                builder.keepCallLines, builder.compressCalls, builder.scoringConfig(), builder.gate, builder.baseline,
                builder.regressionThresholds, builder.clock, builder.callers, builder.recordings,
                builder.shardCount > 0 ? Optional.of(new Shard(builder.shardIndex, builder.shardCount))
                        : Optional.empty(), builder.startAt, builder.rowCount, builder.runId);
        this.source = builder;
        this.rows = rows;
        this.spanExporter = builder.spanExporter;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this simulation's settings, to derive a variant, as {@code OkHttpClient.newBuilder()} does:
     * {@code simulation.toBuilder().load(heavier).build()} shares the agent, personas and evaluators.
     */
    public Builder toBuilder() {
        return source;
    }

    /** The rows this simulation's callers follow, expanded from the seed. */
    public List<ScenarioRow> rows() {
        return rows;
    }

    /**
     * Runs the load profile to the end, lets the last calls finish, scores them and returns the report: the same as
     * {@code start().await()}. See {@link #start()}.
     */
    public SimulationReport run() {
        return start().await();
    }

    /**
     * Starts a run on a thread of its own and returns at once with its handle: {@link RunningSimulation#snapshot()}
     * reads what has been recorded so far, {@link RunningSimulation#cancel()} ends it early (with a partial report)
     * and {@link RunningSimulation#await()} returns the report, with the gate's verdict (and the baseline's
     * regressions, as gate checks) when the simulation has them. When an output directory is set,
     * {@code run.json} is written first, {@code calls.jsonl} grows as calls finish, and {@code report.json},
     * {@code report.html} and {@code junit.xml} are written at the end. When {@code calls.jsonl} cannot be written the
     * run stops at once, and when any output cannot be written {@code await()} throws an
     * {@link OutputFailedException} holding the report. A simulation runs once at a time.
     */
    public RunningSimulation start() {
        return RunningSimulation.start(b.name, this::execute);
    }

    private SimulationReport execute(RunningSimulation handle) {
        LoadProfile load = b.ownLoad();
        int bucketWidth = bucketWidthFor(load);
        EvaluationSetup setup = SimulationRun.evaluationSetup(b.evaluators, b.evaluation);
        CallRecorder recorder = new CallRecorder(bucketWidth, setup);
        ListenerEvents events = new ListenerEvents(b.listeners, b.listenerFactories);
        SimulationRun.Settings settings = new SimulationRun.Settings(b.name, b.connector, rows, load, b.timeScale,
                b.retry, b.turnTimeout, b.maxCallDuration, b.drainTimeout, b.evaluators,
                b.outputDirectory.map(d -> d.resolve(callsFileName())), b.keepCallLines, events,
                b.evaluation, recorder, b.seed, b.clock, b.callers, b.recordings);
        if (b.outputDirectory.isPresent()) {
            // an earlier run's reports must not pass for this run's, should this one be cut short
            for (String stale : List.of(SimulationReport.JSON_FILE, SimulationReport.HTML_FILE,
                    SimulationReport.JUNIT_FILE, ShardFile.FILE_NAME, b.compressCalls ? SimulationReport.CALLS_FILE
                            : SimulationReport.CALLS_GZ_FILE)) {
                write(stale, Files::deleteIfExists);
            }
            // what ran and the initial bucket width: with these, calls.jsonl alone rebuilds this run's report
            RunStart start = new RunStart(SimulationReport.SCHEMA_VERSION, info(Instant.now(), 0, load, rows.size()),
                    bucketWidth, setup);
            write(RunStart.FILE_NAME, f -> Files.writeString(f, Secrets.redact(ReportJson.mapper()
                    .writerWithDefaultPrettyPrinter().writeValueAsString(start)), StandardCharsets.UTF_8));
        }
        if (b.startAt.isPresent() && b.clock == SimulationClock.REAL) {
            waitUntil(b.startAt.get());
        }
        SimulationRun current = new SimulationRun(settings, spanExporter);
        SimulationRun.Outcome outcome = handle.attach(current, recorder).run();
        Measurements m = recorder.snapshot();
        SimulationReport report = judge(ReportAssembler.assemble(info(outcome.startedAt(), outcome.durationSeconds(),
                        load, rows.size()),
                ReportAssembler.load(m, outcome.callsStarted(), outcome.peakConcurrency()), m, harness(outcome, m))
                .withCompleteness(outcome.completeness()).withCallers(outcome.callers())).redacted();
        List<IOException> failures = new ArrayList<>();
        outcome.callsFileFailure().ifPresent(e -> failures.add(new IOException("cannot write "
                + settings.callsFile().orElseThrow() + " (it holds whole lines only, up to the failure): "
                + e.getMessage(), e)));
        if (b.outputDirectory.isPresent()) {
            // each file on its own: one that cannot be written must not keep the others from being tried
            tryWrite(SimulationReport.JSON_FILE, report::writeJson, failures);
            tryWrite(SimulationReport.HTML_FILE, f -> HtmlReport.write(report, f), failures);
            tryWrite(SimulationReport.JUNIT_FILE, f -> JunitReport.write(report, f), failures);
            if (b.shard.isPresent()) {
                ShardFile shard = shardFile(b.shard.get(), outcome, m, report, current, setup);
                tryWrite(ShardFile.FILE_NAME, f -> shard.write(f.getParent()), failures);
            }
        }
        events.runEnd(report);
        lastCallLines = outcome.keptLines();
        if (!failures.isEmpty()) {
            throw new OutputFailedException(report, failures);
        }
        return report;
    }

    /** {@code calls.jsonl}, or {@code calls.jsonl.gz} when compressed. */
    public String callsFileName() {
        return b.compressCalls ? SimulationReport.CALLS_GZ_FILE : SimulationReport.CALLS_FILE;
    }

    private void tryWrite(String name, FileWriter writer, List<IOException> failures) {
        Path file = b.outputDirectory.orElseThrow().resolve(name);
        try {
            Files.createDirectories(file.getParent());
            writer.write(file);
        } catch (IOException e) {
            failures.add(new IOException("cannot write " + file + ": " + e.getMessage(), e));
            try {
                Files.deleteIfExists(file); // a torn report must not pass for a whole one
            } catch (IOException cannotDelete) {
                e.addSuppressed(cannotDelete);
            }
        }
    }

    /** The bucket width a run of {@code load} starts with: about 40 buckets up to a closed model's peak. */
    private static int bucketWidthFor(LoadProfile load) {
        return load.model() == LoadProfile.Model.CLOSED ? ConcurrencyBuckets.widthFor(load.peak()) : 10;
    }

    /**
     * Waits for the shards' common start. A cancelled run (its thread interrupted) stops waiting and starts at once,
     * to be stopped by its cancellation like any other.
     */
    private static void waitUntil(Instant startAt) {
        long waitMillis;
        while ((waitMillis = startAt.toEpochMilli() - System.currentTimeMillis()) > 0) {
            try {
                Thread.sleep(Math.min(waitMillis, 1_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * What this shard measured, for {@code merge}: its clock's start as a wall instant (a virtual clock's is the
     * start-at instant, or 0), how late that was, and the whole simulation's description and bucket width.
     */
    private ShardFile shardFile(Shard shard, SimulationRun.Outcome outcome, Measurements m, SimulationReport report,
                                SimulationRun run, EvaluationSetup setup) {
        long anchor;
        long late = 0;
        if (b.clock == SimulationClock.VIRTUAL) {
            anchor = b.startAt.map(Instant::toEpochMilli).orElse(0L);
        } else {
            anchor = outcome.startedAt().toEpochMilli();
            long behind = b.startAt.map(at -> anchor - at.toEpochMilli()).orElse(0L);
            late = behind > ShardFile.LATE_LIMIT_MILLIS ? behind : 0;
        }
        SimulationInfo whole = info(b.clock == SimulationClock.VIRTUAL ? Instant.ofEpochMilli(anchor)
                : outcome.startedAt(), outcome.durationSeconds(), b.load, b.wholeRows);
        RunStart start = new RunStart(SimulationReport.SCHEMA_VERSION, info(outcome.startedAt(), 0, b.ownLoad(),
                rows.size()), bucketWidthFor(b.ownLoad()), setup);
        return ShardFile.of(shard, b.startAt.map(Instant::toString).orElse(""), anchor, late, whole,
                bucketWidthFor(b.load), b.gate.toString(), start, m, report, run.inFlight(), callsFileName());
    }

    /** What ran, as {@code report.json} and {@code run.json} say it. */
    private SimulationInfo info(Instant startedAt, double durationSeconds, LoadProfile load, int rowCount) {
        return new SimulationInfo(b.name, agentInfo(), b.connector.describe(), b.seed, startedAt.toString(),
                ReportAssembler.round(durationSeconds, 1), load.model().name().toLowerCase(Locale.ROOT),
                load.toString(), b.timeScale, rowCount,
                b.clock == SimulationClock.VIRTUAL ? SimulationInfo.VIRTUAL_CLOCK : SimulationInfo.REAL_CLOCK,
                load.stages().stream().map(st -> new LoadStageRow(st.from(), st.to(),
                        ReportAssembler.round(st.duration().toMillis() / 1000.0, 3))).toList(), b.runId);
    }

    /** How the harness held up: its own measurements, beside the calls', and the windows past its limits. */
    private static HarnessStats harness(SimulationRun.Outcome o, Measurements m) {
        Histogram lag = o.lagMicros();
        SimulationRun.Health health = o.health();
        List<HarnessWindow> windows = new ArrayList<>(health.unhealthyWindows());
        long dropped = m.evaluation().conversationsDropped();
        long droppedInWindows = windows.stream().filter(w -> w.reason().equals(HarnessWindow.REASON_EVALUATIONS_DROPPED))
                .mapToLong(w -> Math.round(w.worst())).sum();
        if (dropped > droppedInWindows) {
            // dropped as the run closed: the scoring queue still held them when the finish timeout ran out
            double end = ReportAssembler.round(o.durationSeconds(), 3);
            windows.add(new HarnessWindow(end, end, HarnessWindow.REASON_EVALUATIONS_DROPPED,
                    dropped - droppedInWindows, 0, String.format(Locale.ROOT,
                    "%,d evaluations dropped at the end of the run, the scoring queue full (limit 0)",
                    dropped - droppedInWindows)));
        }
        return new HarnessStats(ReportAssembler.round(lag.getValueAtPercentile(99) / 1000.0, 2),
                ReportAssembler.round(lag.getMaxValue() / 1000.0, 2), o.peakHeapBytes() / (1024 * 1024),
                o.peakLiveHeapBytes() / (1024 * 1024), ReportAssembler.round(o.cpuSeconds(), 1), o.peakThreads(),
                m.evaluation().conversationsScored(), dropped, ReportAssembler.round(health.gcPauseTotalMs(), 1),
                ReportAssembler.round(health.gcPauseMaxMs(), 1), health.heapMaxBytes() / (1024 * 1024),
                health.callsLate(), windows, ReportAssembler.round(o.wallSeconds(), 1));
    }

    /** The report with the gate's verdict: its own checks, then one per metric compared with the baseline. */
    private SimulationReport judge(SimulationReport report) {
        if (b.gate.isEmpty() && b.baseline.isEmpty()) {
            return report;
        }
        return report.withGate(b.gate.evaluate(report, b.baseline, b.regressionThresholds));
    }

    private interface FileWriter {
        void write(Path file) throws IOException;
    }

    private void write(String name, FileWriter writer) {
        Path file = b.outputDirectory.orElseThrow().resolve(name);
        try {
            Files.createDirectories(file.getParent());
            writer.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private volatile List<io.callstorm.simulate.measure.CallLine> lastCallLines = List.of();

    /** The calls of the last run, when {@link Builder#keepCallLines(boolean)} was set; for tests and small runs. */
    public List<io.callstorm.simulate.measure.CallLine> lastCallLines() {
        return lastCallLines;
    }

    private Map<String, Object> agentInfo() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", b.definition.name());
        info.put("tools", b.definition.tools().stream().map(t -> t.name()).toList());
        info.putAll(b.connector.agentSettings());
        return info;
    }

    /**
     * Builds a {@link Simulation}; {@link #build()} checks everything and lists every problem at once. Immutable, as
     * Gatling's DSL is: every setter returns a new builder and leaves this one as it was, so a builder can be shared
     * and varied ({@code base.load(a)}, {@code base.load(b)}) without one variant leaking into another. Use the
     * builder a setter returns.
     */
    public static final class Builder {
        private String name = "simulation";
        private AgentDefinition definition;
        private AgentConnector connector;
        private List<Persona> personas = List.of();
        private ScenarioGraph graph;
        private int rowCount = DEFAULT_ROWS;
        private long seed = 1;
        private LoadProfile load;
        private double timeScale = DEFAULT_TIME_SCALE;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration turnTimeout = DEFAULT_TURN_TIMEOUT;
        private Duration maxCallDuration = DEFAULT_MAX_CALL_DURATION;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private List<Evaluator> evaluators = LocalEvaluators.all();
        private Optional<Path> outputDirectory = Optional.empty();
        private List<SimulationListener> listeners = new ArrayList<>();
        private List<SimulationListener.Factory> listenerFactories = new ArrayList<>();
        private boolean keepCallLines;
        private RecordingPolicy recordings = RecordingPolicy.ALL;
        private boolean compressCalls;
        private Optional<SpanExporter> spanExporter = Optional.empty();
        private EvaluationConfig evaluation = EvaluationConfig.defaults();
        private Optional<Integer> evaluationQueueCapacity = Optional.empty();
        private Map<String, LlmJudge> judged = new LinkedHashMap<>();
        private Gate gate = Gate.none();
        private Optional<SimulationReport> baseline = Optional.empty();
        private RegressionThresholds regressionThresholds = RegressionThresholds.defaults();
        private SimulationClock clock = SimulationClock.REAL;
        private CallerMode callers = CallerMode.scripted();
        private String runId = "";
        /** 0: not sharded. */
        private int shardCount;
        private int shardIndex;
        private Optional<Instant> startAt = Optional.empty();

        private Builder() {
        }

        /** Every setter returns a changed copy: a builder, once handed out, never changes under its holder's feet. */
        private Builder with(java.util.function.Consumer<Builder> change) {
            Builder b = new Builder();
            b.name = name;
            b.definition = definition;
            b.connector = connector;
            b.personas = personas;
            b.graph = graph;
            b.rowCount = rowCount;
            b.seed = seed;
            b.load = load;
            b.timeScale = timeScale;
            b.retry = retry;
            b.turnTimeout = turnTimeout;
            b.maxCallDuration = maxCallDuration;
            b.drainTimeout = drainTimeout;
            b.evaluators = evaluators;
            b.outputDirectory = outputDirectory;
            b.listeners = new ArrayList<>(listeners);
            b.listenerFactories = new ArrayList<>(listenerFactories);
            b.keepCallLines = keepCallLines;
            b.recordings = recordings;
            b.compressCalls = compressCalls;
            b.spanExporter = spanExporter;
            b.evaluation = evaluation;
            b.evaluationQueueCapacity = evaluationQueueCapacity;
            b.judged = new LinkedHashMap<>(judged);
            b.gate = gate;
            b.baseline = baseline;
            b.regressionThresholds = regressionThresholds;
            b.clock = clock;
            b.callers = callers;
            b.runId = runId;
            b.shardCount = shardCount;
            b.shardIndex = shardIndex;
            b.startAt = startAt;
            change.accept(b);
            return b;
        }

        public Builder name(String name) { return with(b -> b.name = name); }

        /**
         * The id under which the run is kept in a run history, written into {@code report.json}
         * ({@code simulation.runId}) so that a report leads back to its record; none unless set. Letters, digits,
         * {@code .}, {@code _} and {@code -}, at most {@value Simulation#MAX_RUN_ID_LENGTH} characters.
         */
        public Builder runId(String runId) { return with(b -> b.runId = runId); }

        /** What is under test and how callers reach it. */
        public Builder agent(AgentDefinition definition, AgentConnector connector) {
            return with(b -> {
                b.definition = definition;
                b.connector = connector;
            });
        }

        public Builder personas(List<Persona> personas) { return with(b -> b.personas = personas == null ? null : List.copyOf(personas)); }

        /** The scenario graph and how many rows (persona x path x variation) to expand from it. */
        public Builder scenarios(ScenarioGraph graph, int rows) {
            return with(b -> {
                b.graph = graph;
                b.rowCount = rows;
            });
        }

        /** The seed of row expansion: same seed, same callers saying the same words. */
        public Builder seed(long seed) { return with(b -> b.seed = seed); }
        public Builder load(LoadProfile load) { return with(b -> b.load = load); }

        /**
         * Factor on the callers' speaking, thinking and listening time (1 = real time, 0.1 = ten times faster).
         * Agent latency is never scaled. A compressed run makes each call send turns faster, so throughput
         * limits of the agent are met at lower concurrency than in real time.
         */
        public Builder timeScale(double timeScale) { return with(b -> b.timeScale = timeScale); }
        public Builder retry(RetryPolicy retry) { return with(b -> b.retry = retry); }
        /** Longest wait for a complete reply to one turn before the call counts as timed out. */
        public Builder turnTimeout(Duration d) { return with(b -> b.turnTimeout = d); }
        public Builder maxCallDuration(Duration d) { return with(b -> b.maxCallDuration = d); }
        /** How long calls still in progress may finish after the load profile ends. */
        public Builder drainTimeout(Duration d) { return with(b -> b.drainTimeout = d); }
        /**
         * The evaluators to score each finished call with, one per rubric; the five local rubrics by default. Kinds
         * mix freely: local scorers, {@code judge.evaluator(rubric)} of an {@link LlmJudge}, or
         * {@code remote.asEvaluator(rubric, template)}; see also {@link #judge(LlmJudge, String...)}.
         */
        public Builder evaluators(List<Evaluator> evaluators) { return with(b -> b.evaluators = evaluators == null ? null : List.copyOf(evaluators)); }

        /**
         * Scores these rubrics with an LLM judge instead of their evaluators (a rubric no evaluator scores is added),
         * the others as {@link #evaluators(List)} says. Applied at {@link #build()}, after {@code evaluators(...)},
         * whatever the order of the calls; a later judge for the same rubric wins. The simulation does not close
         * the judge.
         *
         * <pre>{@code
         * try (LlmJudge judge = LlmJudge.builder().build()) {   // CALLSTORM_JUDGE_* from the environment
         *     Simulation.builder()...
         *         .judge(judge, Rubrics.IS_POLITE, Rubrics.IS_HELPFUL)   // the other three stay local
         *         .evaluation(EvaluationConfig.builder().threads(16).build())
         *         .build().run();
         * }
         * }</pre>
         */
        public Builder judge(LlmJudge judge, String... rubrics) {
            return with(b -> {
                for (String rubric : rubrics) {
                    b.judged.put(rubric, judge);
                }
            });
        }

        /**
         * How calls are scored off the call path: the evaluation pool's threads, queue and what happens when it is
         * full; {@link EvaluationConfig#defaults()} unless set.
         */
        public Builder evaluation(EvaluationConfig evaluation) { return with(b -> b.evaluation = evaluation); }
        /** Where {@code calls.jsonl} and {@code report.json} go; nothing is written without it. */
        public Builder outputDirectory(Path dir) { return with(b -> b.outputDirectory = Optional.ofNullable(dir)); }
        /** Adds a listener of the run and of every call; see {@link SimulationListener}. */
        public Builder listener(SimulationListener listener) {
            java.util.Objects.requireNonNull(listener, "listener");
            return with(b -> b.listeners.add(listener));
        }

        /**
         * Adds a factory of one listener per call (OkHttp's {@code EventListener.Factory}): each call's listener hears
         * that call's steps, from {@code callStart} to {@code callEnd}.
         */
        public Builder listenerFactory(SimulationListener.Factory factory) {
            java.util.Objects.requireNonNull(factory, "listenerFactory");
            return with(b -> b.listenerFactories.add(factory));
        }
        /** Keep every call line in memory for {@link Simulation#lastCallLines()} (tests, small runs). */
        public Builder keepCallLines(boolean keep) { return with(b -> b.keepCallLines = keep); }

        /**
         * Which agent audio recordings to keep as {@code recordings/<callId>.wav}: all the connector made (the
         * default), or only those of failed calls; see {@link RecordingPolicy#FAILED_CALLS} for what the connector
         * then records.
         */
        public Builder keepRecordings(RecordingPolicy policy) {
            java.util.Objects.requireNonNull(policy, "policy");
            return with(b -> b.recordings = policy);
        }

        /**
         * Write the calls gzip-compressed, as {@code calls.jsonl.gz} (about a tenth of the size), in members of whole
         * lines closed at 1 MB or after 2 s without a call: a killed run loses the lines of its open member, a full
         * disk cuts the file back to a member's end. {@code callstorm report} reads either file.
         */
        public Builder compressCallsFile(boolean compress) { return with(b -> b.compressCalls = compress); }

        /**
         * Also exports the run's spans — an in-process agent's call, turn and stage spans, the very spans the report's
         * stage latencies are read from — to {@code exporter}, e.g. to any OTLP backend (with
         * {@code io.opentelemetry:opentelemetry-exporter-otlp} on the class path):
         * <pre>{@code
         * try (SpanExporter otlp = OtlpGrpcSpanExporter.builder().setEndpoint("http://localhost:4317").build()) {
         *     Simulation.builder()...spanExporter(otlp).build().run();
         * }
         * }</pre>
         * The spans go through a {@code BatchSpanProcessor} on the run's tracer provider, which records every span.
         * At the end of each run the exporter is flushed, not shut down: it can serve several runs, and its owner
         * closes it. For several exporters, pass {@code SpanExporter.composite(...)}.
         */
        public Builder spanExporter(SpanExporter exporter) {
            java.util.Objects.requireNonNull(exporter, "spanExporter");
            return with(b -> b.spanExporter = Optional.of(exporter));
        }

        /** The evaluation queue's capacity, over that of {@link #evaluation(EvaluationConfig)}. */
        public Builder evaluationQueueCapacity(int capacity) { return with(b -> b.evaluationQueueCapacity = Optional.of(capacity)); }

        /**
         * The release gate the report is judged by, e.g. {@code Gate.parse("conversation_resolution>=0.80,
         * user_perceived_gap.p95<800ms")}; its verdict is the report's {@code gate}. {@link #build()} rejects a gate
         * that names a rubric none of the evaluators scores.
         */
        public Builder gate(Gate gate) { return with(b -> b.gate = gate); }

        /**
         * A baseline report (e.g. the last release's {@code report.json}) to compare with: each rubric, stage P95
         * and the error rate becomes a gate check that fails when it regressed past the default thresholds.
         */
        public Builder baseline(SimulationReport baseline) {
            return baseline(baseline, RegressionThresholds.defaults());
        }

        /** A baseline report with the thresholds of a regression. */
        public Builder baseline(SimulationReport baseline, RegressionThresholds thresholds) {
            return with(b -> {
                b.baseline = Optional.ofNullable(baseline);
                b.regressionThresholds = thresholds;
            });
        }

        /**
         * The time the run runs on; {@link SimulationClock#REAL} unless set. On {@link SimulationClock#VIRTUAL} an
         * in-process agent ({@link AgentConnector#supportsVirtualClock()}, such as the reference agent) runs on the
         * harness's loop in simulated time: the same seed and settings give the same {@code report.json} on any
         * machine and under any CPU load (but for the {@code harness} section and the timestamps, which measure the
         * machine), and the run takes as long as its work, not as its load profile. Scoring never drops a call then
         * ({@link io.callstorm.eval.pool.QueuePolicy#WAIT}): the harness waits for the scoring queue, and simulated
         * time waits with it. {@link #build()} refuses it with a connector to an agent over the network.
         *
         * <pre>{@code
         * Simulation.builder().agent(ReferenceAgent.definition(), agent)...clock(SimulationClock.VIRTUAL).build().run();
         * }</pre>
         */
        public Builder clock(SimulationClock clock) { return with(b -> b.clock = clock); }

        /**
         * How callers find their words; {@link CallerMode#scripted()} unless set. Improvising callers ask a model for
         * each turn, within a token budget per call, a cap on requests in flight, a limit of requests per run and a
         * cache shared by callers in the same situation, and say their scripted turn whenever the model cannot be
         * used; {@code report.json}'s {@code callers} counts both kinds of turn and the model's requests and cost.
         * The simulation does not close the model.
         *
         * <pre>{@code
         * try (ChatModel chat = ChatModel.builder().baseUrl(url).model("gpt-4o-mini").apiKey(key).build()) {
         *     Simulation.builder()...
         *         .callers(CallerMode.improvising(CallerModel.chatCompletions(chat, 0.7))
         *             .tokenBudgetPerCall(3_000).maxConcurrentRequests(16).cacheSize(20_000))
         *         .build().run();
         * }
         * }</pre>
         */
        public Builder callers(CallerMode mode) { return with(b -> b.callers = mode); }

        /**
         * Runs this process as shard {@code index} (0-based) of {@code count} that together run the simulation, e.g.
         * on the pods of a Kubernetes Indexed Job: it calls a disjoint share of the rows (drawn from the seed, the same
         * in every process) and draws {@code 1/count} of the load profile (closed: the concurrency, the remainder one
         * call each to the first shards; open: the arrival rate). With an output directory it also writes
         * {@code shard.json}, and {@code callstorm merge} joins the shards' outputs into one report bucketed by the
         * shards' summed concurrency. See docs/scaling-out.md.
         *
         * <pre>{@code
         * Simulation.builder()...shard(Integer.parseInt(System.getenv("JOB_COMPLETION_INDEX")), 8)
         *     .startAt(Instant.parse("2026-12-02T18:00:00Z")).outputDirectory(Path.of("/results/shard")).build().run();
         * }</pre>
         */
        public Builder shard(int index, int count) {
            return with(b -> {
                b.shardIndex = index;
                b.shardCount = count;
            });
        }

        /**
         * Starts the run at {@code instant} (waiting until then; at once if it has passed), so that the shards of one
         * simulation start together. A shard that starts more than a second late says so in its {@code shard.json},
         * and the merged report marks the harness unhealthy for it. On the virtual clock nothing waits: the instant is
         * the shards' common time 0.
         */
        public Builder startAt(Instant instant) {
            java.util.Objects.requireNonNull(instant, "startAt");
            return with(b -> b.startAt = Optional.of(instant));
        }

        /** @throws io.callstorm.core.validation.ConfigurationException listing every problem */
        public Simulation build() {
            ProblemCollector p = new ProblemCollector();
            check(p);
            p.throwIfAny("simulation \"" + name + "\"");
            List<ScenarioRow> rows = ScenarioRows.expand(personas, graph, rowCount, seed);
            if (shardCount > 0) {
                rows = new Shard(shardIndex, shardCount).rowsOf(rows, seed);
            }
            return new Simulation(this, rows);
        }

        /**
         * Every problem {@link #build()} would report, each under its field path ({@code timeScale},
         * {@code scenarios.rows}, {@code agent.connector} ...), without building: a CLI or a file reader translates
         * them to its own option or key names before it opens connections.
         */
        public List<Problem> problems() {
            ProblemCollector p = new ProblemCollector();
            check(p);
            return p.problems();
        }

        private void check(ProblemCollector p) {
            if (p.check(name != null && !name.isBlank(), "name", "must not be blank")) {
                // the name reaches junit.xml, report.html and file names: a NUL there makes junit.xml invalid XML
                p.check(name.length() <= MAX_NAME_LENGTH, "name", "must be at most " + MAX_NAME_LENGTH
                        + " characters, was " + name.length());
                p.check(name.chars().noneMatch(Character::isISOControl), "name",
                        "must not hold control characters (NUL, tab, newline ...), was \"" + printable(name) + '"');
            }
            p.check(runId != null && runId.length() <= MAX_RUN_ID_LENGTH && runId.matches("[A-Za-z0-9._-]*"), "runId",
                    "must be at most " + MAX_RUN_ID_LENGTH + " letters, digits, '.', '_' or '-', was \""
                    + (runId == null ? "null" : printable(runId)) + '"');
            p.check(definition != null, "agent.definition", "must be set with agent(definition, connector)");
            p.check(connector != null, "agent.connector", "must be set with agent(definition, connector)");
            if (p.check(personas != null && !personas.isEmpty(), "personas", "must hold at least one persona")) {
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < personas.size(); i++) {
                    p.check(personas.get(i) != null, "personas[" + i + "]", "must not be null");
                    p.check(personas.get(i) == null || ids.add(personas.get(i).id()), "personas[" + i + "].id",
                            "duplicates an earlier persona id \"" + (personas.get(i) == null ? "" : personas.get(i).id()) + "\"");
                }
            }
            p.check(graph != null, "scenarios", "must be set with scenarios(graph, rows)");
            p.check(rowCount >= 1 && rowCount <= 10_000_000, "scenarios.rows",
                    "must be between 1 and 10,000,000, was " + rowCount);
            p.check(load != null, "load", "must be set, e.g. LoadProfile.concurrentCalls(100).rampTo(1000, 60s)");
            if (shardCount != 0 || shardIndex != 0) {
                Shard.check(shardIndex, shardCount, "shard", p);
                p.check(shardCount < 1 || rowCount >= shardCount, "shard.count", "must be at most the rows ("
                        + rowCount + "): every shard needs a row of its own, was " + shardCount);
                p.check(shardCount < 1 || load == null || load.model() != LoadProfile.Model.CLOSED
                        || load.peak() >= shardCount, "shard.count", "must be at most the load's peak concurrency ("
                        + (load == null ? 0 : Math.round(load.peak())) + "): a shard without a call tests nothing, was "
                        + shardCount);
            }
            p.check(timeScale > 0 && timeScale <= 10, "timeScale", "must be > 0 and <= 10, was " + timeScale);
            p.check(retry != null, "retry", "must not be null (use RetryPolicy.none())");
            p.check(callers != null, "callers", "must not be null (use CallerMode.scripted())");
            if (p.check(clock != null, "clock", "must be REAL or VIRTUAL, was null") && clock == SimulationClock.VIRTUAL
                    && connector != null) {
                p.check(connector.supportsVirtualClock(), "clock", "VIRTUAL needs an in-process agent that runs on "
                        + "simulated time, such as the reference agent; " + connector.describe() + " answers in real "
                        + "time: use REAL");
            }
            positive(p, "turnTimeout", turnTimeout);
            positive(p, "maxCallDuration", maxCallDuration);
            positive(p, "drainTimeout", drainTimeout);
            p.check(evaluators != null, "evaluators", "must not be null (use an empty list to score nothing)");
            evaluationQueueCapacity.ifPresent(c -> p.check(c >= 1 && c <= EvaluationConfig.MAX_QUEUE_CAPACITY,
                    "evaluationQueueCapacity", "must be between 1 and 10,000,000, was " + c));
            p.check(evaluation != null, "evaluation", "must not be null (use EvaluationConfig.defaults())");
            boolean judgesKnown = true;
            for (Map.Entry<String, LlmJudge> j : judged.entrySet()) {
                if (!p.check(j.getKey() != null && j.getValue() != null, "judge", "needs a judge and rubric names")) {
                    judgesKnown = false;
                } else if (!p.check(j.getValue().templates().get(j.getKey()).isPresent(), "judge." + j.getKey(),
                        "the judge has no template of that name; known: " + j.getValue().templates().all().stream()
                                .map(t -> t.name()).toList())) {
                    judgesKnown = false;
                }
            }
            boolean oneEvaluatorPerRubric = true;
            if (evaluators != null) {
                Set<String> rubrics = new HashSet<>();
                for (int i = 0; i < evaluators.size(); i++) {
                    String rubric = evaluators.get(i).rubric();
                    oneEvaluatorPerRubric &= p.check(rubrics.add(rubric), "evaluators[" + i + "]",
                            "scores rubric \"" + rubric + "\" again: one evaluator per rubric");
                }
            }
            List<Evaluator> scoring = evaluators != null && judgesKnown && oneEvaluatorPerRubric ? scoringEvaluators()
                    : null;
            p.check(regressionThresholds != null, "baseline.thresholds", "must not be null");
            if (p.check(gate != null, "gate", "must not be null (use Gate.none())") && scoring != null) {
                gate.checkNames(scoring.stream().map(Evaluator::rubric).toList(), "gate", p);
            }
        }

        /** The evaluators with each judged rubric's swapped in: what the simulation scores with. */
        private List<Evaluator> scoringEvaluators() {
            List<Evaluator> scoring = new ArrayList<>(evaluators);
            judged.forEach((rubric, judge) -> {
                Evaluator e = judge.evaluator(rubric);
                int i = 0;
                while (i < scoring.size() && !scoring.get(i).rubric().equals(rubric)) {
                    i++;
                }
                if (i < scoring.size()) {
                    scoring.set(i, e);
                } else {
                    scoring.add(e);
                }
            });
            return List.copyOf(scoring);
        }

        /** The evaluation as set; on a virtual clock a full scoring queue waits instead of dropping a call. */
        private EvaluationConfig scoringConfig() {
            EvaluationConfig config = evaluationQueueCapacity.map(c -> evaluation.toBuilder().queueCapacity(c).build())
                    .orElse(evaluation);
            return clock == SimulationClock.VIRTUAL
                    ? config.toBuilder().whenFull(io.callstorm.eval.pool.QueuePolicy.WAIT).build() : config;
        }

        /** {@code s} with its control characters shown as {@code \\u0000}, so that a message can quote it. */
        private static String printable(String s) {
            StringBuilder b = new StringBuilder();
            s.codePoints().limit(MAX_NAME_LENGTH).forEach(c -> b.append(Character.isISOControl(c)
                    ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
            return b.toString();
        }

        private static void positive(ProblemCollector p, String path, Duration d) {
            if (p.check(d != null && !d.isNegative() && !d.isZero(), path, "must be > 0, was " + d)) {
                // timers count nanoseconds: a wait of centuries would overflow them
                p.check(d.compareTo(LoadProfile.MAX_STAGE) <= 0, path, "must be <= 30 days, was " + d);
            }
        }
    }
}
