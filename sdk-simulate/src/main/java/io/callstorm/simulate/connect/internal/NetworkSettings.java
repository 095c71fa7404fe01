package io.callstorm.simulate.connect.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings every network connector has, as its builder checked them: extra headers, the bearer token, the
 * connect timeout and the event-loop threads. Immutable; the token never shows in {@link #toString()}.
 */
public record NetworkSettings(Map<String, String> headers, Optional<String> bearerToken, Duration connectTimeout,
                              int ioThreads) {
    public NetworkSettings {
        // kept in the order they were set, so that requests carry them as the user wrote them
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** The connect timeout as Netty takes it. */
    public int connectTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    }

    /** The headers plus {@code Authorization: Bearer ...} when there is a token: what a handshake sends. */
    public Map<String, String> headersWithAuthorization() {
        Map<String, String> all = new LinkedHashMap<>(headers);
        bearerToken.ifPresent(t -> all.put("Authorization", "Bearer " + t));
        return Collections.unmodifiableMap(all);
    }

    /** What a description shows for the token: whether there is one, never the token. */
    public String redactedToken() {
        return bearerToken.isPresent() ? "<redacted>" : "none";
    }

    @Override
    public String toString() {
        return "NetworkSettings{headers=" + headers.keySet() + ", bearerToken=" + redactedToken()
                + ", connectTimeout=" + connectTimeout + ", ioThreads=" + ioThreads + '}';
    }
}
