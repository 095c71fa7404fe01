package io.callstorm.simulate.connect.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.callstorm.core.Stage;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.StageTiming;
import io.callstorm.simulate.connect.TurnRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming HTTP connector against WireMock: a well-formed stream, and each fault classified. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpSseConnectorTest {
    private static final String PATH = "/v1/chat/completions";
    private WireMockServer wm;
    private HttpSseConnector connector;

    @BeforeEach
    void start() {
        wm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        wm.stop();
    }

    private HttpSseConnector connector(Duration firstToken, Duration turn) {
        connector = HttpSseConnector.builder(URI.create(wm.baseUrl()))
                .model("test-model")
                .bearerToken("sk-secret")
                .header("X-Api-Version", "7")
                .firstTokenTimeout(firstToken)
                .turnTimeout(turn)
                .build();
        return connector;
    }

    private static String sse(String... data) {
        StringBuilder sb = new StringBuilder(": keep-alive\n\n");
        for (String d : data) {
            sb.append("data: ").append(d).append("\n\n");
        }
        return sb.toString();
    }

    private static String content(String text) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}";
    }

    private void stub(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(response));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder stream(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    @Test
    void streamsAReplyWithFirstTokenToolCallsAndServerTiming() throws Exception {
        stub(stream(sse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_open_\",\"arguments\":\"{\\\"acc\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                        + "\"function\":{\"name\":\"tickets\",\"arguments\":\"ount\\\":1}\"}}]}}]}",
                content("Let me check."), content(" Your ticket is open."),
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "[DONE]"))
                .withHeader("Server-Timing", "stt;dur=120.5, llm;dur=250, tts;dur=90, tool;dur=180;desc=\"get_open_tickets\""));
        TurnRecorder rec = new TurnRecorder();
        AgentCall call = connector(Duration.ofSeconds(5), Duration.ofSeconds(10)).open(setup("call-1"), rec);
        long sent = System.nanoTime();
        call.sendTurn(new CallerTurn(0, "Is my ticket open?", Duration.ofMillis(1200)));

        AgentReply reply = rec.reply.get(10, TimeUnit.SECONDS);
        assertThat(reply.turnIndex()).isZero();
        assertThat(reply.text()).isEqualTo("Let me check. Your ticket is open.");
        assertThat(reply.audioDuration().toMillis()).isEqualTo(Math.round(7 * 60_000.0 / 165));
        assertThat(reply.toolCalls()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("get_open_tickets");
            assertThat(t.status()).isEqualTo(ToolCallStatus.OK);
            assertThat(t.durationMillis()).isEqualTo(180);
            assertThat(t.arguments()).isEqualTo("{\"account\":1}"); // assembled from its two deltas
        });
        assertThat(reply.stages()).containsExactly(new StageTiming(Stage.STT_TTFT, 120_500),
                new StageTiming(Stage.LLM_TTFT, 250_000), new StageTiming(Stage.TTS_FIRST_AUDIO, 90_000),
                new StageTiming(Stage.TOOL_CALL, 180_000));
        long firstAudio = rec.firstAudio.get(1, TimeUnit.SECONDS);
        assertThat(firstAudio).isGreaterThan(sent);
        assertThat(rec.error).isNotDone();

        wm.verify(postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer sk-secret"))
                .withHeader("X-Api-Version", equalTo("7"))
                .withHeader("Accept", equalTo("text/event-stream"))
                .withHeader("X-Callstorm-Session", equalTo("call-1"))
                .withHeader("traceparent", matching("00-[0-9a-f]{32}-[0-9a-f]{16}-01"))
                .withRequestBody(containing("\"stream\":true"))
                .withRequestBody(containing("\"model\":\"test-model\""))
                .withRequestBody(containing("Is my ticket open?")));
    }

    @Test
    void keepsTheHistoryOfAnsweredTurns() throws Exception {
        stub(stream(sse(content("Hello there."), "[DONE]")));
        java.util.concurrent.LinkedBlockingQueue<AgentReply> replies = new java.util.concurrent.LinkedBlockingQueue<>();
        AgentCallListener listener = new TurnRecorder() {
            @Override
            public void onReply(AgentReply r) {
                replies.add(r);
            }
        };
        AgentCall call = connector(Duration.ofSeconds(5), Duration.ofSeconds(10)).open(setup("c"), listener);
        call.sendTurn(new CallerTurn(0, "First question", Duration.ofMillis(500)));
        assertThat(replies.poll(5, TimeUnit.SECONDS)).isNotNull();
        call.sendTurn(new CallerTurn(1, "Second question", Duration.ofMillis(500)));
        assertThat(replies.poll(5, TimeUnit.SECONDS)).isNotNull();
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("X-Callstorm-Turn", equalTo("1"))
                .withRequestBody(containing(
                "[{\"role\":\"user\",\"content\":\"First question\"},{\"role\":\"assistant\",\"content\":"
                        + "\"Hello there.\"},{\"role\":\"user\",\"content\":\"Second question\"}]")));
    }

    @Test
    void callstormExtensionCarriesTimingAnnotationsAndToolResults() throws Exception {
        stub(stream(sse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],"
                        + "\"callstorm\":{\"first_audio\":true}}",
                content("One moment."),
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"callstorm\":{"
                        + "\"server_timing\":\"stt;dur=100, llm;dur=300, tool;dur=2500;desc=\\\"get_billing_status\\\"\","
                        + "\"annotations\":{\"llm.cache_hit\":\"false\"},"
                        + "\"tool_results\":[{\"name\":\"get_billing_status\",\"status\":\"TIMEOUT\",\"durationMs\":2500,"
                        + "\"attempts\":2}]}}",
                "[DONE]")));
        TurnRecorder rec = new TurnRecorder();
        connector(Duration.ofSeconds(5), Duration.ofSeconds(10)).open(setup("x"), rec)
                .sendTurn(new CallerTurn(0, "Bill?", Duration.ofMillis(300)));
        AgentReply reply = rec.reply.get(5, TimeUnit.SECONDS);
        assertThat(reply.annotations()).containsEntry("llm.cache_hit", "false");
        assertThat(reply.toolCalls()).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo(ToolCallStatus.TIMEOUT);
            assertThat(t.attempts()).isEqualTo(2);
        });
        assertThat(reply.stages()).contains(new StageTiming(Stage.TOOL_CALL, 2_500_000));
    }

    @Test
    void connectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        connector = HttpSseConnector.builder(URI.create("http://127.0.0.1:" + port)).build();
        assertThat(errorOf(connector)).satisfies(e -> assertThat(e.kind()).isEqualTo(AgentErrorKind.CONNECTION_REFUSED));
    }

    @Test
    void connectionResetByPeer() throws Exception {
        stub(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertThat(errorOf(connector(Duration.ofSeconds(5), Duration.ofSeconds(10))).kind())
                .isEqualTo(AgentErrorKind.CONNECTION_RESET);
    }

    @Test
    void resetMidStream() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[8192];
                    in.read(buf); // the request (small enough for one read)
                    OutputStream out = s.getOutputStream();
                    String chunk = "data: " + content("Hello") + "\n\n";
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(200);
                    s.setSoLinger(true, 0); // close with RST
                } catch (IOException | InterruptedException ignored) {
                    // the test sees what the client saw
                }
            });
            peer.start();
            connector = HttpSseConnector.builder(URI.create("http://127.0.0.1:" + server.getLocalPort())).build();
            TurnRecorder rec = new TurnRecorder();
            connector.open(setup("r"), rec).sendTurn(new CallerTurn(0, "Hi", Duration.ofMillis(100)));
            AgentException e = rec.error.get(10, TimeUnit.SECONDS);
            assertThat(rec.firstAudio).isDone(); // the first token came before the reset
            assertThat(e.kind()).isEqualTo(AgentErrorKind.CONNECTION_RESET);
            peer.join(5_000);
        }
    }

    @Test
    void turnsOfACallShareOneKeptAliveConnection() throws Exception {
        try (ScriptedServer server = new ScriptedServer(false)) {
            connector = HttpSseConnector.builder(URI.create("http://127.0.0.1:" + server.port())).build();
            java.util.concurrent.LinkedBlockingQueue<AgentReply> replies = new java.util.concurrent.LinkedBlockingQueue<>();
            AgentCall call = connector.open(setup("k"), new TurnRecorder() {
                @Override
                public void onReply(AgentReply r) {
                    replies.add(r);
                }
            });
            for (int i = 0; i < 3; i++) {
                call.sendTurn(new CallerTurn(i, "Turn " + i, Duration.ofMillis(100)));
                assertThat(replies.poll(5, TimeUnit.SECONDS)).as("turn " + i).isNotNull();
            }
            assertThat(server.connections.get()).isEqualTo(1);
            assertThat(server.requests.get()).isEqualTo(3);
        }
    }

    @Test
    void aKeptAliveConnectionTheAgentClosedIsReplacedOnceWithoutAnError() throws Exception {
        // each connection answers once, then closes when the next request arrives, before any byte of response
        try (ScriptedServer server = new ScriptedServer(true)) {
            connector = HttpSseConnector.builder(URI.create("http://127.0.0.1:" + server.port())).build();
            java.util.concurrent.LinkedBlockingQueue<AgentReply> replies = new java.util.concurrent.LinkedBlockingQueue<>();
            java.util.concurrent.LinkedBlockingQueue<AgentException> errors = new java.util.concurrent.LinkedBlockingQueue<>();
            AgentCall call = connector.open(setup("d"), new TurnRecorder() {
                @Override
                public void onReply(AgentReply r) {
                    replies.add(r);
                }

                @Override
                public void onError(int turnIndex, AgentException e) {
                    errors.add(e);
                }
            });
            for (int i = 0; i < 3; i++) {
                call.sendTurn(new CallerTurn(i, "Turn " + i, Duration.ofMillis(100)));
                assertThat(replies.poll(5, TimeUnit.SECONDS)).as("turn " + i).isNotNull();
            }
            assertThat(errors).isEmpty();
            assertThat(server.requests.get()).isEqualTo(3);
            assertThat(server.connections.get()).isEqualTo(3);
        }
    }

    /**
     * Answers every POST with a chunked SSE stream on a kept-alive connection; with {@code dropAfterAnswer}, it
     * answers one request per connection and closes it when the next one arrives (the race of a kept-alive
     * connection the agent closes as the client reuses it).
     */
    private static final class ScriptedServer implements AutoCloseable {
        final ServerSocket socket;
        final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread acceptor;

        ScriptedServer(boolean dropAfterAnswer) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        connections.incrementAndGet();
                        Thread t = new Thread(() -> serve(s, dropAfterAnswer));
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(Socket s, boolean dropAfterAnswer) {
            try (s) {
                java.io.BufferedInputStream in = new java.io.BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                boolean answered = false;
                while (true) {
                    int length = 0;
                    String line;
                    boolean any = false;
                    while (!(line = readLine(in)).isEmpty()) {
                        any = true;
                        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    if (!any) {
                        return;
                    }
                    in.readNBytes(length);
                    if (dropAfterAnswer && answered) {
                        return;
                    }
                    answered = true;
                    requests.incrementAndGet();
                    String chunk = "data: " + content("Hello") + "\n\ndata: [DONE]\n\n";
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException ignored) {
                // the client closed
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void rateLimitedWithRetryAfter() throws Exception {
        stub(aResponse().withStatus(429).withHeader("Retry-After", "2")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}"));
        AgentException e = errorOf(connector(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertThat(e.kind()).isEqualTo(AgentErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(e.status()).hasValue(429);
        assertThat(e.getMessage()).contains("Rate limit reached");
    }

    @Test
    void serverErrorKeepsItsStatus() throws Exception {
        stub(aResponse().withStatus(503).withBody("upstream unavailable"));
        AgentException e = errorOf(connector(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertThat(e.kind()).isEqualTo(AgentErrorKind.SERVER_ERROR);
        assertThat(e.status()).hasValue(503);
        assertThat(e.getMessage()).contains("upstream unavailable");
    }

    @Test
    void slowFirstByteTimesOut() throws Exception {
        stub(stream(sse(content("late"), "[DONE]")).withFixedDelay(3_000));
        AgentException e = errorOf(connector(Duration.ofMillis(300), Duration.ofSeconds(10)));
        assertThat(e.kind()).isEqualTo(AgentErrorKind.TIMEOUT);
        assertThat(e.getMessage()).contains("first token");
    }

    @Test
    void agentSilenceMidStreamTimesOut() throws Exception {
        stub(stream(sse(content("Let me see"), content(" ..."), content(" done"), "[DONE]"))
                .withChunkedDribbleDelay(4, 4_000));
        // the first token may come with the first dribble; either way the silence after it ends the turn
        AgentException e = errorOf(connector(Duration.ofMillis(800), Duration.ofMillis(800)));
        assertThat(e.kind()).isEqualTo(AgentErrorKind.TIMEOUT);
    }

    @Test
    void malformedJsonIsAProtocolError() throws Exception {
        stub(stream(sse(content("ok"), "{\"choices\":[{\"delta\":", "[DONE]")));
        AgentException e = errorOf(connector(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertThat(e.kind()).isEqualTo(AgentErrorKind.PROTOCOL);
        assertThat(e.getMessage()).contains("malformed JSON");
    }

    @Test
    void wrongContentTypeIsAProtocolError() throws Exception {
        stub(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>login</html>"));
        assertThat(errorOf(connector(Duration.ofSeconds(5), Duration.ofSeconds(10))).kind())
                .isEqualTo(AgentErrorKind.PROTOCOL);
    }

    @Test
    void closedBeforeDoneIsAConnectionReset() throws Exception {
        stub(stream(sse(content("Half an ans"))));
        AgentException e = errorOf(connector(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertThat(e.kind()).isEqualTo(AgentErrorKind.CONNECTION_RESET);
        assertThat(e.getMessage()).contains("[DONE]");
    }

    @Test
    void anHtmlPageWithNoContentTypeIsAProtocolErrorNotACutStream() throws Exception {
        stub(aResponse().withStatus(200).withBody("<!DOCTYPE html>\n<html><body>Sign in</body></html>\n"));
        AgentException e = errorOf(connector(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertThat(e.kind()).isEqualTo(AgentErrorKind.PROTOCOL);
        assertThat(e.status()).hasValue(200);
        assertThat(e.getMessage()).contains("expected text/event-stream").contains("<!DOCTYPE html>");
    }

    @Test
    void aConnectionClosedInsideTheStreamIsACutStream() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[8192]); // the request (small enough for one read)
                    OutputStream out = s.getOutputStream();
                    String chunk = "data: " + content("Half") + "\n\n";
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(200); // then a plain close (FIN), with no last chunk
                } catch (IOException | InterruptedException ignored) {
                    // the test sees what the client saw
                }
            });
            peer.start();
            connector = HttpSseConnector.builder(URI.create("http://127.0.0.1:" + server.getLocalPort())).build();
            TurnRecorder rec = new TurnRecorder();
            connector.open(setup("c"), rec).sendTurn(new CallerTurn(0, "Hi", Duration.ofMillis(100)));
            AgentException e = rec.error.get(10, TimeUnit.SECONDS);
            assertThat(e.kind()).isEqualTo(AgentErrorKind.CONNECTION_RESET); // transient: a retry may cure it
            assertThat(e.getMessage()).startsWith("stream closed before [DONE]").contains("closed mid-response");
            peer.join(5_000);
        }
    }

    @Test
    void http500IsAServerErrorWithItsStatus() throws Exception {
        stub(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"NullPointerException in turn handler\"}}"));
        AgentException e = errorOf(connector(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertThat(e.kind()).isEqualTo(AgentErrorKind.SERVER_ERROR);
        assertThat(e.status()).hasValue(500);
        assertThat(e.getMessage()).isEqualTo("HTTP 500: NullPointerException in turn handler");
    }

    @Test
    void finishReasonWithoutDoneIsAWholeAnswer() throws Exception {
        stub(stream(sse(content("All done."), "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")));
        TurnRecorder rec = new TurnRecorder();
        connector(Duration.ofSeconds(5), Duration.ofSeconds(10)).open(setup("f"), rec)
                .sendTurn(new CallerTurn(0, "Hi", Duration.ofMillis(100)));
        assertThat(rec.reply.get(5, TimeUnit.SECONDS).text()).isEqualTo("All done.");
    }

    @Test
    void errorEventMidStreamIsClassified() throws Exception {
        stub(stream(sse(content("Sure"), "{\"error\":{\"message\":\"provider overloaded\",\"type\":\"server_error\"}}")));
        AgentException e = errorOf(connector(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertThat(e.kind()).isEqualTo(AgentErrorKind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("provider overloaded");
    }

    @Test
    void builderValidatesAndRedactsTheToken() {
        assertThatThrownBy(() -> HttpSseConnector.builder(URI.create("ftp://x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpSseConnector.builder(URI.create("http://x")).header("Authorization", "k"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpSseConnector.builder(URI.create("http://x")).bearerTokenFromEnv("CALLSTORM_NO_SUCH_VAR"))
                .hasMessageContaining("CALLSTORM_NO_SUCH_VAR");
        assertThatThrownBy(() -> HttpSseConnector.builder(URI.create("http://x")).firstTokenTimeout(Duration.ofSeconds(9))
                .turnTimeout(Duration.ofSeconds(1)).build()).hasMessageContaining("firstTokenTimeout");
        try (HttpSseConnector c = HttpSseConnector.builder(URI.create("http://x")).bearerToken("sk-live-123").build()) {
            assertThat(c.toString()).doesNotContain("sk-live-123").contains("<redacted>");
            assertThat(c.describe()).isEqualTo("http-sse:http://x/v1/chat/completions");
        }
    }

    /**
     * The URL as an OpenAI client takes it ({@code /v1}), a server's root, and the full endpoint all post to
     * {@code /v1/chat/completions} (an OpenAI base URL once became {@code /v1/v1/chat/completions}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/v1", "/v1/", "/v1/chat/completions"})
    void aBaseUrlWithOrWithoutV1OrTheFullEndpointPostsToChatCompletions(String suffix) throws Exception {
        stub(stream(sse(content("Hi."), "[DONE]")));
        connector = HttpSseConnector.builder(URI.create(wm.baseUrl() + suffix)).build();
        TurnRecorder rec = new TurnRecorder();
        connector.open(setup("v1"), rec).sendTurn(new CallerTurn(0, "Hello?", Duration.ofMillis(100)));

        assertThat(rec.reply.get(10, TimeUnit.SECONDS).text()).isEqualTo("Hi.");
        assertThat(connector.describe()).isEqualTo("http-sse:" + wm.baseUrl() + PATH);
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void endpointsUnderAPrefixAVersionOrAnExplicitPath() {
        assertThat(ChatEndpoints.of(URI.create("https://gw.example.com/openai/v1"), Optional.empty()))
                .isEqualTo(new ChatEndpoints(URI.create("https://gw.example.com/openai/v1/chat/completions"),
                        URI.create("https://gw.example.com/openai/v1/callstorm/sessions/")));
        assertThat(ChatEndpoints.of(URI.create("http://h:8080/agent"), Optional.empty()))
                .isEqualTo(new ChatEndpoints(URI.create("http://h:8080/agent/v1/chat/completions"),
                        URI.create("http://h:8080/agent/v1/callstorm/sessions/")));
        assertThat(ChatEndpoints.of(URI.create("http://h/v1/chat/completions?api-version=2"), Optional.empty()))
                .isEqualTo(new ChatEndpoints(URI.create("http://h/v1/chat/completions?api-version=2"),
                        URI.create("http://h/v1/callstorm/sessions/")));
        assertThat(ChatEndpoints.of(URI.create("http://h/v1"), Optional.of("/chat")).chatCompletions())
                .isEqualTo(URI.create("http://h/v1/chat"));
    }

    private static AgentException errorOf(HttpSseConnector c) throws Exception {
        TurnRecorder rec = new TurnRecorder();
        c.open(setup("e"), rec).sendTurn(new CallerTurn(0, "Hello?", Duration.ofMillis(100)));
        AgentException e = rec.error.get(15, TimeUnit.SECONDS);
        assertThat(rec.reply).isNotDone();
        return e;
    }

    private static CallSetup setup(String id) {
        return new CallSetup(id, Personas.builtIns().get(0), "path-1", Map.of());
    }
}
