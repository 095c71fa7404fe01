package io.callstorm.simulate.connect.http;

import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.NetworkConnectorBuilder;
import io.callstorm.simulate.connect.internal.ConnectorChecks;
import io.callstorm.simulate.connect.internal.NettyClient;
import io.callstorm.simulate.connect.internal.NetworkSettings;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reaches an agent through an OpenAI-compatible chat-completions endpoint with {@code stream: true}: every
 * caller turn is one POST carrying the call's message history, and the answer streams back as server-sent
 * events. The first content (or tool-call) delta is the agent's first token, which the harness measures as the
 * user-perceived gap; stage latencies come from a {@code Server-Timing} response header or Callstorm's timing
 * extension in the last chunk ({@code docs/connectors.md}).
 *
 * <pre>{@code
 * try (HttpSseConnector agent = HttpSseConnector.builder(URI.create("https://agent.example.com"))
 *         .model("support-agent")
 *         .bearerTokenFromEnv("AGENT_API_KEY")
 *         .build()) {
 *     Simulation.builder().agent(definition, agent)...run();
 * }
 * }</pre>
 *
 * <p>All I/O is non-blocking, on Netty: a few event-loop threads ({@link Builder#ioThreads}) serve every call,
 * however many are open. Each call lives on one loop, with its own HTTP/1.1 connection kept alive across its turns
 * (opened on the first turn, reopened when the agent closed it), its SSE parsing and its two timeouts. Faults become classified
 * {@link io.callstorm.simulate.connect.AgentException}s: connection refused, reset, 429 (with Retry-After), 5xx,
 * timeouts, malformed frames.
 */
public final class HttpSseConnector implements AgentConnector {
    /** The OpenAI chat-completions path. */
    public static final String DEFAULT_PATH = "/v1/chat/completions";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_FIRST_TOKEN_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TURN_TIMEOUT = Duration.ofSeconds(30);
    /** Header carrying the call id, so that an agent can keep per-call state (Callstorm's serve-agent does). */
    public static final String SESSION_HEADER = "X-Callstorm-Session";
    /** Header carrying the caller turn's index. */
    public static final String TURN_HEADER = "X-Callstorm-Turn";
    /** Header carrying how long the caller spoke, in milliseconds. */
    public static final String SPEECH_HEADER = "X-Callstorm-Speech-Ms";
    /** Header carrying the persona id. */
    public static final String PERSONA_HEADER = "X-Callstorm-Persona";

    final URI endpoint;
    final URI sessionsEndpoint;
    final String model;
    final Map<String, String> headers;
    private final NetworkSettings network;
    final Optional<String> systemPrompt;
    final Duration firstTokenTimeout;
    final Duration turnTimeout;
    final boolean endSessionOnHangUp;
    private final String host;
    private final int port;
    private final boolean secure;
    private final NettyClient netty;

    private HttpSseConnector(Builder b, NetworkSettings network) {
        URI base = b.baseUrl;
        ChatEndpoints endpoints = ChatEndpoints.of(base, Optional.ofNullable(b.path));
        this.endpoint = endpoints.chatCompletions();
        this.sessionsEndpoint = endpoints.sessions();
        this.model = b.model;
        this.network = network;
        this.headers = network.headers();
        this.systemPrompt = Optional.ofNullable(b.systemPrompt);
        this.firstTokenTimeout = b.firstTokenTimeout;
        this.turnTimeout = b.turnTimeout;
        this.endSessionOnHangUp = b.endSessionOnHangUp;
        this.secure = base.getScheme().toLowerCase(Locale.ROOT).equals("https");
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : secure ? 443 : 80;
        // handlers never block: a few loop threads carry every call's bytes, parsing and timers
        this.netty = new NettyClient(network.ioThreads(), "callstorm-http");
    }

    /** The loop a new call lives on. */
    EventLoop nextLoop() {
        return netty.nextLoop();
    }

    /** The {@code Host} header's value. */
    String hostHeader() {
        boolean defaultPort = port == (secure ? 443 : 80);
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return defaultPort ? h : h + ":" + port;
    }

    /** Opens a connection to the agent on {@code loop}; {@code handler} sees the decoded response objects. */
    ChannelFuture connect(EventLoop loop, ChannelHandler handler) {
        return netty.connect(loop, host, port, secure, network.connectTimeoutMillis(),
                pipeline -> pipeline.addLast(new HttpClientCodec(), handler));
    }

    /**
     * A builder for an agent at {@code baseUrl}: the server's root ({@code http://127.0.0.1:8080}), the base URL an
     * OpenAI client takes ({@code https://agent.example.com/v1}), or the full endpoint
     * ({@code https://agent.example.com/v1/chat/completions}); all three post to {@code /v1/chat/completions}.
     */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    @Override
    public AgentCall open(CallSetup setup, AgentCallListener listener) {
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(listener, "listener");
        return new HttpSseCall(this, setup, listener);
    }

    Optional<String> bearerToken() {
        return network.bearerToken();
    }

    @Override
    public boolean repliesInText() {
        return true;
    }

    @Override
    public String describe() {
        return "http-sse:" + endpoint;
    }

    @Override
    public void close() {
        netty.close();
    }

    @Override
    public String toString() {
        return "HttpSseConnector{endpoint=" + endpoint + ", model=" + model + ", headers=" + headers.keySet()
                + ", bearerToken=" + network.redactedToken() + ", firstTokenTimeout="
                + firstTokenTimeout + ", turnTimeout=" + turnTimeout + '}';
    }

    /**
     * Configures an {@link HttpSseConnector}. Setters validate and say what is wrong. Headers, the bearer token, the
     * TCP connect timeout (default 5 s) and the {@link #ioThreads(int) event-loop threads} (default 2, at most 64),
     * which carry every call's connection, SSE parsing and timeouts, are set as for every network connector.
     */
    public static final class Builder extends NetworkConnectorBuilder<Builder> {
        private final URI baseUrl;
        private String path; // null: from the base URL (see ChatEndpoints)
        private String model = "callstorm-agent";
        private String systemPrompt;
        private Duration firstTokenTimeout = DEFAULT_FIRST_TOKEN_TIMEOUT;
        private Duration turnTimeout = DEFAULT_TURN_TIMEOUT;
        private boolean endSessionOnHangUp;

        private Builder(URI baseUrl) {
            super(DEFAULT_CONNECT_TIMEOUT, 2, 64);
            this.baseUrl = ConnectorChecks.absoluteUrl(baseUrl, "baseUrl", "http(s)", "http", "https");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The chat-completions path, added to the base URL as it is (default: {@value #DEFAULT_PATH} under a
         * server's root, {@code /chat/completions} under a base URL ending in a version such as {@code /v1}, nothing
         * when the URL already ends in {@code /chat/completions}).
         */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/', was \"" + path + '"');
            }
            this.path = path;
            return this;
        }

        /** The {@code model} field of every request (default {@code callstorm-agent}). */
        public Builder model(String model) {
            this.model = ConnectorChecks.requireText(model, "model");
            return this;
        }

        /** A system message sent first in every request (default: none; the agent has its own). */
        public Builder systemPrompt(String prompt) {
            this.systemPrompt = ConnectorChecks.requireText(prompt, "systemPrompt");
            return this;
        }

        /** From sending a turn to the first token; past it the turn fails with TIMEOUT (default 10 s). */
        public Builder firstTokenTimeout(Duration timeout) {
            this.firstTokenTimeout = ConnectorChecks.positive(timeout, "firstTokenTimeout");
            return this;
        }

        /** From sending a turn to the end of the stream; past it the turn fails with TIMEOUT (default 30 s). */
        public Builder turnTimeout(Duration timeout) {
            this.turnTimeout = ConnectorChecks.positive(timeout, "turnTimeout");
            return this;
        }

        /**
         * Whether a hang-up sends {@code DELETE /v1/callstorm/sessions/{callId}} so that the agent releases the
         * call at once (Callstorm's serve-agent understands it; other agents may not). Default false.
         */
        public Builder endSessionOnHangUp(boolean end) {
            this.endSessionOnHangUp = end;
            return this;
        }

        public HttpSseConnector build() {
            if (firstTokenTimeout.compareTo(turnTimeout) > 0) {
                throw new IllegalArgumentException("firstTokenTimeout (" + firstTokenTimeout
                        + ") must not exceed turnTimeout (" + turnTimeout + ")");
            }
            return new HttpSseConnector(this, networkSettings());
        }
    }
}
