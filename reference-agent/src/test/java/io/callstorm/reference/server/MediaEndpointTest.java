package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.core.persona.Personas;
import io.callstorm.simulate.connect.media.MuLaw;
import io.callstorm.reference.ReferenceAgentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The served agent's media-stream WebSocket, driven by the JDK's WebSocket client as Twilio's side. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MediaEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SID = "MZtest0001";
    /** Words that the reference agent does not understand: its shortest answer, about 4 s of speech. */
    private static final String UNCLEAR = "Hello there.";

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private ReferenceAgentServer server(ReferenceAgentConfig config) throws Exception {
        ReferenceAgentServer server = ReferenceAgentServer.start(config, 0);
        open.add(server);
        return server;
    }

    /** A caller that offers Callstorm's events, as Callstorm's connector does. */
    private Caller caller(ReferenceAgentServer server) {
        return caller(server, true);
    }

    private Caller caller(ReferenceAgentServer server, boolean offerExtensions) {
        Caller c = new Caller();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (offerExtensions) {
            builder.header("X-Callstorm-Extensions", "v1");
        }
        c.ws = builder.buildAsync(server.mediaUrl(), c).join();
        open.add(() -> c.ws.abort());
        return c;
    }

    @Test
    void answersATurnWithATranscriptThenRealTimeAudioAndAnEndMark() throws Exception {
        ReferenceAgentServer server = server(ReferenceAgentConfig.defaults());
        assertThat(server.mediaUrl().toString()).isEqualTo("ws://127.0.0.1:" + server.port() + "/media");
        Caller c = caller(server);
        c.begin("media-call-1");
        c.says(0, UNCLEAR, 50);

        // everything up to the end mark: the transcript comes when the reply is known, while the voice plays
        List<Received> media = new ArrayList<>();
        Received transcript = null;
        Received mark;
        while (true) {
            Received m = c.next(x -> true, 15);
            if (m.event().equals("mark")) {
                mark = m;
                break;
            } else if (m.event().equals("callstorm.transcript")) {
                transcript = m;
            } else if (m.event().equals("media")) {
                assertThat(m.json().path("streamSid").asText()).isEqualTo(SID);
                assertThat(Base64.getDecoder().decode(m.json().path("media").path("payload").asText()))
                        .hasSize(MuLaw.FRAME_BYTES);
                media.add(m);
            } else {
                fail("unexpected " + m.json());
            }
        }
        assertThat(transcript).as("transcript before the end mark").isNotNull();
        JsonNode t = transcript.json().path("transcript");
        assertThat(t.path("turn").asInt()).isZero();
        assertThat(t.path("role").asText()).isEqualTo("agent");
        assertThat(t.path("text").asText()).isNotBlank();
        assertThat(t.path("final").asBoolean()).isTrue();
        assertThat(t.path("server_timing").asText()).contains("llm;dur=");
        assertThat(t.path("annotations").isObject()).isTrue();
        assertThat(t.path("tool_results").isArray()).isTrue();
        assertThat(transcript.json().path("streamSid").asText()).isEqualTo(SID);
        assertThat(mark.json().path("mark").path("name").asText()).isEqualTo("turn-0-end");
        // a reply of a few seconds, streamed at real time: 1 s of audio (50 frames) takes most of a second
        assertThat(media.size()).isGreaterThan(100);
        long firstSecondMs = (media.get(50).atNanos() - media.get(0).atNanos()) / 1_000_000;
        assertThat(firstSecondMs).as("ms for 50 frames").isGreaterThanOrEqualTo(600);
        // the voice is voiced: most frames are above the speech level of the caller-side detector
        long loud = media.stream().filter(m -> {
            byte[] b = Base64.getDecoder().decode(m.json().path("media").path("payload").asText());
            return MuLaw.meanAmplitude(b, 0, b.length) > MediaSession.SPEECH_LEVEL;
        }).count();
        assertThat(loud).isGreaterThan(media.size() / 2);
    }

    @Test
    void speakingOverTheAgentClearsItsAudioAndTheInterjectionIsAnswered() throws Exception {
        ReferenceAgentServer server = server(ReferenceAgentConfig.defaults());
        Caller c = caller(server);
        c.begin("media-call-2");
        c.says(0, UNCLEAR, 25);
        c.next(m -> m.event().equals("media"), 15);
        // the caller talks over the agent's voice with its next turn
        c.send(utterance(1, "Okay, that makes sense."));
        c.speech(5);
        Received clear = c.next(m -> m.event().equals("clear"), 5);
        assertThat(clear.json().path("streamSid").asText()).isEqualTo(SID);
        c.silence(12);
        Received answer = c.next(m -> m.event().equals("callstorm.transcript")
                && m.json().path("transcript").path("turn").asInt() == 1, 15);
        assertThat(answer.json().path("transcript").path("text").asText()).isNotBlank();
    }

    @Test
    void aCallerThatOffersNoExtensionsIsAnsweredInTwilioMessagesOnly() throws Exception {
        ReferenceAgentServer server = server(ReferenceAgentConfig.defaults());
        Caller c = caller(server, false);
        c.begin("media-call-twilio");
        c.send(utterance(0, UNCLEAR)); // not agreed: ignored, the agent hears audio only
        c.speech(25);
        c.silence(12);
        List<String> events = new ArrayList<>();
        Received m;
        do {
            m = c.next(x -> true, 15);
            events.add(m.event());
        } while (!m.event().equals("mark"));
        assertThat(m.json().path("mark").path("name").asText()).isEqualTo("turn-0-end");
        c.send("{\"event\":\"stop\",\"sequenceNumber\":\"9\",\"streamSid\":\"" + SID + "\","
                + "\"stop\":{\"accountSid\":\"ACcallstorm\",\"callSid\":\"CAtest\"}}");
        await(() -> server.openSessions() == 0);
        for (Received r; (r = c.in.poll()) != null; ) {
            events.add(r.event());
        }
        assertThat(events).allMatch(e -> e.equals("media") || e.equals("mark"), "Twilio's events only");
    }

    @Test
    void aRateLimitedTurnIsACallstormError() throws Exception {
        ReferenceAgentConfig starved = ReferenceAgentConfig.defaults().toBuilder().llmTokenBudgetPerSecond(1).build();
        ReferenceAgentServer server = server(starved);
        Caller c = caller(server);
        c.begin("media-call-3");
        c.says(0, UNCLEAR, 25);
        JsonNode error = c.next(m -> m.event().equals("callstorm.error"), 15).json().path("error");
        assertThat(error.path("turn").asInt()).isZero();
        assertThat(error.path("type").asText()).isEqualTo("rate_limit");
        assertThat(error.path("status").asInt()).isEqualTo(429);
        assertThat(error.path("stage").asText()).isEqualTo("llm_ttft");
        assertThat(error.path("retry_after_ms").asLong()).isPositive();
    }

    @Test
    void textThatIsNotJsonClosesTheStreamWith1007() throws Exception {
        ReferenceAgentServer server = server(ReferenceAgentConfig.defaults());
        Caller c = caller(server);
        c.send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        c.send("this is not JSON");
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1007);
        // the server carries on
        Caller other = caller(server);
        other.begin("media-call-4");
        await(() -> server.openSessions() == 1);
    }

    @Test
    void stopOrADroppedConnectionEndsTheSession() throws Exception {
        ReferenceAgentServer server = server(ReferenceAgentConfig.defaults());
        Caller stopping = caller(server);
        stopping.begin("media-call-5");
        Caller dropping = caller(server);
        dropping.begin("media-call-6");
        await(() -> server.openSessions() == 2);
        stopping.send("{\"event\":\"stop\",\"sequenceNumber\":\"3\",\"streamSid\":\"" + SID + "\","
                + "\"stop\":{\"accountSid\":\"ACcallstorm\",\"callSid\":\"CAtest\"}}");
        await(() -> server.openSessions() == 1);
        dropping.ws.abort();
        await(() -> server.openSessions() == 0);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within 5 s");
            }
            Thread.sleep(20);
        }
    }

    private static String utterance(int turn, String text) {
        return "{\"event\":\"callstorm.utterance\",\"streamSid\":\"" + SID + "\",\"utterance\":{\"turn\":" + turn
                + ",\"text\":" + JSON.getNodeFactory().textNode(text) + ",\"speechMs\":1000}}";
    }

    /** A 220 Hz tone at a speaking level, one 20 ms frame of it. */
    private static byte[] toneFrame(int index) {
        short[] pcm = new short[MuLaw.FRAME_BYTES];
        for (int i = 0; i < pcm.length; i++) {
            double t = (double) (index * MuLaw.FRAME_BYTES + i) / MuLaw.SAMPLE_RATE;
            pcm[i] = (short) Math.round(8_000 * Math.sin(2 * Math.PI * 220 * t));
        }
        return MuLaw.encode(pcm);
    }

    record Received(JsonNode json, long atNanos) {
        String event() {
            return json.path("event").asText();
        }
    }

    /** Twilio's side of a stream: sends in order, keeps what arrives with its arrival time. */
    static final class Caller implements WebSocket.Listener {
        final BlockingQueue<Received> in = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;
        private int sequence;
        private int chunk;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    in.add(new Received(JSON.readTree(partial.toString()), System.nanoTime()));
                } catch (Exception e) {
                    closed.completeExceptionally(e);
                }
                partial.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            closed.completeExceptionally(new AssertionError("binary frame from the agent"));
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        void send(String text) {
            sequence++;
            ws.sendText(text, true).join();
        }

        void begin(String callId) {
            send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
            send("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"" + SID + "\",\"start\":{"
                    + "\"accountSid\":\"ACcallstorm\",\"callSid\":\"CAtest\",\"streamSid\":\"" + SID + "\","
                    + "\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,"
                    + "\"channels\":1},\"customParameters\":{\"callId\":\"" + callId + "\",\"persona\":\""
                    + Personas.builtIns().get(0).id() + "\",\"path\":\"media-test\"}}}");
        }

        /** Announces a turn, speaks for {@code frames} frames, then the silence that ends it. */
        void says(int turn, String text, int frames) {
            send(utterance(turn, text));
            speech(frames);
            silence(12);
        }

        void speech(int frames) {
            for (int i = 0; i < frames; i++) {
                media(toneFrame(chunk));
            }
        }

        void silence(int frames) {
            byte[] quiet = new byte[MuLaw.FRAME_BYTES];
            java.util.Arrays.fill(quiet, MuLaw.SILENCE);
            for (int i = 0; i < frames; i++) {
                media(quiet);
            }
        }

        private void media(byte[] frame) {
            chunk++;
            send("{\"event\":\"media\",\"sequenceNumber\":\"" + (sequence + 1) + "\",\"streamSid\":\"" + SID
                    + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\"" + chunk + "\",\"timestamp\":\""
                    + chunk * MuLaw.FRAME_MILLIS + "\",\"payload\":\"" + Base64.getEncoder().encodeToString(frame)
                    + "\"}}");
        }

        /** The next message that matches, skipping others; fails after {@code seconds}. */
        Received next(Predicate<Received> match, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                long left = deadline - System.nanoTime();
                Received r = left > 0 ? in.poll(left, TimeUnit.NANOSECONDS) : null;
                if (r == null) {
                    return fail("no matching message within " + seconds + " s; closed: " + closed);
                }
                if (match.test(r)) {
                    return r;
                }
            }
        }
    }
}
