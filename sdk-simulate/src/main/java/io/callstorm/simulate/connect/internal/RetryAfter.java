package io.callstorm.simulate.connect.internal;

import io.netty.handler.codec.http.HttpHeaders;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** When a rate-limited agent says to come back: read from a 429's headers, for both network connectors. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** {@code retry-after-ms} (OpenAI's, precise) or {@code Retry-After} in seconds or as an HTTP date. */
    public static Optional<Duration> of(HttpHeaders headers) {
        Optional<String> ms = Optional.ofNullable(headers.get("retry-after-ms"));
        if (ms.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.get().trim()))));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        Optional<String> ra = Optional.ofNullable(headers.get("retry-after"));
        if (ra.isEmpty()) {
            return Optional.empty();
        }
        String v = ra.get().trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v,
                        DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
    }
}
