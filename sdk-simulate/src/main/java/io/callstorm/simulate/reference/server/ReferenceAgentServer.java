package io.callstorm.simulate.reference.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.transcript.Words;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.reference.ReferenceAgent;
import io.callstorm.simulate.reference.ReferenceAgentConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference agent served over loopback HTTP as an OpenAI-compatible chat-completions endpoint with
 * streaming ({@code POST /v1/chat/completions}, server-sent events), so that the network connectors are tested
 * against the same capacity models as the in-process agent. What {@code ./callstorm serve-agent} runs.
 *
 * <pre>{@code
 * try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0)) {
 *     HttpSseConnector agent = HttpSseConnector.builder(server.baseUrl()).endSessionOnHangUp(true).build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Each call is a session keyed by the {@code X-Callstorm-Session} header (else by the first user message),
 * driving one call of a {@link ReferenceAgent}; the last user message is the caller's turn. A session ends on
 * {@code DELETE /v1/callstorm/sessions/{id}} or after {@link #DEFAULT_IDLE_TIMEOUT} without a request. The first
 * chunk of a stream is sent when the agent's first audio is ready; the last chunk before {@code [DONE]} carries
 * the turn's stage timings as a Server-Timing value (a header cannot: it is sent before the stages finish).
 * {@code GET /health} answers 200 once serving.
 */
public final class ReferenceAgentServer implements AutoCloseable {
    /** A session without a request for this long is hung up. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    private final ReferenceAgent agent;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ExecutorService[] writers;
    private final ScheduledExecutorService reaper;
    private final Map<String, ChatSession> sessions = new ConcurrentHashMap<>();
    private final long idleNanos;
    private final AtomicInteger streams = new AtomicInteger();

    private ReferenceAgentServer(ReferenceAgentConfig config, InetSocketAddress address, Duration idleTimeout)
            throws IOException {
        this.idleNanos = idleTimeout.toNanos();
        this.agent = ReferenceAgent.create(config);
        this.server = HttpServer.create(address, 4096);
        this.handlers = Executors.newFixedThreadPool(2, daemon("callstorm-serve-http"));
        // writes of one stream stay on one thread, in order; the agent's own loop never blocks on a socket
        this.writers = new ExecutorService[2];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = Executors.newSingleThreadExecutor(daemon("callstorm-serve-sse-" + i));
        }
        this.reaper = Executors.newSingleThreadScheduledExecutor(daemon("callstorm-serve-reaper"));
        server.setExecutor(handlers);
        server.createContext("/v1/chat/completions", this::chat);
        server.createContext("/v1/callstorm/sessions/", this::endSession);
        server.createContext("/health", ex -> respond(ex, 200, "text/plain", "ok"));
        server.start();
        long period = Math.max(1, Math.min(5_000, idleTimeout.toMillis() / 2));
        reaper.scheduleAtFixedRate(this::reapIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** Serves an agent with {@code config} on {@code 127.0.0.1:port} (0: any free port). */
    public static ReferenceAgentServer start(ReferenceAgentConfig config, int port) throws IOException {
        return start(config, new InetSocketAddress("127.0.0.1", port), DEFAULT_IDLE_TIMEOUT);
    }

    /** Serves an agent with {@code config} on {@code address}, hanging up sessions idle for {@code idleTimeout}. */
    public static ReferenceAgentServer start(ReferenceAgentConfig config, InetSocketAddress address,
                                             Duration idleTimeout) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be > 0, was " + idleTimeout);
        }
        return new ReferenceAgentServer(config, address, idleTimeout);
    }

    /** The port served. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port}, the base URL for a connector. */
    public URI baseUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
    }

    /** Open sessions (calls). */
    public int openSessions() {
        return sessions.size();
    }

    private void chat(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            ex.getResponseHeaders().add("Allow", "POST");
            respond(ex, 405, "application/json", error("method not allowed", "invalid_request_error"));
            return;
        }
        JsonNode body;
        try (InputStream in = ex.getRequestBody()) {
            body = JSON.readTree(in);
        } catch (IOException e) {
            respond(ex, 400, "application/json", error("malformed JSON body", "invalid_request_error"));
            return;
        }
        JsonNode messages = body == null ? null : body.path("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            respond(ex, 400, "application/json", error("messages must be a non-empty array", "invalid_request_error"));
            return;
        }
        String firstUser = null;
        String lastUser = null;
        int users = 0;
        for (JsonNode m : messages) {
            if (m.path("role").asText().equals("user")) {
                String content = m.path("content").asText("");
                if (firstUser == null) {
                    firstUser = content;
                }
                lastUser = content;
                users++;
            }
        }
        if (lastUser == null || !messages.get(messages.size() - 1).path("role").asText().equals("user")) {
            respond(ex, 400, "application/json", error("the last message must be the caller's (role user)",
                    "invalid_request_error"));
            return;
        }
        String sessionId = header(ex, "X-Callstorm-Session", "first:" + Integer.toHexString(firstUser.hashCode()));
        int turnIndex = parseInt(header(ex, "X-Callstorm-Turn", ""), users - 1);
        long speechMs = parseInt(header(ex, "X-Callstorm-Speech-Ms", ""),
                (int) Math.round(Words.count(lastUser) * 60_000.0 / 150));
        Persona persona = Personas.byId(header(ex, "X-Callstorm-Persona", "")).orElse(Personas.builtIns().get(0));
        String model = body.path("model").asText("callstorm-reference");

        ChatSession session = sessions.computeIfAbsent(sessionId, id -> new ChatSession(id));
        SseStream stream = new SseStream(ex, writers[Math.floorMod(sessionId.hashCode(), writers.length)], turnIndex,
                model, streams);
        session.begin(stream, () -> agent.open(new CallSetup(sessionId, persona, "served", Map.of()), session));
        session.call().sendTurn(new CallerTurn(turnIndex, lastUser, Duration.ofMillis(speechMs)));
    }

    private void endSession(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String id = java.net.URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        ChatSession s = sessions.remove(id);
        if (s != null) {
            s.end();
        }
        respond(ex, s == null ? 404 : 204, "application/json", "");
    }

    private void reapIdle() {
        long now = System.nanoTime();
        sessions.values().removeIf(s -> {
            if (s.idleSince(now) > idleNanos) {
                s.end();
                return true;
            }
            return false;
        });
    }

    private static String header(HttpExchange ex, String name, String fallback) {
        String v = ex.getRequestHeaders().getFirst(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    private static int parseInt(String s, int fallback) {
        try {
            return s.isEmpty() ? fallback : Math.max(0, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static String error(String message, String type) {
        return JSON.createObjectNode().set("error", JSON.createObjectNode().put("message", message).put("type", type))
                .toString();
    }

    static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!body.isEmpty()) {
            ex.getResponseHeaders().set("Content-Type", type);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops serving, hangs up every session and stops the agent. */
    @Override
    public void close() {
        server.stop(0);
        reaper.shutdownNow();
        sessions.values().forEach(ChatSession::end);
        sessions.clear();
        for (ExecutorService w : writers) {
            w.shutdownNow();
        }
        handlers.shutdownNow();
        agent.close();
    }
}
