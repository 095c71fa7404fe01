package io.callstorm.cli.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as people write them: {@code 90s}, {@code 2m}, {@code 1m30s}, {@code 500ms}, {@code 45} (seconds), ISO {@code PT1M}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {
    }

    /**
     * The longest duration this returns: one written longer ({@code 99999999999999h}) is read as this, so that the
     * range check that follows refuses it as too long instead of the arithmetic overflowing on the way.
     */
    public static final Duration SATURATED = Duration.ofDays(365L * 1_000_000);

    /** The duration, or empty when {@code value} is not one. */
    public static Optional<Duration> parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.length() > 100) {
            return Optional.empty(); // no one writes a duration that long
        }
        if (v.startsWith("pt")) {
            try {
                Duration d = Duration.parse(value.strip());
                return Optional.of(d.compareTo(SATURATED) > 0 ? SATURATED : d);
            } catch (DateTimeParseException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        if (v.matches("\\d+")) {
            return Optional.of(v.length() > 15 ? SATURATED : min(Duration.ofSeconds(Long.parseLong(v))));
        }
        Matcher m = PART.matcher(v);
        int end = 0;
        double millis = 0;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            double n = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m" -> n * 60_000;
                default -> n * 3_600_000;
            };
            end = m.end();
        }
        if (end == 0 || end != v.length()) {
            return Optional.empty();
        }
        return Optional.of(millis >= SATURATED.toMillis() ? SATURATED : Duration.ofMillis(Math.round(millis)));
    }

    private static Duration min(Duration d) {
        return d.compareTo(SATURATED) > 0 ? SATURATED : d;
    }
}
