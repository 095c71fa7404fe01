package io.callstorm.simulate.connect.internal;

import io.callstorm.core.validation.HeaderSyntax;

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

    /**
     * Adds a header, refusing {@code Authorization} (the token goes through the builder so that it is redacted) and
     * names or values no request could carry (control characters: see {@link HeaderSyntax}).
     */
    public static void putHeader(Map<String, String> headers, String name, String value) {
        requireText(name, "header name");
        Objects.requireNonNull(value, "header value");
        HeaderSyntax.nameProblem(name).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (name.equalsIgnoreCase("Authorization")) {
            throw new IllegalArgumentException("set the Authorization header with bearerToken(..) so that it "
                    + "is redacted");
        }
        headerValue(value, "header " + name);
        headers.put(name, value);
    }

    /** {@code value}, if a header can carry it; else fails with "{@code what} must not contain control characters". */
    public static String headerValue(String value, String what) {
        HeaderSyntax.valueProblem(value).ifPresent(problem -> {
            throw new IllegalArgumentException(what + " " + problem);
        });
        return value;
    }

    /**
     * The secret in the environment variable {@code name} ({@code what} says what it is, e.g. "bearer token"); fails
     * now if it is unset or blank.
     */
    public static String secretFromEnv(String name, String what) {
        String v = System.getenv(requireText(name, "environment variable name"));
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " (" + what + ") is not set");
        }
        return v.strip();
    }
}
