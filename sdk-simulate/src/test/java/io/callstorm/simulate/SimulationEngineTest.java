package io.callstorm.simulate;

import io.callstorm.simulate.measure.ProgressSnapshot;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.load.RetryPolicy;
import io.callstorm.simulate.report.SimulationReport;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.CallStatus;
import io.callstorm.core.Stage;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.ScenarioRow;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.simulate.ScriptedAgent.Response;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.ErrorCluster;
import io.callstorm.simulate.report.ErrorRateRow;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.ReportJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Behaviour of the load engine through the public builder, against a {@link ScriptedAgent}. Runs are short
 * and caller time is compressed; assertions are on counts, statuses and the presence of rows, never on tight
 * timings, so the class stays green on a loaded two-core machine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimulationEngineTest {
    private static final List<String> CORE_RUBRICS = List.of("conversation_resolution", "task_completion",
            "is_polite", "is_helpful", "is_concise");
    private static final AgentDefinition DEFINITION = AgentDefinition.builder("scripted-agent")
            .behaviour("Answers every caller turn as its script says.").build();

    private final List<AgentConnector> toClose = new ArrayList<>();

    @AfterEach
    void closeAgents() {
        toClose.forEach(AgentConnector::close);
    }

    private <T extends AgentConnector> T track(T agent) {
        toClose.add(agent);
        return agent;
    }

    /** A small run: built-in personas, the support-desk graph, caller time compressed 50 times. */
    private static Simulation.Builder simulation(AgentConnector agent) {
        return Simulation.builder()
                .name("engine-test")
                .agent(DEFINITION, agent)
                .personas(Personas.builtIns())
                .scenarios(SupportDeskScenarios.graph(), 500)
                .timeScale(0.02);
    }

    private static LoadProfile tenCallsFor(Duration d) {
        return LoadProfile.concurrentCalls(10).hold(d).build();
    }

    private static Persona impatient() {
        return Persona.builder("impatient-tester").patience(Duration.ofMillis(200)).build();
    }

    // --- load shapes

    @Test
    void closedRampReachesItsTargetAndNeverExceedsIt() {
        ScriptedAgent agent = track(ScriptedAgent.fast());
        LoadProfile load = LoadProfile.concurrentCalls(5)
                .rampTo(60, Duration.ofSeconds(2))
                .hold(Duration.ofSeconds(1))
                .rampTo(0, Duration.ofSeconds(1))
                .build();

        SimulationReport report = simulation(agent).load(load).build().run();

        var l = report.load();
        assertThat(l.peakConcurrency()).isBetween(50, 60);
        assertThat(l.callsStarted()).isGreaterThan(l.peakConcurrency());
        assertThat(l.callsCompleted()).as("every call completes against a fast agent").isEqualTo(l.callsStarted());
        assertThat(l.callsFailed() + l.callsTimedOut() + l.callsHungUp()).isZero();
        assertThat(l.turns()).isGreaterThanOrEqualTo(l.callsStarted() * 2); // every support path has >= 2 steps
        assertThat(l.retries()).isZero();

        assertThat(report.latency(Stage.USER_PERCEIVED_GAP)).isNotEmpty();
        for (Stage reported : List.of(Stage.STT_TTFT, Stage.LLM_TTFT, Stage.TTS_FIRST_AUDIO)) {
            assertThat(report.latency(reported)).as(reported.wireName()).isNotEmpty();
        }
        assertThat(report.latency(Stage.TOOL_CALL)).as("the scripted agent reports no tool stage").isEmpty();
        // the agent reports a fixed 180 ms LLM TTFT: every bucket says so, whatever the load
        assertThat(report.latency(Stage.LLM_TTFT)).allSatisfy(r -> assertThat(r.p50Ms()).isCloseTo(180, within(5.0)));
        long gapSamples = report.latency(Stage.USER_PERCEIVED_GAP).stream().mapToLong(LatencyRow::count).sum();
        assertThat(gapSamples).isEqualTo(l.turns());
        assertThat(report.latency(Stage.USER_PERCEIVED_GAP)).allSatisfy(r -> {
            assertThat(r.concurrency()).isBetween(0, 60);
            assertThat(r.concurrencyFrom()).isLessThanOrEqualTo(r.concurrency());
            assertThat(r.p50Ms()).isLessThanOrEqualTo(r.p95Ms()).isGreaterThan(0);
        });

        assertThat(report.quality().stream().map(QualityRow::rubric).collect(Collectors.toSet()))
                .containsAll(CORE_RUBRICS);
        for (String rubric : CORE_RUBRICS) {
            assertThat(report.quality(rubric).stream().mapToLong(QualityRow::count).sum())
                    .as("calls scored on " + rubric).isEqualTo(l.callsStarted());
        }
        assertThat(report.errorRate()).isZero();
        assertThat(report.errors().clusters()).isEmpty();

        assertThat(agent.maxOpen()).as("calls open at the agent at once").isLessThanOrEqualTo(60);
        assertThat(agent.opens()).isEqualTo(l.callsStarted());
        assertThat(agent.hangUps()).as("every call opened is hung up").isEqualTo(agent.opens());
        assertThat(agent.openNow()).isZero();
        assertThat(agent.attempts()).isEqualTo(l.turns());
    }

    @Test
    void openModelAdmitsArrivalsAtTheRate() {
        ScriptedAgent agent = track(ScriptedAgent.fast());
        LoadProfile load = LoadProfile.arrivalsPerSecond(20).hold(Duration.ofSeconds(2)).build();

        SimulationReport report = simulation(agent).load(load).build().run();

        assertThat(report.load().callsStarted()).isBetween(30L, 50L);
        assertThat(report.load().callsCompleted()).isEqualTo(report.load().callsStarted());
        assertThat(report.simulation().loadModel()).isEqualTo("open");
        assertThat(agent.hangUps()).isEqualTo(agent.opens());
    }

    // --- how calls end

    @Test
    void callerHangsUpWhenFirstAudioTakesLongerThanItsPatience() {
        ScriptedAgent agent = track(ScriptedAgent.answering(Duration.ofSeconds(1), Duration.ofMillis(1100)));

        SimulationReport report = simulation(agent)
                .personas(List.of(impatient()))
                .load(LoadProfile.concurrentCalls(5).hold(Duration.ofMillis(800)).build())
                .build().run();

        var l = report.load();
        assertThat(l.callsStarted()).isPositive();
        assertThat(l.callsHungUp()).isEqualTo(l.callsStarted());
        assertThat(l.callsCompleted()).isZero();
        assertThat(l.turns()).as("each caller hangs up on its first turn").isEqualTo(l.callsStarted());
        assertThat(report.latency(Stage.USER_PERCEIVED_GAP)).as("no first audio ever came").isEmpty();

        assertThat(report.errors().clusters()).isNotEmpty();
        assertThat(report.errors().clusters().stream().mapToDouble(ErrorCluster::share).sum())
                .isCloseTo(1.0, within(0.001));
        assertThat(report.errors().clusters().stream().mapToLong(ErrorCluster::count).sum())
                .isEqualTo(l.callsStarted());
        assertThat(report.errors().clusters().get(0).name()).isEqualTo("caller hang-up on slow response");
        assertThat(report.errors().clusters().get(0).stage()).isEqualTo("user_perceived_gap");
        assertThat(report.errors().rate()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.errorRate()).isEqualTo(1.0));
        assertThat(report.errors().rate().stream().mapToLong(ErrorRateRow::calls).sum()).isEqualTo(l.callsStarted());
        assertThat(report.errorRate()).isEqualTo(1.0);
        assertThat(agent.hangUps()).isEqualTo(agent.opens());
    }

    @Test
    void turnTimesOutWhenTheReplyNeverComes() {
        ScriptedAgent agent = track(new ScriptedAgent(a -> Response.firstAudioOnly(Duration.ofMillis(10))));

        SimulationReport report = simulation(agent)
                .turnTimeout(Duration.ofMillis(300))
                .load(LoadProfile.concurrentCalls(5).hold(Duration.ofMillis(800)).build())
                .build().run();

        var l = report.load();
        assertThat(l.callsStarted()).isPositive();
        assertThat(l.callsTimedOut()).isEqualTo(l.callsStarted());
        assertThat(l.callsHungUp()).as("first audio came, so patience is not what ended the calls").isZero();
        assertThat(report.latency(Stage.USER_PERCEIVED_GAP)).as("first audio is measured").isNotEmpty();
        assertThat(report.errors().clusters()).extracting(ErrorCluster::name).containsExactly("gateway timeout");
        assertThat(report.errorRate()).isEqualTo(1.0);
        assertThat(agent.hangUps()).isEqualTo(agent.opens());
    }

    @Test
    void agentThatNeverAnswersMakesCallersHangUp() {
        ScriptedAgent agent = track(new ScriptedAgent(a -> Response.silence()));

        SimulationReport report = simulation(agent)
                .personas(List.of(impatient()))
                .load(LoadProfile.concurrentCalls(5).hold(Duration.ofMillis(500)).build())
                .build().run();

        assertThat(report.load().callsHungUp()).isEqualTo(report.load().callsStarted()).isPositive();
        assertThat(agent.hangUps()).isEqualTo(agent.opens());
    }

    // --- retries

    private static ScriptedAgent rateLimitedOnFirstAttempt(Duration retryAfter) {
        return new ScriptedAgent(a -> a.attempt() == 1
                ? Response.error(AgentException.rateLimited(Stage.LLM_TTFT, retryAfter,
                "LLM token budget exceeded, retry after " + retryAfter.toMillis() + " ms"))
                : Response.reply(Duration.ofMillis(5), Duration.ofMillis(10)));
    }

    @Test
    void transientErrorsAreRetriedAndTheCallsComplete() {
        ScriptedAgent agent = track(rateLimitedOnFirstAttempt(Duration.ofMillis(50)));

        SimulationReport report = simulation(agent)
                .retry(RetryPolicy.builder().initialBackoff(Duration.ofMillis(10)).build())
                .load(tenCallsFor(Duration.ofMillis(800)))
                .build().run();

        var l = report.load();
        assertThat(l.callsStarted()).isPositive();
        assertThat(l.callsCompleted()).isEqualTo(l.callsStarted());
        assertThat(l.retries()).isPositive()
                .isEqualTo(agent.turnsRetried())
                .as("every turn was retried exactly once").isEqualTo(l.turns());
        assertThat(agent.maxAttemptsOfOneTurn()).isEqualTo(2);
        assertThat(agent.attempts()).isEqualTo(l.turns() + l.retries());
        assertThat(report.errors().clusters()).isEmpty();
    }

    @Test
    void withoutRetriesARateLimitFailsTheCallAndIsClusteredAsProviderRateLimit() {
        ScriptedAgent agent = track(rateLimitedOnFirstAttempt(Duration.ofMillis(50)));

        SimulationReport report = simulation(agent)
                .retry(RetryPolicy.none())
                .load(tenCallsFor(Duration.ofMillis(500)))
                .build().run();

        var l = report.load();
        assertThat(l.callsStarted()).isPositive();
        assertThat(l.callsFailed()).isEqualTo(l.callsStarted());
        assertThat(l.retries()).isZero();
        assertThat(agent.turnsRetried()).isZero();
        assertThat(agent.attempts()).as("one turn per call, never re-sent").isEqualTo(l.callsStarted());
        assertThat(report.errors().clusters()).hasSize(1);
        ErrorCluster cluster = report.errors().clusters().get(0);
        assertThat(cluster.name()).isEqualTo("provider rate limit");
        assertThat(cluster.stage()).isEqualTo("llm_ttft");
        assertThat(cluster.count()).isEqualTo(l.callsStarted());
        assertThat(cluster.share()).isEqualTo(1.0);
    }

    @Test
    void retriesStopAtMaxAttempts() {
        ScriptedAgent agent = track(new ScriptedAgent(a -> Response.error(
                AgentException.withStatus(AgentErrorKind.SERVER_ERROR, Stage.LLM_TTFT, 503, "upstream unavailable"))));

        SimulationReport report = simulation(agent)
                .retry(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5)).build())
                .load(tenCallsFor(Duration.ofMillis(500)))
                .build().run();

        var l = report.load();
        assertThat(l.callsFailed()).isEqualTo(l.callsStarted()).isPositive();
        assertThat(agent.maxAttemptsOfOneTurn()).isEqualTo(3);
        assertThat(agent.attempts()).isEqualTo(3 * l.callsStarted());
        assertThat(l.retries()).isEqualTo(2 * l.callsStarted());
        assertThat(report.errors().clusters()).extracting(ErrorCluster::name).containsExactly("provider capacity ceiling");
    }

    @Test
    void nonTransientErrorIsNotRetried() {
        ScriptedAgent agent = track(new ScriptedAgent(a -> a.attempt() == 1
                ? Response.error(AgentException.of(AgentErrorKind.PROTOCOL, "malformed frame from agent"))
                : Response.reply(Duration.ofMillis(5), Duration.ofMillis(10))));

        SimulationReport report = simulation(agent)
                .retry(RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(5)).build())
                .load(tenCallsFor(Duration.ofMillis(500)))
                .build().run();

        var l = report.load();
        assertThat(l.callsFailed()).isEqualTo(l.callsStarted()).isPositive();
        assertThat(l.retries()).isZero();
        assertThat(agent.turnsRetried()).isZero();
        assertThat(agent.maxAttemptsOfOneTurn()).isEqualTo(1);
        assertThat(report.errors().clusters()).hasSize(1);
        assertThat(report.errors().clusters().get(0).count()).isEqualTo(l.callsStarted());
    }

    @Test
    void retryAfterIsHonouredOverAShorterBackoff() {
        ScriptedAgent agent = track(rateLimitedOnFirstAttempt(Duration.ofMillis(300)));

        SimulationReport report = simulation(agent)
                .retry(RetryPolicy.builder().initialBackoff(Duration.ofMillis(10)).build())
                .load(LoadProfile.concurrentCalls(3).hold(Duration.ofMillis(500)).build())
                .build().run();

        assertThat(report.load().callsCompleted()).isEqualTo(report.load().callsStarted());
        List<Duration> gaps = agent.firstRetryGaps();
        assertThat(gaps).isNotEmpty()
                .allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(Duration.ofMillis(280)));
        // the caller hears the wait: it is part of the perceived gap
        assertThat(report.latency(Stage.USER_PERCEIVED_GAP)).allSatisfy(r -> assertThat(r.p50Ms()).isGreaterThan(250));
    }

    @Test
    void maxBackoffCapsRetryAfter() {
        ScriptedAgent agent = track(rateLimitedOnFirstAttempt(Duration.ofSeconds(10)));

        SimulationReport report = simulation(agent)
                .retry(RetryPolicy.builder().initialBackoff(Duration.ofMillis(10))
                        .maxBackoff(Duration.ofMillis(100)).build())
                .load(LoadProfile.concurrentCalls(3).hold(Duration.ofMillis(500)).build())
                .build().run();

        // a 10 s Retry-After would outlast every built-in persona's patience; the 100 ms cap lets calls finish
        assertThat(report.load().callsCompleted()).isEqualTo(report.load().callsStarted()).isPositive();
        assertThat(agent.firstRetryGaps()).isNotEmpty()
                .allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(Duration.ofMillis(90))
                        .isLessThan(Duration.ofSeconds(5)));
    }

    // --- output

    @Test
    void writesOneCallsJsonlLinePerFinishedCallAndAReportThatRoundTrips(@TempDir Path dir) throws IOException {
        ScriptedAgent agent = track(ScriptedAgent.fast());

        SimulationReport report = simulation(agent)
                .outputDirectory(dir)
                .load(tenCallsFor(Duration.ofMillis(800)))
                .build().run();

        Path callsFile = dir.resolve("calls.jsonl");
        assertThat(callsFile).exists();
        List<String> lines = Files.readAllLines(callsFile, StandardCharsets.UTF_8).stream()
                .filter(s -> !s.isBlank()).toList();
        assertThat(lines).hasSize((int) report.load().callsStarted());
        Set<String> ids = new java.util.HashSet<>();
        for (String json : lines) {
            JsonNode node = ReportJson.mapper().readTree(json);
            assertThat(node.has("status")).isTrue();
            assertThat(node.get("turns").isArray()).isTrue();
            assertThat(node.get("scores").isObject()).isTrue();

            CallLine line = ReportJson.mapper().readValue(json, CallLine.class);
            assertThat(ids.add(line.callId())).as("call ids are unique").isTrue();
            assertThat(line.status()).isEqualTo(CallStatus.COMPLETED);
            assertThat(line.error()).isEmpty();
            assertThat(line.turns()).hasSizeGreaterThanOrEqualTo(4); // >= 2 steps, caller + agent each
            assertThat(line.turns()).extracting(CallLine.Turn::speaker).containsOnly(CallLine.Speaker.CALLER,
                    CallLine.Speaker.AGENT);
            assertThat(line.turns().stream().filter(t -> t.speaker() == CallLine.Speaker.AGENT))
                    .allSatisfy(t -> {
                        assertThat(t.gapMs()).isPresent();
                        assertThat(t.stagesMs()).containsKeys("stt_ttft", "llm_ttft", "tts_first_audio");
                    });
            assertThat(line.scores()).containsOnlyKeys(CORE_RUBRICS);
            assertThat(line.persona()).isNotBlank();
            assertThat(line.path()).isNotBlank();
        }

        Path reportFile = dir.resolve("report.json");
        assertThat(reportFile).exists();
        JsonNode tree = ReportJson.mapper().readTree(reportFile.toFile());
        assertThat(tree.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(tree.fieldNames()).toIterable().contains("schemaVersion", "simulation", "load", "latency",
                "curves", "quality", "drift", "errors", "gate", "harness");
        SimulationReport read = SimulationReport.readJson(reportFile);
        assertThat(read.schemaVersion()).isEqualTo(SimulationReport.SCHEMA_VERSION).isEqualTo(1);
        assertThat(read).isEqualTo(report);
    }

    @Test
    void keepCallLinesKeepsEveryScoredCallInMemory() {
        ScriptedAgent agent = track(ScriptedAgent.fast());
        Simulation simulation = simulation(agent).keepCallLines(true).load(tenCallsFor(Duration.ofMillis(500))).build();

        SimulationReport report = simulation.run();

        assertThat(simulation.lastCallLines()).hasSize((int) report.load().callsStarted());
        assertThat(simulation.lastCallLines()).allSatisfy(line -> assertThat(line.scores()).hasSize(5));
    }

    // --- reproducibility

    private static List<String> script(Simulation simulation) {
        List<String> out = new ArrayList<>();
        for (ScenarioRow row : simulation.rows()) {
            StringBuilder sb = new StringBuilder(row.persona().id()).append('|').append(row.path().id());
            for (int step = 0; step < row.path().steps().size(); step++) {
                sb.append('|').append(row.utterance(step));
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameCallersSayingTheSameWords() {
        ScriptedAgent agent = track(ScriptedAgent.fast());
        LoadProfile load = tenCallsFor(Duration.ofSeconds(1));
        Simulation a = simulation(agent).scenarios(SupportDeskScenarios.graph(), 300).seed(7).load(load).build();
        Simulation b = simulation(agent).scenarios(SupportDeskScenarios.graph(), 300).seed(7).load(load).build();
        Simulation c = simulation(agent).scenarios(SupportDeskScenarios.graph(), 300).seed(8).load(load).build();

        assertThat(a.rows()).hasSize(300);
        assertThat(script(a)).isEqualTo(script(b));
        assertThat(script(a)).isNotEqualTo(script(c));
    }

    // --- listeners

    @Test
    void aListenerThatThrowsEverywhereDoesNotBreakTheRun() {
        ScriptedAgent agent = track(ScriptedAgent.fast());
        SimulationListener hostile = new SimulationListener() {
            @Override public void runStart(String name, double totalSeconds) { throw new IllegalStateException("boom"); }
            @Override public void progress(ProgressSnapshot s) { throw new IllegalStateException("boom"); }
            @Override public void callEnd(String callId, CallStatus status) { throw new IllegalStateException("boom"); }
            @Override public void draining(int inProgress) { throw new IllegalStateException("boom"); }
            @Override public void runEnd(SimulationReport report) { throw new IllegalStateException("boom"); }
        };
        AtomicInteger starts = new AtomicInteger();
        AtomicInteger progress = new AtomicInteger();
        AtomicInteger ends = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger draining = new AtomicInteger();
        AtomicInteger runEnds = new AtomicInteger();
        SimulationListener counting = new SimulationListener() {
            @Override public void runStart(String name, double totalSeconds) { starts.incrementAndGet(); }
            @Override public void progress(ProgressSnapshot s) { progress.incrementAndGet(); }
            @Override public void callEnd(String callId, CallStatus status) {
                ends.incrementAndGet();
                if (status == CallStatus.COMPLETED) {
                    completed.incrementAndGet();
                }
            }
            @Override public void draining(int inProgress) { draining.incrementAndGet(); }
            @Override public void runEnd(SimulationReport report) { runEnds.incrementAndGet(); }
        };

        SimulationReport report = simulation(agent)
                .listener(hostile)
                .listener(counting)
                .load(LoadProfile.concurrentCalls(10).hold(Duration.ofMillis(1200)).build())
                .build().run();

        assertThat(report.load().callsStarted()).isPositive();
        assertThat(report.load().callsCompleted()).isEqualTo(report.load().callsStarted());
        assertThat(starts).hasValue(1);
        assertThat(draining).hasValue(1);
        assertThat(runEnds).hasValue(1);
        assertThat(progress.get()).isGreaterThanOrEqualTo(1);
        assertThat(ends.get()).isEqualTo((int) report.load().callsStarted());
        assertThat(completed.get()).isEqualTo((int) report.load().callsCompleted());
    }

    @Test
    void aSimulationCanBeRunTwice() {
        ScriptedAgent agent = track(ScriptedAgent.fast());
        Simulation simulation = simulation(agent).load(tenCallsFor(Duration.ofMillis(500))).build();

        SimulationReport first = simulation.run();
        SimulationReport second = simulation.run();

        assertThat(first.load().callsCompleted()).isPositive().isEqualTo(first.load().callsStarted());
        assertThat(second.load().callsCompleted()).isPositive().isEqualTo(second.load().callsStarted());
        assertThat(agent.opens()).isEqualTo((int) (first.load().callsStarted() + second.load().callsStarted()));
        assertThat(agent.hangUps()).isEqualTo(agent.opens());
    }

    @Test
    void drainTimeoutAbortsCallsStillInProgressAsTimedOut() {
        // replies come after 2 s but patience and turn timeout are longer: only the drain ends these calls
        ScriptedAgent agent = track(ScriptedAgent.answering(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        Persona patient = Persona.builder("patient-tester").patience(Duration.ofSeconds(30)).build();

        SimulationReport report = simulation(agent)
                .personas(List.of(patient))
                .drainTimeout(Duration.ofMillis(200))
                .load(LoadProfile.concurrentCalls(4).hold(Duration.ofMillis(300)).build())
                .build().run();

        assertThat(report.load().callsStarted()).isEqualTo(4);
        assertThat(report.load().callsTimedOut()).isEqualTo(4);
        assertThat(agent.hangUps()).isEqualTo(agent.opens());
    }
}
