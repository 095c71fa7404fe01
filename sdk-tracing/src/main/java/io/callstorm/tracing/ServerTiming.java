package io.callstorm.tracing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A {@code Server-Timing} header (W3C Server Timing): the way an agent reached over HTTP reports how long its
 * stages took, and the way the simulator reads them back.
 *
 * <pre>{@code
 * // agent: from a finished turn (or built by hand)
 * response.setHeader(ServerTiming.HEADER_NAME, turn.serverTiming().toHeaderValue());
 * //   stt;dur=123.4, llm;dur=250, tts;dur=110, tool;dur=180;desc="get_open_tickets"
 *
 * // caller: tolerant parsing, never throws
 * Map<VoiceStage, List<Double>> ms = ServerTiming.parse(response.header("Server-Timing")).stageDurationsMs();
 * }</pre>
 *
 * <p>For the voice stages, {@code dur} of {@code stt}, {@code llm} and {@code tts} is the time to first result
 * (first partial, first token, first audio byte), which is what the report's {@code stt_ttft},
 * {@code llm_ttft} and {@code tts_first_audio} measure; {@code dur} of {@code tool} is the tool call's duration.
 * Immutable.
 */
public final class ServerTiming {
    /** The HTTP header name. */
    public static final String HEADER_NAME = "Server-Timing";
    private static final int MAX_METRICS = 1_000;
    private static final ServerTiming EMPTY = new ServerTiming(List.of());

    private final List<Metric> metrics;

    private ServerTiming(List<Metric> metrics) {
        this.metrics = metrics;
    }

    /** No metrics. */
    public static ServerTiming empty() {
        return EMPTY;
    }

    /** The given metrics, in order. */
    public static ServerTiming of(List<Metric> metrics) {
        return metrics.isEmpty() ? EMPTY : new ServerTiming(List.copyOf(metrics));
    }

    /** A builder for writing a header by hand. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses a header value, tolerantly: metrics are separated by commas, parameters by semicolons, values are
     * tokens or quoted strings (with backslash escapes; a comma or semicolon inside quotes is text); whitespace
     * around any of them is skipped; parameter names are case-insensitive and only the first {@code dur} and
     * {@code desc} count. A metric whose name is not a token is skipped, and so is a {@code dur} that is not a
     * finite, non-negative number. Never throws; {@code null} or blank gives {@link #empty()}. Several header
     * fields can be joined with {@code ", "} first.
     */
    public static ServerTiming parse(String headerValue) {
        if (headerValue == null || headerValue.isBlank()) {
            return EMPTY;
        }
        List<Metric> out = new ArrayList<>();
        try {
            for (String entry : split(headerValue, ',')) {
                if (out.size() >= MAX_METRICS) {
                    break;
                }
                Metric m = parseMetric(entry);
                if (m != null) {
                    out.add(m);
                }
            }
        } catch (RuntimeException e) {
            FailureLog.failed("ServerTiming.parse", e); // keep what was parsed
        }
        return of(out);
    }

    /** Parses several header fields of one response, in order. */
    public static ServerTiming parse(Iterable<String> headerValues) {
        if (headerValues == null) {
            return EMPTY;
        }
        List<Metric> all = new ArrayList<>();
        for (String v : headerValues) {
            all.addAll(parse(v).metrics);
        }
        return of(all);
    }

    /** The metrics in header order. */
    public List<Metric> metrics() {
        return metrics;
    }

    /** Whether there are no metrics. */
    public boolean isEmpty() {
        return metrics.isEmpty();
    }

