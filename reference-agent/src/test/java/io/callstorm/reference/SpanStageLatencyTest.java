package io.callstorm.reference;

import io.callstorm.simulate.ScriptedAgent;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.SimulationReport;

import io.callstorm.core.Stage;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.simulate.analysis.ReportRebuilder;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.TurnRecorder;
import io.callstorm.simulate.connect.StageTiming;
import io.callstorm.simulate.measure.ConcurrencyBuckets;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.tracing.StageSample;
import io.callstorm.tracing.StandardAttributes;
import io.callstorm.tracing.VoiceAttributes;
import io.callstorm.tracing.VoiceStage;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The simulator reads stage latency from the agent's spans: the report's stage rows are the percentiles of the
 * exported stage spans, bucket by bucket; each call is one trace of call, turns and stages; the modelled latencies
 * survive the trip through the spans to the microsecond; an agent over the network still reports its stages in
 * its replies.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpanStageLatencyTest {
    private static final ScenarioGraph SHORT_PATHS = ScenarioGraph.builder("support-desk-short")
            .paths(SupportDeskScenarios.graph().paths().stream().filter(p -> p.steps().size() <= 5).toList())
            .build();
    private static final List<Stage> SPAN_STAGES = List.of(Stage.STT_TTFT, Stage.LLM_TTFT, Stage.TTS_FIRST_AUDIO,
            Stage.TOOL_CALL);

    @Test
    void theReportsStageLatencyIsThePercentilesOfTheExportedSpans(@TempDir Path out) throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        Simulation simulation;
        SimulationReport report;
        try (ReferenceAgent agent = ReferenceAgent.create(ReferenceAgentConfig.defaults())) {
            simulation = Simulation.builder()
                    .name("spans")
                    .agent(ReferenceAgent.definition(), agent)
                    .personas(Personas.builtIns())
                    .scenarios(SHORT_PATHS, 200)
                    .load(LoadProfile.concurrentCalls(10).rampTo(40, Duration.ofMillis(1500))
                            .hold(Duration.ofSeconds(1)).build())
                    .timeScale(0.05)
                    .outputDirectory(out)
                    .keepCallLines(true)
                    .spanExporter(exporter)
                    .build();
            report = simulation.run();
        }
        // the exporter is the user's: flushed at the end of the run, not shut down (which would empty it)
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(report.load().callsTimedOut()).as("calls cut by the end of the run").isZero();

        // one trace per call: voice.call -> voice.turn -> stages
        Map<String, SpanData> byId = spans.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        List<SpanData> calls = named(spans, "voice.call");
        assertThat(calls).hasSize((int) report.load().callsStarted());
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.getParentSpanContext().isValid()).isFalse();
            assertThat(c.getAttributes().get(StandardAttributes.SESSION_ID)).startsWith("call-");
            assertThat(c.getAttributes().get(VoiceAttributes.PERSONA)).isNotBlank();
            assertThat(c.getAttributes().get(VoiceAttributes.SCENARIO)).isNotBlank();
        });
        assertThat(calls.stream().map(SpanData::getTraceId).distinct().count()).isEqualTo(calls.size());
        List<SpanData> turns = named(spans, "voice.turn");
        assertThat(turns).allSatisfy(t -> assertThat(byId.get(t.getParentSpanId()).getName()).isEqualTo("voice.call"));
        List<SpanData> stages = spans.stream().filter(s -> s.getAttributes().get(VoiceAttributes.STAGE) != null)
                .toList();
        assertThat(stages).isNotEmpty().allSatisfy(s -> {
            SpanData turn = byId.get(s.getParentSpanId());
            assertThat(turn.getName()).isEqualTo("voice.turn");
            assertThat(s.getTraceId()).isEqualTo(turn.getTraceId());
            assertThat(s.getAttributes().get(StandardAttributes.SESSION_ID))
                    .isEqualTo(turn.getAttributes().get(StandardAttributes.SESSION_ID));
        });
        assertThat(spans).hasSize(calls.size() + turns.size() + stages.size());

        // what the stage spans say: models, tokens, cache, tools and their outcome
        assertThat(stages).filteredOn(s -> "llm".equals(s.getAttributes().get(VoiceAttributes.STAGE)))
                .isNotEmpty().allSatisfy(s -> {
                    assertThat(s.getAttributes().get(StandardAttributes.GEN_AI_REQUEST_MODEL)).isNotBlank();
                    assertThat(s.getAttributes().get(StandardAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isPositive();
                    assertThat(s.getAttributes().get(StandardAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isPositive();
                    assertThat(s.getAttributes().get(VoiceAttributes.LLM_PROMPT_CACHE_HIT)).isNotNull();
                });
        assertThat(stages).filteredOn(s -> "tool".equals(s.getAttributes().get(VoiceAttributes.STAGE)))
                .isNotEmpty().allSatisfy(s -> {
                    assertThat(s.getAttributes().get(StandardAttributes.GEN_AI_TOOL_NAME)).isNotBlank();
                    assertThat(s.getAttributes().get(VoiceAttributes.TOOL_OUTCOME)).isIn("ok", "timeout");
                });

        // the turns whose reply the caller got: the report measured exactly their stages
        List<StageSample> samples = new ArrayList<>();
        for (SpanData s : stages) {
            if (byId.get(s.getParentSpanId()).getStatus().getStatusCode() == StatusCode.ERROR) {
                continue; // failed (429) or hung up on: no reply, no measurement
            }
            StageSample.fromSpan(s.getAttributes(), s.getEndEpochNanos() - s.getStartEpochNanos())
                    .ifPresent(samples::add);
        }
        long answered = simulation.lastCallLines().stream().flatMap(l -> l.turns().stream())
                .filter(t -> t.speaker() == CallLine.Speaker.AGENT).count();
        assertThat(turns.stream().filter(t -> t.getStatus().getStatusCode() != StatusCode.ERROR).count())
                .isEqualTo(answered);
        assertThat(samples).allSatisfy(s -> assertThat(s.concurrency())
                .isBetween(1L, (long) report.load().peakConcurrency()));

        int width = report.load().bucketWidth();
        Map<String, LatencyRow> expected = expectedRows(samples, width);
        Map<String, LatencyRow> reported = report.latency().stream()
                .filter(r -> !r.stage().equals(Stage.USER_PERCEIVED_GAP.wireName()))
                .collect(Collectors.toMap(r -> r.stage() + "@" + r.concurrencyFrom(), Function.identity(),
                        (a, b) -> a, TreeMap::new));
        assertThat(reported.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Stage stage : SPAN_STAGES) {
            assertThat(reported.keySet()).as(stage.wireName()).anyMatch(k -> k.startsWith(stage.wireName() + "@"));
        }
        reported.forEach((key, row) -> {
            LatencyRow want = expected.get(key);
            assertThat(new double[] {row.count(), row.p50Ms(), row.p95Ms(), row.p99Ms(), row.maxMs()})
                    .as(key).containsExactly(want.count(), want.p50Ms(), want.p95Ms(), want.p99Ms(), want.maxMs());
        });

        // calls.jsonl keeps each span's concurrency, so the report rebuilt from it is the same
        assertThat(simulation.lastCallLines().stream().flatMap(l -> l.turns().stream())
                .filter(t -> t.speaker() == CallLine.Speaker.AGENT))
                .allSatisfy(t -> assertThat(t.stagesConcurrency()).isNotEmpty()
                        .allSatisfy((stage, at) -> assertThat(at).hasSameSizeAs(t.stagesMs().get(stage))));
        assertThat(ReportRebuilder.rebuild(out.resolve("calls.jsonl")).report().latency()).isEqualTo(report.latency());
    }

    /** Rows as the run makes them: samples at 0.1 ms in HdrHistograms per stage and concurrency bucket. */
    private static Map<String, LatencyRow> expectedRows(List<StageSample> samples, int width) {
        Map<String, Histogram> histograms = new HashMap<>();
        for (StageSample s : samples) {
            int bucket = ConcurrencyBuckets.indexFor((int) s.concurrency(), width);
            int from = bucket == 0 ? 0 : bucket * width + 1;
            histograms.computeIfAbsent(s.reportStage().wireName() + "@" + from,
                    k -> new Histogram(TimeUnit.MINUTES.toMicros(10), 2))
                    .recordValue(Math.round(s.latencyMicros() / 100.0) * 100L);
        }
        Map<String, LatencyRow> rows = new HashMap<>();
        histograms.forEach((key, h) -> rows.put(key, new LatencyRow(key, 0, 0, 0, h.getTotalCount(),
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(95)), ms(h.getValueAtPercentile(99)),
                ms(h.getMaxValue()))));
        return rows;
    }

    private static double ms(long micros) {
        return Math.round(micros / 100.0) / 10.0;
    }

    private static List<SpanData> named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).toList();
    }

    @Test
    void theModelledLatenciesRoundTripThroughTheSpansToTheMicrosecond() throws Exception {
        // the same agent twice, one call of one turn: once reporting its stages in the reply, once in spans
        List<StageTiming> inReply = oneTurn(null).stages();

        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build()) {
            AgentReply reply = oneTurn(sdk);
            assertThat(reply.stages()).as("an instrumented agent's stages are its spans").isEmpty();
            List<SpanData> spans = exporter.getFinishedSpanItems();
            List<StageSample> fromSpans = spans.stream()
                    .map(s -> StageSample.fromSpan(s.getAttributes(), s.getEndEpochNanos() - s.getStartEpochNanos()))
                    .flatMap(Optional::stream).toList();
            // STT and LLM latencies are drawn from the seeded model alone (TTS and tools include real waiting)
            for (VoiceStage stage : List.of(VoiceStage.STT, VoiceStage.LLM)) {
                assertThat(fromSpans.stream().filter(s -> s.stage() == stage).map(StageSample::latencyMicros))
                        .as(stage.wireName()).isNotEmpty()
                        .containsExactlyElementsOf(inReply.stream().filter(t -> t.stage() == stage.reportStage())
                                .map(StageTiming::latencyMicros).toList());
            }
            assertThat(fromSpans).extracting(StageSample::stage).contains(VoiceStage.TTS);
            // whole microseconds: the ttft attributes and the tool durations hold no sub-microsecond noise
            for (SpanData s : spans) {
                VoiceStage.fromWireName(s.getAttributes().get(VoiceAttributes.STAGE)).ifPresent(stage -> {
                    if (stage.hasFirstResult()) {
                        double ms = s.getAttributes().get(stage.firstResultAttribute().orElseThrow());
                        assertThat(ms * 1000).isCloseTo(Math.rint(ms * 1000), within(1e-6));
                    } else {
                        assertThat((s.getEndEpochNanos() - s.getStartEpochNanos()) % 1000).isZero();
                    }
                });
            }
            assertThat(named(spans, "voice.call")).singleElement().satisfies(c -> {
                assertThat(c.getAttributes().get(StandardAttributes.SESSION_ID)).isEqualTo("call-1");
                assertThat(c.getAttributes().get(VoiceAttributes.CONCURRENCY)).isEqualTo(1L);
            });
        }
    }

    /** One call of one turn (with an account number and a tool) to a fresh reference agent; its reply. */
    private static AgentReply oneTurn(OpenTelemetrySdk openTelemetry) throws Exception {
        try (ReferenceAgent agent = ReferenceAgent.create(ReferenceAgentConfig.defaults())) {
            if (openTelemetry != null) {
                agent.instrument(openTelemetry);
            }
            TurnRecorder turn = new TurnRecorder();
            AgentCall call = agent.open(new CallSetup("call-1", Personas.builtIns().get(0), "billing/refund",
                    Map.of()), turn);
            call.sendTurn(new CallerTurn(0, "Hi, my account number is 48213, why was I charged twice this month?",
                    Duration.ofSeconds(3)));
            AgentReply r = turn.awaitReply(Duration.ofSeconds(20));
            call.hangUp();
            agent.instrument(io.opentelemetry.api.OpenTelemetry.noop()); // waits for the hang-up: the call span ends
            return r;
        }
    }

    @Test
    void anAgentOverTheNetworkStillReportsItsStagesInItsReplies() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        SimulationReport report;
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            report = Simulation.builder()
                    .name("network-style")
                    .agent(AgentDefinition.builder("scripted-agent").behaviour("Answers as its script says.").build(),
                            agent)
                    .personas(Personas.builtIns())
                    .scenarios(SHORT_PATHS, 50)
                    .load(LoadProfile.concurrentCalls(5).hold(Duration.ofMillis(600)).build())
                    .timeScale(0.02)
                    .spanExporter(exporter)
                    .build().run();
        }
        // ScriptedAgent.DEFAULT_STAGES: stt 90 ms, llm 180 ms, tts 70 ms in every reply (HdrHistogram: 2 digits)
        assertThat(report.latency(Stage.STT_TTFT)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.maxMs()).isCloseTo(90.0, within(0.5)));
        assertThat(report.latency(Stage.LLM_TTFT)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.p50Ms()).isCloseTo(180.0, within(1.0)));
        assertThat(report.latency(Stage.TTS_FIRST_AUDIO)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.p99Ms()).isCloseTo(70.0, within(0.5)));
        assertThat(report.latency(Stage.TOOL_CALL)).isEmpty();
        assertThat(exporter.getFinishedSpanItems()).as("it records no spans in the simulation's provider").isEmpty();
    }
}
