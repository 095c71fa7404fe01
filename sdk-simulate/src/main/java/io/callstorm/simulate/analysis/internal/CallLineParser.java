package io.callstorm.simulate.analysis.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.callstorm.core.CallStatus;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.ReportJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one line of {@code calls.jsonl} into a {@link CallLine} from Jackson's token stream, without data binding,
 * which was nearly all of the time of {@code callstorm report} (reflection, creators, a map per record). It reads
 * what the report uses and checks the type of what it does not use without building it (a row number, the outcomes,
 * a tool call's name, arguments and result, the expected tool calls), so the line reads as data binding reads it.
 *
 * <p>A turn's text is built only when the report may quote it: for a call that did not complete, or with a failed
 * verdict, or when the line's order leaves that open (its status or scores come after its turns). Otherwise the
 * turn reads with an empty text, which nothing in the report looks at.
 *
 * <p>Anything the line's writer does not write (a number in quotes, a float for a count, a null where a value always
 * is, a value this version does not know, bytes that are not JSON) sends the line to data binding, which decides as
 * it always has: read it (with Jackson's coercions) or reject it as malformed. So the two agree on every line, and
 * the fast path needs to know only the format as written. Thread-safe.
 */
public final class CallLineParser {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER) // correctly rounded: the same doubles, sooner
            .build();
    private static final ObjectReader BOUND = ReportJson.mapper().readerFor(CallLine.class);
    private static final Map<String, CallStatus> STATUSES = byName(CallStatus.values());
    private static final Map<String, ToolCallStatus> TOOL_STATUSES = byName(ToolCallStatus.values());
    private static final Map<String, CallLine.Speaker> SPEAKERS = byName(CallLine.Speaker.values());
    private static final int MAX_NAMES = 4_096;
    private static final int MAX_NAME_CHARS = 64;
    private static final Map<String, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The line is not as the writer writes it: data binding decides. No stack trace: it is control flow. */
    private static final class Unusual extends RuntimeException {
        Unusual() {
            super("not as calls.jsonl is written", null, false, false);
        }
    }

    private static final Unusual UNUSUAL = new Unusual();

    private CallLineParser() {
    }

    /**
     * The call of the line {@code bytes[offset, offset + length)} (UTF-8).
     *
     * @throws JsonProcessingException when data binding cannot read it either: the line is malformed
     */
    public static CallLine parse(byte[] bytes, int offset, int length) throws JsonProcessingException {
        try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
            return line(p);
        } catch (Unusual | IOException e) {
            // the text as the reader of old decoded it (bad UTF-8 replaced), so that the two read the same
            return BOUND.readValue(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }
    }

    private static CallLine line(JsonParser p) throws IOException {
        expect(p.nextToken(), JsonToken.START_OBJECT);
        String callId = null;
        String persona = null;
        String path = null;
        CallStatus status = null;
        boolean statusSeen = false;
        double startedAt = 0;
        long durationMs = 0;
        int concurrency = 0;
        int retries = 0;
        Optional<CallLine.CallError> error = Optional.empty();
        Map<String, CallLine.Score> scores = null;
        boolean scoresSeen = false;
        boolean failedVerdict = false;
        List<CallLine.Turn> turns = null;
        int startConcurrency = 0;
        int endConcurrency = 0;
        CallLine.Scoring scoring = null;
        JsonToken t;
        for (t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "callId" -> callId = string(p, v);
                case "row" -> checkNumber(v);
                case "persona" -> persona = name(p, v);
                case "path" -> path = name(p, v);
                case "expectedOutcome", "actualOutcome" -> checkString(v);
                case "status" -> {
                    status = v == JsonToken.VALUE_NULL ? null : named(STATUSES, string(p, v));
                    statusSeen = true;
                }
                case "startedAtSeconds" -> startedAt = decimal(p, v);
                case "durationMs" -> durationMs = longValue(p, v);
                case "concurrency" -> concurrency = intValue(p, v);
                case "retries" -> retries = intValue(p, v);
                case "error" -> error = v == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(error(p, v));
                case "scores" -> {
                    scores = v == JsonToken.VALUE_NULL ? null : scores(p, v);
                    scoresSeen = true;
                    failedVerdict = scores != null && scores.values().stream().anyMatch(s -> !s.passed());
                }
                case "turns" -> {
                    // the report quotes turns only of calls that failed or got a failed verdict
                    boolean quoted = !statusSeen || !scoresSeen || failedVerdict
                            || (status != CallStatus.COMPLETED && status != CallStatus.CANCELLED);
                    turns = v == JsonToken.VALUE_NULL ? null : turns(p, v, quoted);
                }
                case "startConcurrency" -> startConcurrency = intValue(p, v);
                case "endConcurrency" -> endConcurrency = intValue(p, v);
                case "scoring" -> scoring = CallLine.Scoring.fromWire(nonNull(string(p, v)));
                case "expectedToolCalls" -> checkStrings(p, v);
                default -> p.skipChildren(); // a key of a later version: data binding ignores it too
            }
        }
        expect(t, JsonToken.END_OBJECT);
        return new CallLine(callId, 0, persona, path, "", "", status, startedAt, durationMs, concurrency, retries,
                error, scores, turns, startConcurrency, endConcurrency, scoring, List.of());
    }

    private static CallLine.CallError error(JsonParser p, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        CallLine.ErrorKind kind = null;
        String stage = null;
        int status = 0;
        int concurrency = 0;
        String message = null;
        CallLine.Timeout timeout = null;
        String exception = null;
        Optional<CallLine.Attempt> retrying = Optional.empty();
        Optional<Double> gapMs = Optional.empty();
        int gapConcurrency = 0;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "kind" -> kind = CallLine.ErrorKind.named(nonNull(string(p, v)));
                case "stage" -> stage = name(p, v);
                case "status" -> status = intValue(p, v);
                case "concurrency" -> concurrency = intValue(p, v);
                case "message" -> message = string(p, v);
                case "timeout" -> timeout = CallLine.Timeout.fromWire(nonNull(string(p, v)));
                case "exception" -> exception = name(p, v);
                case "retrying" -> retrying = v == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(attempt(p, v));
                case "gapMs" -> gapMs = v == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(decimal(p, v));
                case "gapConcurrency" -> gapConcurrency = intValue(p, v);
                default -> p.skipChildren();
            }
        }
        return new CallLine.CallError(kind, stage, status, concurrency, message, timeout, exception, retrying, gapMs,
                gapConcurrency);
    }

    private static CallLine.Attempt attempt(JsonParser p, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        CallLine.ErrorKind kind = null;
        String stage = null;
        int status = 0;
        String message = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "kind" -> kind = CallLine.ErrorKind.named(nonNull(string(p, v)));
                case "stage" -> stage = name(p, v);
                case "status" -> status = intValue(p, v);
                case "message" -> message = string(p, v);
                default -> p.skipChildren();
            }
        }
        return new CallLine.Attempt(kind, stage, status, message);
    }

    private static Map<String, CallLine.Score> scores(JsonParser p, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        Map<String, CallLine.Score> scores = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String rubric = p.currentName();
            scores.put(rubric, score(p, p.nextToken()));
        }
        return scores;
    }

    private static CallLine.Score score(JsonParser p, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        boolean passed = false;
        double score = 0;
        String reason = null;
        CallLine.Verdict status = null;
        long promptTokens = 0;
        long completionTokens = 0;
        double costUsd = 0;
        Optional<Integer> turn = Optional.empty();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "passed" -> passed = bool(v);
                case "score" -> score = decimal(p, v);
                case "reason" -> reason = string(p, v);
                case "status" -> status = CallLine.Verdict.named(nonNull(string(p, v)));
                case "promptTokens" -> promptTokens = longValue(p, v);
                case "completionTokens" -> completionTokens = longValue(p, v);
                case "costUsd" -> costUsd = decimal(p, v);
                case "turn" -> turn = v == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(intValue(p, v));
                default -> p.skipChildren();
            }
        }
        return new CallLine.Score(passed, score, reason, status, promptTokens, completionTokens, costUsd, turn);
    }

    private static List<CallLine.Turn> turns(JsonParser p, JsonToken start, boolean quoted) throws IOException {
        expect(start, JsonToken.START_ARRAY);
        List<CallLine.Turn> turns = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            turns.add(turn(p, t, quoted));
        }
        return turns;
    }

    private static CallLine.Turn turn(JsonParser p, JsonToken start, boolean quoted) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        CallLine.Speaker speaker = null;
        String text = null;
        long atMs = 0;
        int concurrency = 0;
        Optional<Double> gapMs = Optional.empty();
        Map<String, List<Double>> stagesMs = null;
        List<ToolCall> toolCalls = null;
        Map<String, String> annotations = null;
        int gapConcurrency = 0;
        Map<String, List<Integer>> stagesConcurrency = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "speaker" -> speaker = named(SPEAKERS, nonNull(string(p, v)));
                case "text" -> {
                    if (quoted) {
                        text = string(p, v);
                    } else {
                        checkString(v);
                        text = ""; // not quoted by the report: not built
                    }
                }
                case "atMs" -> atMs = longValue(p, v);
                case "concurrency" -> concurrency = intValue(p, v);
                case "gapMs" -> gapMs = v == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(decimal(p, v));
                case "stagesMs" -> stagesMs = v == JsonToken.VALUE_NULL ? null : stagesMs(p, v);
                case "toolCalls" -> toolCalls = v == JsonToken.VALUE_NULL ? null : toolCalls(p, v);
                case "annotations" -> annotations = v == JsonToken.VALUE_NULL ? null : annotations(p, v);
                case "gapConcurrency" -> gapConcurrency = intValue(p, v);
                case "stagesConcurrency" -> stagesConcurrency = v == JsonToken.VALUE_NULL ? null
                        : stagesConcurrency(p, v);
                default -> p.skipChildren();
            }
        }
        return new CallLine.Turn(speaker, text, atMs, concurrency, gapMs, stagesMs, toolCalls, annotations,
                gapConcurrency, stagesConcurrency);
    }

    private static Map<String, List<Double>> stagesMs(JsonParser p, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        Map<String, List<Double>> stages = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String stage = p.currentName();
            expect(p.nextToken(), JsonToken.START_ARRAY);
            List<Double> values = new ArrayList<>(2);
            for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                values.add(decimal(p, nonNull(v)));
            }
            stages.put(stage, values);
        }
        return stages;
    }

    private static Map<String, List<Integer>> stagesConcurrency(JsonParser p, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        Map<String, List<Integer>> stages = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String stage = p.currentName();
            expect(p.nextToken(), JsonToken.START_ARRAY);
            List<Integer> values = new ArrayList<>(2);
            for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                values.add(intValue(p, nonNull(v)));
            }
            stages.put(stage, values);
        }
        return stages;
    }

    /** Tool calls with their status, the one thing of theirs the report reads; their name must be there. */
    private static List<ToolCall> toolCalls(JsonParser p, JsonToken start) throws IOException {
        expect(start, JsonToken.START_ARRAY);
        List<ToolCall> calls = new ArrayList<>(1);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(t, JsonToken.START_OBJECT);
            ToolCallStatus status = null;
            boolean named = false;
            for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "name" -> named = v == JsonToken.VALUE_STRING;
                    case "status" -> status = named(TOOL_STATUSES, nonNull(string(p, v)));
                    case "durationMillis", "attempts" -> checkNumber(v);
                    case "arguments", "result", "error" -> checkString(v);
                    default -> p.skipChildren();
                }
            }
            if (!named || status == null) {
                throw UNUSUAL; // data binding rejects a tool call without them
            }
            calls.add(new ToolCall("", status, 0, 0));
        }
        return calls;
    }

    private static Map<String, String> annotations(JsonParser p, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        Map<String, String> annotations = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String key = p.currentName();
            annotations.put(key, string(p, p.nextToken()));
        }
        return annotations;
    }

    private static String string(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        throw UNUSUAL;
    }

    /**
     * A short value that repeats from line to line (a persona, a path, a stage, an exception's name), as one shared
     * string: a run keeps those of its failed calls until the end, and their texts need not be kept once per call.
     */
    private static String name(JsonParser p, JsonToken v) throws IOException {
        String s = string(p, v);
        if (s == null || s.length() > MAX_NAME_CHARS) {
            return s;
        }
        String shared = NAMES.get(s);
        if (shared != null) {
            return shared;
        }
        if (NAMES.size() < MAX_NAMES) {
            NAMES.putIfAbsent(s, s);
        }
        return s;
    }

    private static void checkString(JsonToken v) {
        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) {
            throw UNUSUAL;
        }
    }

    private static void checkNumber(JsonToken v) {
        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NULL) {
            throw UNUSUAL;
        }
    }

    /** An array of strings (or null), none of them null: the expected tool calls, which the report does not read. */
    private static void checkStrings(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        expect(v, JsonToken.START_ARRAY);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(t, JsonToken.VALUE_STRING);
        }
    }

    private static int intValue(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getIntValue(); // out of range: an exception, and data binding decides
        }
        if (v == JsonToken.VALUE_NULL) {
            return 0;
        }
        throw UNUSUAL;
    }

    private static long longValue(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (v == JsonToken.VALUE_NULL) {
            return 0;
        }
        throw UNUSUAL;
    }

    private static double decimal(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_FLOAT || v == JsonToken.VALUE_NUMBER_INT) {
            return p.getDoubleValue();
        }
        if (v == JsonToken.VALUE_NULL) {
            return 0;
        }
        throw UNUSUAL;
    }

    private static boolean bool(JsonToken v) {
        return switch (v) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw UNUSUAL;
        };
    }

    private static <T> T named(Map<String, T> byName, String name) {
        T value = byName.get(name);
        if (value == null) {
            throw UNUSUAL; // not a constant this version knows: data binding rejects the line
        }
        return value;
    }

    private static <T> T nonNull(T value) {
        if (value == null) {
            throw UNUSUAL;
        }
        return value;
    }

    private static JsonToken nonNull(JsonToken v) {
        if (v == JsonToken.VALUE_NULL) {
            throw UNUSUAL;
        }
        return v;
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw UNUSUAL;
        }
    }

    private static <E extends Enum<E>> Map<String, E> byName(E[] values) {
        Map<String, E> map = new HashMap<>();
        for (E e : values) {
            map.put(e.name(), e);
        }
        return Map.copyOf(map);
    }
}
