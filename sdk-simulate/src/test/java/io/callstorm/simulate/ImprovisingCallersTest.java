package io.callstorm.simulate;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.callstorm.core.Outcome;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.ScenarioPath;
import io.callstorm.core.scenario.ScenarioRow;
import io.callstorm.core.scenario.ScenarioStep;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.eval.chat.ChatModel;
import io.callstorm.eval.http.ResilienceConfig;
import io.callstorm.eval.judge.JudgePricing;
import io.callstorm.simulate.callers.CallerMode;
import io.callstorm.simulate.callers.CallerModel;
import io.callstorm.simulate.connect.FixedLatencyAgent;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.loop.SimulationClock;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.CallerSummary;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callers whose turns a model writes (WireMock as the model), end to end through {@code Simulation}: the cache makes
 * a thousand calls ask once per situation, the bounds hold, every way of falling back says the scripted turn and is
 * counted, and the persona's language reaches the prompt.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImprovisingCallersTest {
    private static final String ANSWER = "Yes, my account number is {account}, and I would like this sorted today.";
    private static final List<Persona> PERSONAS = List.of(Personas.builtIns().get(0), Personas.builtIns().get(1));
    private static final ScenarioGraph THREE_PATHS = ScenarioGraph.builder("support-desk-three")
            .paths(SupportDeskScenarios.graph().paths().stream().filter(p -> p.steps().size() <= 4).limit(3).toList())
            .build();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").containerThreads(40))
            .build();

    private ChatModel chat;

    @AfterEach
    void closeChat() {
        if (chat != null) {
            chat.close();
        }
    }

    private CallerModel model() {
        chat = ChatModel.builder().baseUrl(wm.baseUrl() + "/v1").model("caller-model").apiKey(JudgeStubs.KEY)
                .pricing(new JudgePricing(0.001, 0.002))
                .resilience(ResilienceConfig.custom().callTimeout(Duration.ofSeconds(5)).maxAttempts(1)
                        .requestsPerSecond(10_000).maxConcurrentCalls(64).build())
                .build();
        return CallerModel.chatCompletions(chat, 0.7);
    }

    private static void answer(String content) {
        wm.stubFor(post(urlEqualTo(JudgeStubs.PATH)).willReturn(okJson(JudgeStubs.completion(content, 300, 15))));
    }

    private static Simulation.Builder run(FixedLatencyAgent agent, CallerMode mode, LoadProfile load) {
        return Simulation.builder()
                .agent(SmallSimulations.DEFINITION, agent)
                .personas(PERSONAS)
                .scenarios(THREE_PATHS, 300)
                .timeScale(0.02)
                .clock(SimulationClock.VIRTUAL)
                .evaluators(List.of())
                .keepCallLines(true)
                .load(load)
                .callers(mode);
    }

    private static long callerTurns(List<CallLine> lines) {
        return lines.stream().flatMap(l -> l.turns().stream()).filter(t -> t.speaker() == CallLine.Speaker.CALLER).count();
    }

    /**
     * The situations the calls' callers were in: persona, path and the call before each caller turn, with the row's
     * account and every number masked. The row's scripted turns vary with its variation, so calls whose callers fell
     * back part ways.
     */
    private static long situations(Simulation simulation) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CallLine line : simulation.lastCallLines()) {
            String account = simulation.rows().get(line.row()).accountNumber();
            StringBuilder key = new StringBuilder(line.persona()).append('|').append(line.path()).append('|');
            for (CallLine.Turn t : line.turns()) {
                if (t.speaker() == CallLine.Speaker.CALLER) {
                    seen.add(key.toString());
                }
                key.append(t.text().replace(account, "{account}").replaceAll("\\d+", "#")).append('|');
            }
        }
        return seen.size();
    }

    @Test
    void aThousandCallsAskTheModelOncePerSituation(@TempDir Path out) throws Exception {
        answer(ANSWER);
        int maxRequests = 40;
        CallerMode mode = CallerMode.improvising(model()).maxRequests(maxRequests).maxConcurrentRequests(4);
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(100), Duration.ofMillis(200))) {
            Simulation simulation = run(agent, mode, LoadProfile.concurrentCalls(100).hold(Duration.ofSeconds(25))
                    .build()).outputDirectory(out).build();
            SimulationReport report = simulation.run();

            assertThat(report.load().callsStarted()).isGreaterThanOrEqualTo(1_000);
            CallerSummary callers = report.callers();
            int situations = PERSONAS.size() * THREE_PATHS.paths().stream().mapToInt(p -> p.steps().size()).sum();
            assertThat(callers.mode()).isEqualTo("improvising");
            assertThat(callers.model()).isEqualTo("caller-model");
            assertThat(callers.modelRequests()).isPositive().isLessThanOrEqualTo(situations)
                    .isLessThanOrEqualTo(maxRequests)
                    .isEqualTo(wm.countRequestsMatching(postRequestedFor(urlEqualTo(JudgeStubs.PATH)).build())
                            .getCount());
            assertThat(callers.fallbackTurns()).isZero();
            assertThat(callers.improvisedTurns()).isEqualTo(callerTurns(simulation.lastCallLines()));
            assertThat(callers.cacheHits()).isEqualTo(callers.improvisedTurns() - callers.modelRequests())
                    .isGreaterThan(1_000);
            assertThat(callers.promptTokens()).isEqualTo(300 * callers.modelRequests());
            assertThat(callers.completionTokens()).isEqualTo(15 * callers.modelRequests());
            assertThat(callers.costUsd()).isCloseTo(callers.modelRequests() * (0.3 * 0.001 + 0.015 * 0.002),
                    org.assertj.core.data.Offset.offset(1e-9));

            // each caller says the one answer with its own account number in it
            CallLine line = simulation.lastCallLines().get(7);
            ScenarioRow row = simulation.rows().get(line.row());
            assertThat(line.turns().get(0).text()).isEqualTo(ANSWER.replace("{account}", row.accountNumber()));

            SimulationReport read = SimulationReport.readJson(out.resolve(SimulationReport.JSON_FILE));
            assertThat(read.callers()).isEqualTo(callers);
        }
    }

    @Test
    void theRunStopsAskingAtItsRequestLimit() {
        answer(ANSWER);
        CallerMode mode = CallerMode.improvising(model()).maxRequests(5).maxConcurrentRequests(2);
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(100), Duration.ofMillis(200))) {
            Simulation simulation = run(agent, mode, LoadProfile.concurrentCalls(20).hold(Duration.ofSeconds(5))
                    .build()).build();
            CallerSummary callers = simulation.run().callers();
            assertThat(callers.modelRequests()).isEqualTo(5);
            assertThat(callers.fallbackByReason().get("request_limit")).isPositive()
                    .isEqualTo(callers.fallbackTurns());
            assertThat(callers.improvisedTurns() + callers.fallbackTurns())
                    .isEqualTo(callerTurns(simulation.lastCallLines()));
        }
    }

    @Test
    void aFailingModelLeavesCallersTheirScriptedTurns() {
        wm.stubFor(post(urlEqualTo(JudgeStubs.PATH)).willReturn(aResponse().withStatus(500).withBody("down")));
        CallerMode mode = CallerMode.improvising(model());
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(100), Duration.ofMillis(200))) {
            Simulation simulation = run(agent, mode, LoadProfile.concurrentCalls(10).hold(Duration.ofSeconds(2))
                    .build()).build();
            SimulationReport report = simulation.run();
            CallerSummary callers = report.callers();
            assertThat(callers.improvisedTurns()).isZero();
            assertThat(callers.fallbackByReason().get("error")).isPositive().isEqualTo(callers.fallbackTurns())
                    .isEqualTo(callerTurns(simulation.lastCallLines()));
            assertThat(report.load().callsCompleted()).isPositive();
            CallLine line = simulation.lastCallLines().get(0);
            assertThat(line.turns().get(0).text()).isEqualTo(simulation.rows().get(line.row()).utterance(0));
        }
    }

    @Test
    void aSlowModelTimesOutIntoTheScriptedTurn() {
        wm.stubFor(post(urlEqualTo(JudgeStubs.PATH)).willReturn(okJson(JudgeStubs.completion(ANSWER, 300, 15))
                .withFixedDelay(3_000)));
        CallerMode mode = CallerMode.improvising(model()).requestTimeout(Duration.ofMillis(200)).cacheSize(0);
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(100), Duration.ofMillis(200))) {
            Simulation simulation = run(agent, mode, LoadProfile.concurrentCalls(2).hold(Duration.ofMillis(500))
                    .build()).build();
            CallerSummary callers = simulation.run().callers();
            assertThat(callers.improvisedTurns()).isZero();
            assertThat(callers.fallbackByReason().get("timeout")).isPositive();
            assertThat(callers.fallbackTurns()).isEqualTo(callerTurns(simulation.lastCallLines()));
        }
    }

    @Test
    void aCallPastItsTokenBudgetIsScriptedWithoutAsking() {
        answer(ANSWER);
        CallerMode mode = CallerMode.improvising(model()).tokenBudgetPerCall(50);
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(100), Duration.ofMillis(200))) {
            Simulation simulation = run(agent, mode, LoadProfile.concurrentCalls(5).hold(Duration.ofSeconds(1))
                    .build()).build();
            CallerSummary callers = simulation.run().callers();
            assertThat(callers.modelRequests()).isZero();
            assertThat(callers.fallbackByReason().get("budget")).isEqualTo(callers.fallbackTurns())
                    .isEqualTo(callerTurns(simulation.lastCallLines())).isPositive();
            wm.verify(0, postRequestedFor(urlEqualTo(JudgeStubs.PATH)));
        }
    }

    @Test
    void anAnswerOutOfRoleIsNotSaid() {
        answer("AGENT: Thank you for calling, how may I help you?");
        CallerMode mode = CallerMode.improvising(model());
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(100), Duration.ofMillis(200))) {
            Simulation simulation = run(agent, mode, LoadProfile.concurrentCalls(10).hold(Duration.ofSeconds(2))
                    .build()).build();
            CallerSummary callers = simulation.run().callers();
            assertThat(callers.improvisedTurns()).isZero();
            assertThat(callers.fallbackByReason().get("unusable")).isEqualTo(callers.fallbackTurns()).isPositive();
            // an unusable answer is kept: the same situation does not pay for the same answer twice
            assertThat(callers.modelRequests()).isEqualTo(situations(simulation));
        }
    }

    @Test
    void aFullQueueDoesNotWait() {
        wm.stubFor(post(urlEqualTo(JudgeStubs.PATH)).willReturn(okJson(JudgeStubs.completion(ANSWER, 300, 15))
                .withFixedDelay(300)));
        CallerMode mode = CallerMode.improvising(model()).maxConcurrentRequests(1).maxQueuedRequests(0);
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(100), Duration.ofMillis(200))) {
            Simulation simulation = run(agent, mode, LoadProfile.concurrentCalls(20).hold(Duration.ofMillis(500))
                    .build()).build();
            CallerSummary callers = simulation.run().callers();
            assertThat(callers.fallbackByReason().get("queue_full")).isPositive();
            assertThat(callers.improvisedTurns() + callers.fallbackTurns())
                    .isEqualTo(callerTurns(simulation.lastCallLines()));
        }
    }

    @Test
    void thePathsFactsArePlaceholdersInThePromptAndTheRowsValuesInTheTurn() {
        answer("I'd like to see {doctor} on {day}, please. My number is {account}.");
        ScenarioPath path = ScenarioPath.builder("booking")
                .fact("doctor", List.of("Dr Osei", "Dr Patel")).fact("day", List.of("Monday", "Friday"))
                .step(ScenarioStep.of("book", "Can I see {doctor} on {day}?"))
                .expectedOutcome(Outcome.RESOLVED)
                .build();
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(100), Duration.ofMillis(200))) {
            Simulation simulation = Simulation.builder().agent(SmallSimulations.DEFINITION, agent)
                    .personas(PERSONAS.subList(0, 1)).scenarios(ScenarioGraph.builder("b").path(path).build(), 20)
                    .timeScale(0.02).clock(SimulationClock.VIRTUAL).evaluators(List.of()).keepCallLines(true)
                    .load(LoadProfile.concurrentCalls(4).hold(Duration.ofMillis(500)).build())
                    .callers(CallerMode.improvising(model())).build();
            CallerSummary callers = simulation.run().callers();

            assertThat(callers.fallbackTurns()).isZero();
            assertThat(callers.modelRequests()).isEqualTo(1); // every row in the same situation, whatever its facts
            String body = wm.findAll(postRequestedFor(urlEqualTo(JudgeStubs.PATH))).get(0).getBodyAsString();
            assertThat(body).contains("your doctor is {doctor}").contains("your day is {day}")
                    .contains("Can I see {doctor} on {day}?");
            for (CallLine line : simulation.lastCallLines()) {
                java.util.Map<String, String> facts = simulation.rows().get(line.row()).facts();
                assertThat(line.turns().get(0).text()).isEqualTo("I'd like to see " + facts.get("doctor") + " on "
                        + facts.get("day") + ", please. My number is " + facts.get("account") + ".");
            }
        }
    }

    @Test
    void thePersonasLanguageReachesThePrompt() {
        answer("Hola, mi número de cuenta es {account}.");
        Persona spanish = Persona.builder("madrid-caller").language("es-ES").build();
        ScenarioPath path = ScenarioPath.builder("balance-es")
                .step(ScenarioStep.of("identify", "My account number is {account}.", "get_account_info")
                        .withPhrasings("es", List.of("Mi número de cuenta es {account}.")))
                .expectedOutcome(Outcome.RESOLVED)
                .build();
        CallerMode mode = CallerMode.improvising(model());
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(100), Duration.ofMillis(200))) {
            Simulation simulation = Simulation.builder().agent(SmallSimulations.DEFINITION, agent)
                    .personas(List.of(spanish)).scenarios(ScenarioGraph.builder("es").path(path).build(), 10)
                    .timeScale(0.02).clock(SimulationClock.VIRTUAL).evaluators(List.of()).keepCallLines(true)
                    .load(LoadProfile.concurrentCalls(2).hold(Duration.ofMillis(500)).build())
                    .callers(mode).build();
            CallerSummary callers = simulation.run().callers();
            assertThat(callers.improvisedTurns()).isPositive();
            List<LoggedRequest> requests = wm.findAll(postRequestedFor(urlEqualTo(JudgeStubs.PATH)));
            assertThat(requests).hasSize(1); // one situation: the cache answers the others
            String body = requests.get(0).getBodyAsString();
            assertThat(body).contains("Spanish (es-ES)").contains("Mi número de cuenta es {account}.")
                    .contains("\"max_tokens\":" + CallerMode.DEFAULT_MAX_TOKENS_PER_TURN)
                    .doesNotContain(simulation.rows().get(0).accountNumber());
            CallLine line = simulation.lastCallLines().get(0);
            assertThat(line.turns().get(0).text())
                    .isEqualTo("Hola, mi número de cuenta es " + simulation.rows().get(line.row()).accountNumber() + ".");
        }
    }
}
