package io.callstorm.eval.transcripts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.transcript.Speaker;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.core.transcript.TranscriptTurn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The turns of a native line: {@code turns: [{speaker, text, offsetMillis, toolCalls: [{name, status,
 * durationMillis, attempts, arguments, result, error}]}]}. A run's {@code calls.jsonl} line has the same shape with
 * {@code atMs} for {@code offsetMillis}; its measurement keys are ignored.
 */
final class NativeLines {
    private static final List<ToolCallStatus> TOOL_STATUSES = List.of(ToolCallStatus.values());
    private static final List<Speaker> SPEAKERS = List.of(Speaker.values());

    private NativeLines() {
    }

    static List<TranscriptTurn> turns(JsonNode root, LineProblems p) {
        JsonNode turns = root.get("turns");
        if (turns == null || turns.isNull()) {
            p.add("turns", "missing: a line needs turns (native) or messages (OpenAI chat)");
            return List.of();
        }
        if (!turns.isArray()) {
            p.add("turns", "expected an array of turns, got " + LineProblems.shown(turns));
            return List.of();
        }
        if (turns.isEmpty()) {
            p.add("turns", "empty: a conversation needs at least one turn");
            return List.of();
        }
        List<TranscriptTurn> out = new ArrayList<>(turns.size());
        for (int i = 0; i < turns.size(); i++) {
            String path = "turns[" + i + "]";
            JsonNode t = turns.get(i);
            if (!t.isObject()) {
                p.add(path, "expected an object with speaker and text, got " + LineProblems.shown(t));
                continue;
            }
            Optional<Speaker> speaker = Optional.empty();
            if (!t.hasNonNull("speaker")) {
                p.add(path + ".speaker", "missing: expected CALLER or AGENT");
            } else {
                speaker = p.constant(t, "speaker", path + ".speaker", Speaker.class, SPEAKERS);
            }
            Optional<String> text = p.string(t, "text", path + ".text");
            if (!t.hasNonNull("text")) {
                p.add(path + ".text", "missing: expected what was said (a string, empty if nothing)");
            }
            long offset = t.has("offsetMillis") ? p.count(t, "offsetMillis", path + ".offsetMillis", 0)
                    : p.count(t, "atMs", path + ".atMs", 0);
            List<ToolCall> calls = toolCalls(t.get("toolCalls"), path + ".toolCalls", p);
            if (speaker.isPresent() && speaker.get() == Speaker.CALLER && !calls.isEmpty()) {
                p.add(path + ".toolCalls", "a CALLER turn has no tool calls; tool calls belong to AGENT turns");
            }
            if (speaker.isPresent() && text.isPresent()) {
                out.add(new TranscriptTurn(speaker.get(), text.get(), offset, calls));
            }
        }
        return out;
    }

    private static List<ToolCall> toolCalls(JsonNode calls, String path, LineProblems p) {
        if (calls == null || calls.isNull()) {
            return List.of();
        }
        if (!calls.isArray()) {
            p.add(path, "expected an array of tool calls, got " + LineProblems.shown(calls));
            return List.of();
        }
        List<ToolCall> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            String cp = path + "[" + i + "]";
            JsonNode c = calls.get(i);
            if (!c.isObject()) {
                p.add(cp, "expected an object with name and status, got " + LineProblems.shown(c));
                continue;
            }
            Optional<String> name = p.string(c, "name", cp + ".name");
            if (name.isEmpty() || name.get().isBlank()) {
                if (!c.hasNonNull("name") || name.isPresent()) {
                    p.add(cp + ".name", "missing: expected the tool's name");
                }
                continue;
            }
            ToolCallStatus status = p.constant(c, "status", cp + ".status", ToolCallStatus.class, TOOL_STATUSES)
                    .orElse(ToolCallStatus.OK);
            long duration = p.count(c, "durationMillis", cp + ".durationMillis", 0);
            long attempts = p.count(c, "attempts", cp + ".attempts", 1);
            out.add(new ToolCall(name.get().strip(), status, duration, (int) Math.max(1, Math.min(attempts,
                    Integer.MAX_VALUE)), LineProblems.jsonText(c.get("arguments")),
                    LineProblems.jsonText(c.get("result")), LineProblems.jsonText(c.get("error"))));
        }
        return out;
    }
}
