package io.callstorm.eval.transcripts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.CallStatus;
import io.callstorm.core.Outcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a line says about its conversation besides the turns, the same keys in both formats: {@code callId} (or
 * {@code id}), {@code personaId} (or {@code persona}), {@code pathId} (or {@code path}), {@code expectedOutcome},
 * {@code expectedToolCalls}, {@code status} and {@code labels}. An OpenAI line may also put them in a
 * {@code metadata} object.
 */
record LineMetadata(String callId, String personaId, String pathId, Optional<Outcome> expectedOutcome,
                    Optional<List<String>> expectedToolCalls, CallStatus status, Map<String, Boolean> labels) {
    static final List<Outcome> EXPECTABLE = Arrays.stream(Outcome.values()).filter(Outcome::isExpectable).toList();

    static LineMetadata read(JsonNode root, LineProblems p) {
        JsonNode meta = root.get("metadata");
        String callId = first(p, root, meta, "callId", "id").orElse("line-" + p.line());
        String persona = first(p, root, meta, "personaId", "persona").orElse("");
        String path = first(p, root, meta, "pathId", "path").orElse("");
        Optional<Outcome> expected = Optional.empty();
        JsonNode holder = holderOf(root, meta, "expectedOutcome");
        if (holder != null) {
            // calls.jsonl writes "" for a call without one; that is no statement
            expected = p.constant(holder, "expectedOutcome", path(holder, root, "expectedOutcome"), Outcome.class,
                    EXPECTABLE);
        }
        Optional<List<String>> tools = Optional.empty();
        holder = holderOf(root, meta, "expectedToolCalls");
        if (holder != null) {
            tools = toolNames(holder.get("expectedToolCalls"), path(holder, root, "expectedToolCalls"), p);
        }
        CallStatus status = CallStatus.COMPLETED;
        holder = holderOf(root, meta, "status");
        if (holder != null) {
            status = p.constant(holder, "status", path(holder, root, "status"), CallStatus.class,
                    List.of(CallStatus.values())).orElse(CallStatus.COMPLETED);
        }
        Map<String, Boolean> labels = new LinkedHashMap<>();
        holder = holderOf(root, meta, "labels");
        if (holder != null) {
            JsonNode l = holder.get("labels");
            String lp = path(holder, root, "labels");
            if (!l.isObject()) {
                p.add(lp, "expected an object of rubric to true or false, got " + LineProblems.shown(l));
            } else {
                l.properties().forEach(e -> {
                    if (e.getValue().isBoolean()) {
                        labels.put(e.getKey(), e.getValue().asBoolean());
                    } else if (!e.getValue().isNull()) {
                        p.add(lp + "." + e.getKey(), "expected true or false, got " + LineProblems.shown(e.getValue()));
                    }
                });
            }
        }
        return new LineMetadata(callId, persona, path, expected, tools, status, labels);
    }

    private static Optional<List<String>> toolNames(JsonNode n, String path, LineProblems p) {
        if (n.isNull()) {
            return Optional.empty();
        }
        if (!n.isArray()) {
            p.add(path, "expected an array of tool names, got " + LineProblems.shown(n));
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode t = n.get(i);
            if (t.isTextual() && !t.asText().isBlank()) {
                names.add(t.asText().strip());
            } else {
                p.add(path + "[" + i + "]", "expected a tool name, got " + LineProblems.shown(t));
            }
        }
        return Optional.of(names);
    }

    /** The first of {@code keys} present (top level first, then {@code metadata}), read as a string. */
    private static Optional<String> first(LineProblems p, JsonNode root, JsonNode meta, String... keys) {
        for (String key : keys) {
            JsonNode holder = holderOf(root, meta, key);
            if (holder != null) {
                Optional<String> s = p.string(holder, key, path(holder, root, key));
                if (s.isPresent() && !s.get().isBlank()) {
                    return s.map(String::strip);
                }
            }
        }
        return Optional.empty();
    }

    /** The object that holds a non-null {@code key}: the line itself, else its {@code metadata} object; or null. */
    private static JsonNode holderOf(JsonNode root, JsonNode meta, String key) {
        if (root.hasNonNull(key)) {
            return root;
        }
        if (meta != null && meta.isObject() && meta.hasNonNull(key)) {
            return meta;
        }
        return null;
    }

    private static String path(JsonNode holder, JsonNode root, String key) {
        return holder == root ? key : "metadata." + key;
    }
}
