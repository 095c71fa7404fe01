package io.callstorm.simulate.connect.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The checks the network connectors' builders share, each failing with a message that names the setting. */
public final class ConnectorChecks {
    private ConnectorChecks() {
    }

    public static String requireText(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return s;
    }

    /**
     * {@code url}, if it is absolute with a host and one of {@code schemes}; else fails with
     * "{@code what} must be an absolute {@code kind} URL".
     */
    public static URI absoluteUrl(URI url, String what, String kind, String... schemes) {
        Objects.requireNonNull(url, what);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of(schemes).contains(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException(what + " must be an absolute " + kind + " URL, was " + url);
        }
        return url;
    }

    public static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0, was " + d);
        }
        if (d.compareTo(Duration.ofDays(1)) > 0) { // timers count nanoseconds; no reply is awaited for a day
            throw new IllegalArgumentException(what + " must be <= 1 day, was " + d);
        }
        return d;
    }

    /** Adds a header, refusing {@code Authorization}: the token goes through the builder so that it is redacted. */
    public static void putHeader(Map<String, String> headers, String name, String value) {
        requireText(name, "header name");
        Objects.requireNonNull(value, "header value");
        if (name.equalsIgnoreCase("Authorization")) {
            throw new IllegalArgumentException("set the Authorization header with bearerToken(..) so that it "
                    + "is redacted");
        }
        headers.put(name, value);
    }

    /** The bearer token in the environment variable {@code name}; fails now if it is unset or blank. */
    public static String tokenFromEnv(String name) {
        String v = System.getenv(requireText(name, "environment variable name"));
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " (bearer token) is not set");
        }
        return v.strip();
    }
}