    /**
     * Durations in milliseconds by metric name, in header order; metrics without {@code dur} are left out.
     * A name that appears several times (several tool calls) has several durations.
     */
    public Map<String, List<Double>> durationsMs() {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (Metric m : metrics) {
            if (m.durationMs().isPresent()) {
                out.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m.durationMs().getAsDouble());
            }
        }
        out.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Like {@link #durationsMs()}, for the metrics named after a {@link VoiceStage} ({@code stt}, {@code llm},
     * {@code tts}, {@code tool}); map a stage to the report with {@link VoiceStage#reportStage()}.
     */
    public Map<VoiceStage, List<Double>> stageDurationsMs() {
        Map<VoiceStage, List<Double>> out = new EnumMap<>(VoiceStage.class);
        for (Metric m : metrics) {
            VoiceStage stage = VoiceStage.find(m.name());
            if (stage != null && m.durationMs().isPresent()) {
                out.computeIfAbsent(stage, k -> new ArrayList<>()).add(m.durationMs().getAsDouble());
            }
        }
        out.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(out);
    }

    /** The header value, e.g. {@code stt;dur=123.4, tool;dur=180;desc="get_open_tickets"}; empty if no metrics. */
    public String toHeaderValue() {
        StringBuilder sb = new StringBuilder(metrics.size() * 24);
        for (Metric m : metrics) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(m.name());
            m.durationMs().ifPresent(d -> sb.append(";dur=").append(formatMillis(d)));
            m.description().ifPresent(d -> appendQuoted(sb.append(";desc="), d));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerTiming other && metrics.equals(other.metrics);
    }

    @Override
    public int hashCode() {
        return metrics.hashCode();
    }

    @Override
    public String toString() {
        return toHeaderValue();
    }

    /**
     * One metric of the header.
     *
     * @param name        a token, e.g. {@code llm}
     * @param durationMs  {@code dur}, in milliseconds, if given
     * @param description {@code desc}, if given
     */
    public record Metric(String name, OptionalDouble durationMs, Optional<String> description) {
        public Metric {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(durationMs, "durationMs");
            Objects.requireNonNull(description, "description");
            if (!isToken(name)) {
                throw new IllegalArgumentException("Server-Timing metric name must be a token (letters, digits, "
                        + "!#$%&'*+-.^_`|~), was \"" + name + '"');
            }
            if (durationMs.isPresent() && !(durationMs.getAsDouble() >= 0 && Double.isFinite(durationMs.getAsDouble()))) {
                throw new IllegalArgumentException("Server-Timing dur must be a finite number >= 0, was "
                        + durationMs.getAsDouble());
            }
        }

        /** A metric with a duration and, if {@code description} is not {@code null}, a description. */
        public static Metric of(String name, double durationMs, String description) {
            return new Metric(name, OptionalDouble.of(Math.max(0, durationMs)), Optional.ofNullable(description));
        }
    }

    /** Collects metrics in order; validates each as it is added. */
    public static final class Builder {
        private final List<Metric> metrics = new ArrayList<>();

        private Builder() {
        }

        /** Adds {@code name;dur=durationMs}. */
        public Builder add(String name, double durationMs) {
            return add(new Metric(name, OptionalDouble.of(durationMs), Optional.empty()));
        }

        /** Adds {@code name;dur=durationMs;desc="description"}. */
        public Builder add(String name, double durationMs, String description) {
            return add(new Metric(name, OptionalDouble.of(durationMs),
                    Optional.of(Objects.requireNonNull(description, "description"))));
        }

        /** Adds a metric. */
        public Builder add(Metric metric) {
            metrics.add(Objects.requireNonNull(metric, "metric"));
            return this;
        }

        /** The header. */
        public ServerTiming build() {
            return of(metrics);
        }
    }

    // ---- writing

    static String formatMillis(double ms) {
        return BigDecimal.valueOf(ms).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static void appendQuoted(StringBuilder sb, String text) {
        sb.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(' '); // never let a description break the header (CR/LF)
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    // ---- parsing

    private static Metric parseMetric(String entry) {
        List<String> parts = split(entry, ';');
        String name = parts.get(0).trim();
        if (!isToken(name)) {
            return null;
        }
        OptionalDouble dur = OptionalDouble.empty();
        boolean durSeen = false;
        String desc = null;
        for (int i = 1; i < parts.size(); i++) {
            String param = parts.get(i).trim();
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String key = (eq < 0 ? param : param.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : unquote(param.substring(eq + 1).trim());
            if (key.equals("dur") && !durSeen) {
                durSeen = true;
                dur = parseDuration(value);
            } else if (key.equals("desc") && desc == null) {
                desc = value;
            }
        }
        return new Metric(name, dur, Optional.ofNullable(desc));
    }

    private static OptionalDouble parseDuration(String value) {
        if (value.isEmpty() || value.length() > 32) {
            return OptionalDouble.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return OptionalDouble.empty(); // not a plain decimal (also keeps out hex floats, NaN, Infinity)
            }
        }
        try {
            double d = Double.parseDouble(value);
            return d >= 0 && Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** Splits on {@code separator} outside quoted strings. Always returns at least one part. */
    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(s.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(s.substring(Math.min(from, s.length())));
        return parts;
    }

    /** A quoted string without its quotes and escapes (an unterminated one runs to the end); a token as is. */
    private static String unquote(String v) {
        if (v.isEmpty() || v.charAt(0) != '"') {
            return v;
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                sb.append(v.charAt(++i));
            } else if (c == '"') {
                break;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
