package io.callstorm.eval.transcripts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.eval.transcripts.LineProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The problems of one line, and typed reads of its fields that add a problem when a field is of the wrong kind. */
final class LineProblems {
    private static final int MAX_SHOWN_CHARS = 40;

    private final long line;
    private final List<LineProblem> problems = new ArrayList<>();

    LineProblems(long line) {
        this.line = line;
    }

    void add(String field, String message) {
        problems.add(new LineProblem(line, field, message));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<LineProblem> list() {
        return List.copyOf(problems);
    }

    long line() {
        return line;
    }

    /** A string field; empty when absent or null; a problem when of another kind. */
    Optional<String> string(JsonNode parent, String key, String path) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            add(path, "expected a string, got " + shown(n));
            return Optional.empty();
        }
        return Optional.of(n.asText());
    }

    /** A non-negative whole number; {@code orElse} when absent or null; a problem when of another kind. */
    long count(JsonNode parent, String key, String path, long orElse) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return orElse;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0) {
            add(path, "expected a whole number of at least 0, got " + shown(n));
            return orElse;
        }
        return n.asLong();
    }

    /** JSON text of a field that may be a string (kept as is) or any other JSON value (written as JSON). */
    static String jsonText(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "";
        }
        return n.isTextual() ? n.asText() : n.toString();
    }

    /** An enum constant by name, ignoring case; a problem naming the allowed values when it is none of them. */
    <E extends Enum<E>> Optional<E> constant(JsonNode parent, String key, String path, Class<E> type,
                                             List<E> allowed) {
        Optional<String> s = string(parent, key, path);
        if (s.isEmpty() || s.get().isBlank()) {
            return Optional.empty();
        }
        String name = s.get().strip().toUpperCase(Locale.ROOT);
        for (E e : allowed) {
            if (e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        add(path, "expected " + orList(allowed.stream().map(Enum::name).toList()) + ", got '" + cut(s.get()) + "'");
        return Optional.empty();
    }

    /** {@code A, B or C}. */
    static String orList(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** A value as a problem shows it: a string in quotes, else its JSON kind and (short) text. */
    static String shown(JsonNode n) {
        if (n.isTextual()) {
            return "'" + cut(n.asText()) + "'";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        return cut(n.toString());
    }

    static String cut(String s) {
        return s.length() <= MAX_SHOWN_CHARS ? s : s.substring(0, MAX_SHOWN_CHARS) + "...";
    }
}
