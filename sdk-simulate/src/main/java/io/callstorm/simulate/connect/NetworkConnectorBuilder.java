package io.callstorm.simulate.connect;

import io.callstorm.core.secret.Secrets;
import io.callstorm.simulate.connect.internal.ConnectorChecks;
import io.callstorm.simulate.connect.internal.NetworkSettings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings every network connector's builder has: extra headers, the bearer token (never printed), the connect
 * timeout and the event-loop threads, with their checks. They live here once so that the connectors accept, refuse
 * and redact them alike; each connector's {@code Builder} extends this class with the settings of its own protocol
 * and chooses the defaults. The setters return the connector's builder, so a chain such as
 * {@code HttpSseConnector.builder(uri).bearerToken(t).ioThreads(2).build()} keeps its type.
 *
 * @param <B> the connector's builder
 */
public abstract class NetworkConnectorBuilder<B extends NetworkConnectorBuilder<B>> {
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String bearerToken;
    private Duration connectTimeout;
    private int ioThreads;
    private final int maxIoThreads;

    /**
     * A builder with the connector's defaults: its connect timeout, its event-loop threads and the most threads it
     * accepts (a bound that catches a typo before it starts hundreds of threads).
     */
    protected NetworkConnectorBuilder(Duration defaultConnectTimeout, int defaultIoThreads, int maxIoThreads) {
        this.connectTimeout = ConnectorChecks.positive(defaultConnectTimeout, "connectTimeout");
        if (defaultIoThreads < 1 || defaultIoThreads > maxIoThreads) {
            throw new IllegalArgumentException("default ioThreads must be between 1 and " + maxIoThreads
                    + ", was " + defaultIoThreads);
        }
        this.ioThreads = defaultIoThreads;
        this.maxIoThreads = maxIoThreads;
    }

    /** This builder as the connector's builder type, which the setters here return. */
    protected abstract B self();

    /**
     * A header sent with every request, or in the WebSocket handshake (e.g. an API version); not for
     * {@code Authorization}, which {@link #bearerToken(String)} sets so that it is redacted, nor for a key: use
     * {@link #secretHeader(String, String)}. A name that is not an HTTP token or a value with a control character
     * (CR, LF, NUL, ...) fails here, naming the header, since no request could carry it.
     */
    public B header(String name, String value) {
        ConnectorChecks.putHeader(headers, name, value);
        return self();
    }

    /**
     * A header whose value is a secret (an API key such as {@code X-Api-Key}): sent like {@link #header}, and masked
     * as {@code ***} in every output of the process, wherever the agent echoes it ({@link Secrets}).
     */
    public B secretHeader(String name, String value) {
        ConnectorChecks.putHeader(headers, name, Secrets.register(value));
        return self();
    }

    /**
     * A secret header whose value is in the environment variable {@code env}; fails now if it is unset or blank.
     * See {@link #secretHeader(String, String)}.
     */
    public B secretHeaderFromEnv(String name, String env) {
        return secretHeader(name, ConnectorChecks.secretFromEnv(env, "header " + name));
    }

    /**
     * The bearer token, sent as {@code Authorization: Bearer ...}; never printed, and masked as {@code ***} in every
     * output of the process wherever the agent echoes it ({@link Secrets}, which says how short tokens are treated).
     */
    public B bearerToken(String token) {
        ConnectorChecks.headerValue(ConnectorChecks.requireText(token, "bearerToken"), "bearerToken");
        this.bearerToken = Secrets.register(token);
        return self();
    }

    /** The bearer token from the environment variable {@code name}; fails now if it is unset or blank. */
    public B bearerTokenFromEnv(String name) {
        String token = ConnectorChecks.secretFromEnv(name, "bearer token");
        ConnectorChecks.headerValue(token, "bearer token in environment variable " + name);
        this.bearerToken = Secrets.register(token);
        return self();
    }

    /**
     * How long opening a call's connection may take: the TCP connect, plus the WebSocket handshake where there is
     * one (default 5 s).
     */
    public B connectTimeout(Duration timeout) {
        this.connectTimeout = ConnectorChecks.positive(timeout, "connectTimeout");
        return self();
    }

    /**
     * Netty event-loop threads that carry every call's connection, parsing and timers; they never block. The
     * default and the most allowed are the connector's, given on its builder.
     */
    public B ioThreads(int threads) {
        if (threads < 1 || threads > maxIoThreads) {
            throw new IllegalArgumentException("ioThreads must be between 1 and " + maxIoThreads + ", was "
                    + threads);
        }
        this.ioThreads = threads;
        return self();
    }

    /** The settings above as set so far, for the connector's constructor; a snapshot, unchanged by later calls. */
    protected final NetworkSettings networkSettings() {
        return new NetworkSettings(headers, Optional.ofNullable(bearerToken), connectTimeout, ioThreads);
    }
}
