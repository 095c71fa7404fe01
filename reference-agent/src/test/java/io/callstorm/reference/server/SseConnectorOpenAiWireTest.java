package io.callstorm.reference.server;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import io.callstorm.core.persona.Personas;
import io.callstorm.reference.ReferenceAgentConfig;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.http.HttpSseConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSE connector as a peer of OpenAI, judged by the official SDK's own models: every request the connector sends
 * is one that {@link ChatCompletionCreateParams} reads and validates with nothing left over but {@code stream}, and
 * every event serve-agent streams back to it is a {@link ChatCompletionChunk} the SDK validates.
 *
 * <p>The connector talks to a real serve-agent through a recording proxy (WireMock), so the bodies judged are the
 * ones that crossed the wire in a working two-turn call, including the history the connector re-sends. The SDK
 * itself never talks to the connector (both are clients); {@link OfficialOpenAiClientTest} drives serve-agent with
 * the SDK's client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SseConnectorOpenAiWireTest {
    private static final String SYSTEM = "You are the support desk of Acme.";

    @Test
    @SuppressWarnings("deprecation") // _additionalProperties(): exactly the fields the SDK's model does not declare
    void theConnectorsRequestsAreOnesOpenAisRequestModelAccepts() throws Exception {
        WireMockServer proxy = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0)) {
            proxy.start();
            proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(server.baseUrl().toString())));
            Replies replies = new Replies();
            try (HttpSseConnector agent = HttpSseConnector.builder(URI.create(proxy.baseUrl()))
                    // a model in OpenAI's catalogue: validate() checks the name against it, and the wire is what is
                    // judged here
                    .model("gpt-4o-mini").systemPrompt(SYSTEM).build()) {
                AgentCall call = agent.open(new CallSetup("wire-1", Personas.builtIns().get(0), "p", Map.of()),
                        replies);
                call.sendTurn(new CallerTurn(0, "Hi, my account number is AC-48213.", Duration.ofSeconds(2)));
                assertThat(replies.next().text()).isNotBlank();
                call.sendTurn(new CallerTurn(1, "Why was I charged twice this month?", Duration.ofSeconds(2)));
                assertThat(replies.next().text()).isNotBlank();
                call.hangUp();
            }

            List<ServeEvent> exchanges = new ArrayList<>(proxy.getAllServeEvents());
            exchanges.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
            assertThat(exchanges).hasSize(2);
            for (int turn = 0; turn < exchanges.size(); turn++) {
                ServeEvent e = exchanges.get(turn);
                ChatCompletionCreateParams.Body body = ObjectMappers.jsonMapper()
                        .readValue(e.getRequest().getBodyAsString(), ChatCompletionCreateParams.Body.class);
                body.validate(); // every field the SDK knows has the type OpenAI's API gives it
                // nothing the SDK does not know but stream, which its own client adds the same way
                assertThat(body._additionalProperties()).containsOnlyKeys("stream");
                assertThat(body._additionalProperties().get("stream")).isEqualTo(JsonValue.from(true));
                assertThat(body.model().asString()).isEqualTo("gpt-4o-mini");
                List<ChatCompletionMessageParam> messages = body.messages();
                assertThat(messages).hasSize(2 + 2 * turn);
                assertThat(messages.get(0).isSystem()).isTrue();
                assertThat(messages.get(0).asSystem().content().text()).hasValue(SYSTEM);
                assertThat(messages.get(messages.size() - 1).isUser()).isTrue();
                if (turn == 1) {
                    // the answered turn is re-sent as history: the caller's words, then the agent's as an
                    // assistant message that OpenAI's model reads
                    assertThat(messages.get(1).asUser().content().text()).hasValue("Hi, my account number is AC-48213.");
                    assertThat(messages.get(2).isAssistant()).isTrue();
                    assertThat(messages.get(2).asAssistant().content().orElseThrow().text()).isPresent();
                }

                List<String> events = dataLines(e.getResponse().getBodyAsString());
                assertThat(events).last().isEqualTo("[DONE]");
                for (String data : events.subList(0, events.size() - 1)) {
                    ObjectMappers.jsonMapper().readValue(data, ChatCompletionChunk.class).validate();
                }
            }
        } finally {
            proxy.stop();
        }
    }

    private static List<String> dataLines(String sse) {
        List<String> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(line.substring("data: ".length()));
            }
        }
        return out;
    }

    /** A call's replies in order; its error, thrown, when a turn failed. */
    private static final class Replies implements AgentCallListener {
        private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

        @Override
        public void onFirstAudio(int turnIndex, long atNanos) {
        }

        @Override
        public void onReply(AgentReply reply) {
            events.add(reply);
        }

        @Override
        public void onError(int turnIndex, AgentException error) {
            events.add(error);
        }

        AgentReply next() throws Exception {
            Object e = events.poll(15, TimeUnit.SECONDS);
            if (e instanceof AgentException error) {
                throw error;
            }
            assertThat(e).as("a reply within 15 s").isInstanceOf(AgentReply.class);
            return (AgentReply) e;
        }
    }
}
