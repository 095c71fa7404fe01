package io.callstorm.simulate.connect.media;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.media.ScriptedMediaAgent.Behaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

class MediaStreamConnectorTest {
    private static final Persona CALLER = Personas.builtIns().get(0);
    private static final CallerTurn TURN = new CallerTurn(0, "my invoice is wrong", Duration.ofMillis(900));

    @Test
    void aTurnIsSpokenInRealTimeAndTheAgentsAnswerIsPlayedOut() throws Exception {
        try (ScriptedMediaAgent agent = new ScriptedMediaAgent(Behaviour.ANSWER, 25);
             MediaStreamConnector connector = MediaStreamConnector.builder(agent.url()).build()) {
            Events events = new Events();
            AgentCall call = connector.open(setup("call-1"), events);
            long sent = System.nanoTime();
            call.sendTurn(TURN);

            Event ended = events.next();
            assertThat(ended.kind()).isEqualTo("speechEnded");
            // the caller's speech is streamed in real time: the persona speaks for its speakingTime, then silence
            assertThat(ended.atNanos() - sent).isGreaterThan(
                    CALLER.speakingTime(4).toNanos() - TimeUnit.MILLISECONDS.toNanos(100));
            Event first = events.next();
            assertThat(first.kind()).isEqualTo("firstAudio");
            assertThat(first.atNanos()).isGreaterThan(ended.atNanos());
            Event reply = events.next();
            assertThat(reply.kind()).isEqualTo("reply");
            // 25 frames came in one burst; Twilio plays them at 8,000 bytes/s, so the reply ends ~500 ms later
            assertThat(reply.atNanos() - first.atNanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(400));
            AgentReply r = reply.reply();
            assertThat(r.text()).isEqualTo("answer to turn 0");
            assertThat(r.audioDuration()).isEqualTo(Duration.ofMillis(500));
            assertThat(r.stages()).extracting(s -> s.stage().wireName()).contains("llm_ttft", "tts_first_audio");
            assertThat(r.toolCalls()).extracting(t -> t.name()).containsExactly("get_open_tickets");
            assertThat(r.annotations()).containsEntry("llm.cache_hit", "true");

            call.hangUp();
            awaitUntil(() -> agent.count("stop") == 1);
            assertThat(agent.received.get(0).path("event").asText()).isEqualTo("connected");
            var start = agent.received.get(1);
            assertThat(start.path("event").asText()).isEqualTo("start");
            assertThat(start.path("start").path("mediaFormat").path("encoding").asText()).isEqualTo("audio/x-mulaw");
            assertThat(start.path("start").path("customParameters").path("callId").asText()).isEqualTo("call-1");
            assertThat(start.path("start").path("customParameters").path("persona").asText()).isEqualTo(CALLER.id());
            assertThat(start.path("start").path("customParameters").path("traceparent").asText())
                    .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
            // the agent opted in: the words come before the speech, numbered like every message after connected
            assertThat(agent.received).filteredOn(m -> m.path("event").asText().equals("callstorm.utterance"))
                    .singleElement().satisfies(m -> {
                        assertThat(m.path("utterance").path("text").asText()).isEqualTo(TURN.text());
                        assertThat(m.path("sequenceNumber").asText()).isNotEmpty();
                    });
            for (int i = 1; i < agent.received.size(); i++) {
                assertThat(agent.received.get(i).path("sequenceNumber").asText()).isEqualTo(Integer.toString(i));
            }
            assertThat(agent.count("media")).isGreaterThan(CALLER.speakingTime(4).toMillis() / 20);
            // the agent's mark is echoed once the audio before it has played
            assertThat(agent.received).anySatisfy(m -> assertThat(m.path("mark").path("name").asText())
                    .isEqualTo("turn-0-end"));
            assertThat(events.queue).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"SILENT, TIMEOUT", "GARBAGE, PROTOCOL", "BINARY, PROTOCOL", "CLOSE_1011, SERVER_ERROR",
            "RESET, CONNECTION_RESET", "ERROR_EVENT, RATE_LIMITED"})
    void aFaultyAgentIsAClassifiedErrorOfTheTurn(Behaviour behaviour, AgentErrorKind kind) throws Exception {
        try (ScriptedMediaAgent agent = new ScriptedMediaAgent(behaviour, 5);
             MediaStreamConnector connector = MediaStreamConnector.builder(agent.url())
                     .firstAudioTimeout(Duration.ofMillis(800)).build()) {
            Events events = new Events();
            AgentCall call = connector.open(setup("call-" + behaviour), events);
            call.sendTurn(TURN);
            assertThat(events.next().kind()).isEqualTo("speechEnded");
            Event error = events.next();
            assertThat(error.kind()).isEqualTo("error");
            assertThat(error.error().kind()).isEqualTo(kind);
            if (kind == AgentErrorKind.RATE_LIMITED) {
                assertThat(error.error().retryAfter()).contains(Duration.ofMillis(250));
            }
            call.hangUp();
        }
    }

