package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference agent served over loopback HTTP, driven by the streaming HTTP connector. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReferenceAgentServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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
    void withoutStreamTrueTheAnswerIsOneChatCompletionObject() throws Exception {
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0)) {
            // absent means false, as with OpenAI: a client that does not ask for a stream gets none
            for (String stream : new String[] {"", "\"stream\":false,", "\"stream\":null,"}) {
                HttpResponse<String> r = post(server, "{\"model\":\"m\"," + stream
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi, my account number is AC-48213.\"}]}",
                        "shape-" + stream.length());
                assertThat(r.statusCode()).as(stream).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
                JsonNode body = JSON.readTree(r.body());
                // OpenAI's chat.completion, field for field; callstorm is the extension other clients ignore
                assertThat(names(body)).containsExactly("id", "object", "created", "model", "choices", "usage",
                        "callstorm");
                assertThat(body.path("object").asText()).isEqualTo("chat.completion");
                assertThat(body.path("model").asText()).isEqualTo("m");
                JsonNode choice = body.path("choices").path(0);
                assertThat(body.path("choices")).hasSize(1);
                assertThat(names(choice)).containsExactly("index", "message", "logprobs", "finish_reason");
                assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
                JsonNode message = choice.path("message");
                assertThat(names(message)).containsExactly("role", "content", "refusal", "tool_calls");
                assertThat(message.path("role").asText()).isEqualTo("assistant");
                JsonNode call = message.path("tool_calls").path(0);
                assertThat(names(call)).containsExactly("id", "type", "function");
                assertThat(call.path("type").asText()).isEqualTo("function");
                assertThat(names(call.path("function"))).containsExactly("name", "arguments");
                assertThat(call.path("function").path("arguments").asText())
                        .isEqualTo("{\"account_number\":\"AC-48213\"}");
                assertThat(names(body.path("usage"))).containsExactly("prompt_tokens", "completion_tokens",
                        "total_tokens");
                assertThat(body.path("callstorm").path("tool_results").path(0).path("result").asText())
                        .contains("\"plan\":\"Business\"");
            }
        }
    }

    @Test
    void streamTrueIsTheSseStream() throws Exception {
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0)) {
            HttpResponse<String> r = post(server,
                    "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello there.\"}]}", "sse-1");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            assertThat(r.body()).startsWith("data: {").contains("\"object\":\"chat.completion.chunk\"")
                    .contains("\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void healthAndBadRequests() throws Exception {
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(server.baseUrl().resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> bad = post(server, "{\"messages\":[]}", "bad-1");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("messages");
            // OpenAI's error shape: message, type, param, code
            JsonNode error = JSON.readTree(bad.body()).path("error");
            assertThat(names(error)).containsExactly("message", "type", "param", "code");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("code").asText()).isEqualTo("empty_array");

            JsonNode notJson = JSON.readTree(post(server, "{\"messages\": [", "bad-2").body()).path("error");
            assertThat(notJson.path("code").asText()).isEqualTo("invalid_json");
            assertThat(notJson.path("param").isNull()).isTrue();
            HttpResponse<String> badStream = post(server,
                    "{\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "bad-3");
            assertThat(badStream.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(badStream.body()).path("error").path("param").asText()).isEqualTo("stream");

            HttpResponse<String> missing = client.send(HttpRequest.newBuilder(server.baseUrl().resolve("/v1/models"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(missing.body()).path("error").path("message").asText())
                    .isEqualTo("Invalid URL (GET /v1/models)");
        }
    }

    private static HttpResponse<String> post(ReferenceAgentServer server, String body, String session)
            throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + "/v1/chat/completions")).header("X-Callstorm-Session", session)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
