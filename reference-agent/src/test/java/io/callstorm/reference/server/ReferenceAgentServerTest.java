package io.callstorm.reference.server;

import io.callstorm.core.Stage;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.TurnRecorder;
import io.callstorm.simulate.connect.http.HttpSseConnector;
import io.callstorm.reference.ReferenceAgent;
import io.callstorm.reference.ReferenceAgentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference agent served over loopback HTTP, driven by the streaming HTTP connector. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReferenceAgentServerTest {
    private static final ScenarioGraph SHORT_PATHS = ScenarioGraph.builder("support-desk-short")
            .paths(SupportDeskScenarios.graph().paths().stream().filter(p -> p.steps().size() <= 5).toList())
            .build();

    @Test
    void aSimulationThroughHttpProducesTheSameReportSections() throws Exception {
        SimulationReport report;
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0);
             HttpSseConnector agent = HttpSseConnector.builder(server.baseUrl()).endSessionOnHangUp(true).build()) {
            LoadProfile load = LoadProfile.concurrentCalls(20).rampTo(60, Duration.ofSeconds(3))
                    .hold(Duration.ofSeconds(2)).build();
            report = Simulation.builder()
                    .name("reference-over-http")
                    .agent(ReferenceAgent.definition(), agent)
                    .personas(Personas.builtIns())
                    .scenarios(SHORT_PATHS, 500)
                    .load(load)
                    .timeScale(0.02)
                    .build()
                    .run();
            // hang-ups reached the server: the sessions are gone without waiting for the idle timeout
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.openSessions() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(server.openSessions()).isZero();
        }
        var l = report.load();
        assertThat(l.peakConcurrency()).isBetween(50, 60);
        assertThat((double) l.callsCompleted() / l.callsStarted()).as("completed share").isGreaterThan(0.8);
        for (Stage stage : Stage.values()) {
            assertThat(report.latency(stage)).as(stage.wireName()).isNotEmpty();
        }
        // the stage timings crossed the wire: the served agent's LLM latency looks like the in-process one's
        double llmP50 = report.latency(Stage.LLM_TTFT).get(0).p50Ms();
        assertThat(llmP50).isBetween(100.0, 800.0);
        assertThat(report.quality()).isNotEmpty();
        assertThat(report.quality("task_completion")).isNotEmpty();
        assertThat(report.errors()).isNotNull();
    }

    @Test
    void aRateLimitedTurnIsA429WithRetryAfter() throws Exception {
        ReferenceAgentConfig starved = ReferenceAgentConfig.defaults().toBuilder().llmTokenBudgetPerSecond(1).build();
        try (ReferenceAgentServer server = ReferenceAgentServer.start(starved, 0);
             HttpSseConnector agent = HttpSseConnector.builder(server.baseUrl()).build()) {
            TurnRecorder turn = new TurnRecorder();
            agent.open(new CallSetup("rl-1", Personas.builtIns().get(0), "p", Map.of()), turn).sendTurn(
                    new CallerTurn(0, "Hi, my account number is 48213 and I have a billing question.",
                    Duration.ofSeconds(2)));
            AgentException e = turn.error.get(10, TimeUnit.SECONDS);
            assertThat(e.kind()).isEqualTo(AgentErrorKind.RATE_LIMITED);
            assertThat(e.retryAfter()).isPresent();
            assertThat(e.stage()).contains(Stage.LLM_TTFT);
        }
    }

    @Test
    void aToolCallsArgumentsAndResultCrossTheNetwork() throws Exception {
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0);
             HttpSseConnector agent = HttpSseConnector.builder(server.baseUrl()).build()) {
            TurnRecorder turn = new TurnRecorder();
            agent.open(new CallSetup("tools-1", Personas.builtIns().get(0), "p", Map.of()), turn).sendTurn(
                    new CallerTurn(0, "Hi, my account number is AC-48213.",
                            Duration.ofSeconds(2)));
            AgentReply reply = turn.awaitReply(Duration.ofSeconds(10));

            assertThat(reply.toolCalls()).singleElement().satisfies(call -> {
                assertThat(call.name()).isEqualTo(SupportDeskScenarios.GET_ACCOUNT_INFO);
                assertThat(call.arguments()).isEqualTo("{\"account_number\":\"AC-48213\"}");
                assertThat(call.result()).contains("\"plan\":\"Business\"", "\"seats\":25");
                assertThat(call.error()).isEmpty();
            });
        }
    }

    @Test
    void healthAndBadRequests() throws Exception {
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(server.baseUrl().resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> bad = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                            + "/v1/chat/completions")).POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("messages");
        }
    }
}