    @Test
    void nothingListeningIsConnectionRefusedAndARetriedTurnDialsAgain() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (MediaStreamConnector connector = MediaStreamConnector.builder(
                URI.create("ws://127.0.0.1:" + port + "/media")).build()) {
            Events events = new Events();
            AgentCall call = connector.open(setup("refused"), events);
            call.sendTurn(TURN);
            Event error = events.next();
            assertThat(error.kind()).isEqualTo("error");
            assertThat(error.error().kind()).as(error.error().getMessage()).isEqualTo(AgentErrorKind.CONNECTION_REFUSED);
            call.sendTurn(TURN); // a retry dials again, and fails again the same way
            assertThat(events.next().error().kind()).isEqualTo(AgentErrorKind.CONNECTION_REFUSED);
            call.hangUp();
        }
    }

    @ParameterizedTest
    @CsvSource({"429, RATE_LIMITED", "503, SERVER_ERROR", "404, OTHER"})
    void aRefusedHandshakeIsClassifiedByItsStatus(int status, AgentErrorKind kind) throws Exception {
        WireMockServer wm = new WireMockServer(options().dynamicPort());
        wm.start();
        try (MediaStreamConnector connector = MediaStreamConnector.builder(
                URI.create("ws://127.0.0.1:" + wm.port() + "/media")).build()) {
            wm.stubFor(get(urlEqualTo("/media")).willReturn(aResponse().withStatus(status)
                    .withHeader("Retry-After", "2").withBody("busy")));
            Events events = new Events();
            AgentCall call = connector.open(setup("handshake-" + status), events);
            call.sendTurn(TURN);
            Event error = events.next();
            assertThat(error.error().kind()).isEqualTo(kind);
            assertThat(error.error().status()).hasValue(status);
            if (status == 429) {
                assertThat(error.error().retryAfter()).contains(Duration.ofSeconds(2));
            }
            call.hangUp();
        } finally {
            wm.stop();
        }
    }

    @Test
    void aCallerTalkingOverTheAgentExpectsAClear() throws Exception {
        try (ScriptedMediaAgent agent = new ScriptedMediaAgent(Behaviour.CLEAR_ON_SPEECH, 150);
             MediaStreamConnector connector = MediaStreamConnector.builder(agent.url())
                     .bargeIn(1.0, Duration.ofMillis(300)).build()) {
            Events events = new Events();
            AgentCall call = connector.open(setup("barge-in"), events);
            call.sendTurn(TURN);
            assertThat(events.next().kind()).isEqualTo("speechEnded");
            Event first = events.next();
            assertThat(first.kind()).isEqualTo("firstAudio");
            Event reply = events.next();
            assertThat(reply.kind()).isEqualTo("reply");
            // cut short by the clear: far less than the 3 s the agent queued, plus its 200 ms answer to the interjection
            assertThat(reply.reply().audioDuration()).isLessThan(Duration.ofMillis(2500));
            assertThat(reply.reply().annotations()).containsKey("barge_in.clear_ms");
            assertThat(Long.parseLong(reply.reply().annotations().get("barge_in.clear_ms"))).isBetween(0L, 1500L);
            // the reply ends only once the agent answered what the caller said over it
            assertThat(reply.reply().annotations()).containsKey("barge_in.answer_ms")
                    .doesNotContainKeys("barge_in.unanswered", "barge_in.ignored");
            assertThat(agent.received).filteredOn(m -> m.path("utterance").path("interruption").asBoolean())
                    .singleElement().satisfies(m -> assertThat(m.path("utterance").path("text").asText())
                            .isEqualTo(MediaStreamConnector.DEFAULT_INTERJECTION));
            call.hangUp();
        }
    }

    @Test
    void anAgentThatDoesNotOptInGetsTwilioMessagesOnlyAndIsMeasuredFromItsAudio() throws Exception {
        try (ScriptedMediaAgent agent = new ScriptedMediaAgent(Behaviour.ANSWER, 25, true);
             MediaStreamConnector connector = MediaStreamConnector.builder(agent.url()).build()) {
            Events events = new Events();
            AgentCall call = connector.open(setup("twilio-only"), events);
            call.sendTurn(TURN);
            Event ended = events.next();
            assertThat(ended.kind()).isEqualTo("speechEnded");
            Event first = events.next();
            assertThat(first.kind()).isEqualTo("firstAudio");
            assertThat(first.atNanos()).isGreaterThan(ended.atNanos());
            Event reply = events.next();
            assertThat(reply.kind()).isEqualTo("reply");
            // no transcript: no words, but the audio's length and the end mark still make the reply
            assertThat(reply.reply().text()).isEmpty();
            assertThat(reply.reply().audioDuration()).isEqualTo(Duration.ofMillis(500));
            call.hangUp();
            awaitUntil(() -> agent.count("stop") == 1);
            assertThat(agent.received).extracting(m -> m.path("event").asText())
                    .allMatch(e -> !e.startsWith("callstorm."), "Twilio's events only")
                    .contains("connected", "start", "media", "mark", "stop");
        }
    }

    @Test
    void withExtensionsOffTheHandshakeOffersNothingAndAnOptingInAgentGetsNoExtensionEvents() throws Exception {
        try (ScriptedMediaAgent agent = new ScriptedMediaAgent(Behaviour.ANSWER, 10);
             MediaStreamConnector connector = MediaStreamConnector.builder(agent.url())
                     .callstormExtensions(false).build()) {
            Events events = new Events();
            AgentCall call = connector.open(setup("no-extensions"), events);
            call.sendTurn(TURN);
            assertThat(events.next().kind()).isEqualTo("speechEnded");
            assertThat(events.next().kind()).isEqualTo("firstAudio");
            Event reply = events.next();
            // the agent's transcript is not read either: the stream is plain Twilio both ways
            assertThat(reply.reply().text()).isEmpty();
            call.hangUp();
            awaitUntil(() -> agent.count("stop") == 1);
            assertThat(agent.count("callstorm.utterance")).isZero();
        }
    }

    private static CallSetup setup(String id) {
        return new CallSetup(id, CALLER, "billing", Map.of("persona", CALLER.id(), "path", "billing"));
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    record Event(String kind, int turn, long atNanos, AgentReply reply, AgentException error) {
    }

    static final class Events implements AgentCallListener {
        final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

        Event next() throws InterruptedException {
            Event e = queue.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event within 10 s").isNotNull();
            return e;
        }

        @Override
        public void onSpeechEnded(int turnIndex, long atNanos) {
            queue.add(new Event("speechEnded", turnIndex, atNanos, null, null));
        }

        @Override
        public void onFirstAudio(int turnIndex, long atNanos) {
            queue.add(new Event("firstAudio", turnIndex, atNanos, null, null));
        }

        @Override
        public void onReply(AgentReply reply) {
            queue.add(new Event("reply", reply.turnIndex(), System.nanoTime(), reply, null));
        }

        @Override
        public void onError(int turnIndex, AgentException error) {
            queue.add(new Event("error", turnIndex, System.nanoTime(), null, error));
        }
    }
}
