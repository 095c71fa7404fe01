package io.callstorm.reference;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.eval.chat.ChatModel;
import io.callstorm.eval.http.ResilienceConfig;
import io.callstorm.simulate.JudgeStubs;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.callers.CallerMode;
import io.callstorm.simulate.callers.CallerModel;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.loop.SimulationClock;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.CallerSummary;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand improvising callers against the reference agent on the virtual clock, a model (WireMock) writing their
 * turns: the run sends at most the requests it is allowed, the cache answers the rest of the situations that repeat,
 * and every caller turn is counted as improvised or scripted.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ImprovisingCallersOnTheReferenceAgentTest {
    private static final ScenarioGraph SHORT_PATHS = ScenarioGraph.builder("support-desk-short")
            .paths(SupportDeskScenarios.graph().paths().stream().filter(p -> p.steps().size() <= 4).limit(4).toList())
            .build();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").containerThreads(20))
            .build();

    @Test
    void aThousandCallsMakeAtMostTheConfiguredRequests() {
        wm.stubFor(post(urlEqualTo(JudgeStubs.PATH)).willReturn(okJson(JudgeStubs.completion(
                "Hi, my account number is {account}. Can you check that for me, please?", 400, 20))));
        int maxRequests = 60;
        try (ChatModel chat = ChatModel.builder().baseUrl(wm.baseUrl() + "/v1").model("caller-model")
                .apiKey(JudgeStubs.KEY).resilience(ResilienceConfig.custom().callTimeout(Duration.ofSeconds(5))
                        .maxAttempts(1).requestsPerSecond(10_000).build()).build();
             ReferenceAgent agent = ReferenceAgent.create(ReferenceAgentConfig.defaults())) {
            Simulation simulation = Simulation.builder()
                    .agent(ReferenceAgent.definition(), agent)
                    .personas(Personas.builtIns().subList(0, 3))
                    .scenarios(SHORT_PATHS, 1_000)
                    .load(LoadProfile.concurrentCalls(100).hold(Duration.ofSeconds(35)).build())
                    .timeScale(0.02)
                    .clock(SimulationClock.VIRTUAL)
                    .evaluators(List.of())
                    .keepCallLines(true)
                    .callers(CallerMode.improvising(CallerModel.chatCompletions(chat, 0.7)).maxRequests(maxRequests)
                            .maxConcurrentRequests(4))
                    .build();
            SimulationReport report = simulation.run();

            assertThat(report.load().callsStarted()).isGreaterThanOrEqualTo(1_000);
            CallerSummary callers = report.callers();
            long sent = wm.countRequestsMatching(postRequestedFor(urlEqualTo(JudgeStubs.PATH)).build()).getCount();
            assertThat(callers.modelRequests()).isPositive().isLessThanOrEqualTo(maxRequests).isEqualTo(sent);
            long callerTurns = simulation.lastCallLines().stream().flatMap(l -> l.turns().stream())
                    .filter(t -> t.speaker() == CallLine.Speaker.CALLER).count();
            assertThat(callers.improvisedTurns() + callers.fallbackTurns()).isEqualTo(callerTurns);
            assertThat(callers.cacheHits()).isGreaterThan(callers.modelRequests());
            assertThat(callers.fallbackTurns()).isEqualTo(callers.fallbackByReason().get("request_limit"));
            assertThat(callers.promptTokens()).isEqualTo(400 * callers.modelRequests());
        }
    }
}
