package io.callstorm.eval.transcripts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.core.transcript.TranscriptTurn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The turns of an OpenAI chat line, {@code messages: [{role, content, tool_calls, tool_call_id}]}:
 * <ul>
 *   <li>{@code user} is a CALLER turn, {@code assistant} an AGENT turn; {@code system} and {@code developer} are
 *       skipped;</li>
 *   <li>an assistant message with {@code tool_calls} and no content is the agent working, not speaking: its calls
 *       join the next assistant message that speaks (or, when the caller speaks first or the list ends, an AGENT
 *       turn with empty text of their own);</li>
 *   <li>a {@code tool} message is the result of the call its {@code tool_call_id} names: its content is the call's
 *       result; content that is a JSON object with a non-null {@code error}, or with a {@code status} other than
 *       ok/success, makes the call an {@code ERROR} (a status of timeout/timed_out a {@code TIMEOUT}) with that text
 *       as its error;</li>
 *   <li>a tool call no tool message answers counts as made ({@code OK}) with no result: the chat API refuses a
 *       history with an unanswered call, so a missing tool message is a trimmed log, not a failed call;</li>
 *   <li>content may be a string or a list of parts, whose {@code text} parts are joined.</li>
 * </ul>
 */
final class OpenAiLines {
    private static final Set<String> SKIPPED_ROLES = Set.of("system", "developer");
    private static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool");
    private static final Set<String> OK_STATUSES = Set.of("ok", "success", "succeeded", "successful", "done");
    private static final Set<String> TIMEOUT_STATUSES = Set.of("timeout", "timed_out", "timedout");
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiLines() {
    }

    /** A tool call being assembled: its result arrives in a later message. */
    private static final class Call {
        final String name;
        final String arguments;
        ToolCallStatus status = ToolCallStatus.OK;
        String result = "";
        String error = "";
        boolean answered;

        Call(String name, String arguments) {
            this.name = name;
            this.arguments = arguments;
        }

        ToolCall toToolCall() {
            return new ToolCall(name, status, 0, 1, arguments, result, error);
        }
    }

    /** A turn being assembled: an agent turn's calls may still get their results. */
    private record Turn(boolean caller, String text, List<Call> calls) {
        TranscriptTurn toTurn() {
            return caller ? TranscriptTurn.caller(text, 0)
                    : TranscriptTurn.agent(text, 0, calls.stream().map(Call::toToolCall).toList());
        }
    }

    static List<TranscriptTurn> turns(JsonNode root, LineProblems p) {
        JsonNode messages = root.get("messages");
        if (!messages.isArray()) {
            p.add("messages", "expected an array of chat messages, got " + LineProblems.shown(messages));
            return List.of();
        }
        List<Turn> turns = new ArrayList<>();
        List<Call> waiting = new ArrayList<>(); // called by an assistant message that did not speak
        Map<String, Call> byId = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            String path = "messages[" + i + "]";
            JsonNode m = messages.get(i);
            if (!m.isObject()) {
                p.add(path, "expected an object with role and content, got " + LineProblems.shown(m));
                continue;
            }
            Optional<String> roleText = p.string(m, "role", path + ".role");
            if (roleText.isEmpty()) {
                if (!m.hasNonNull("role")) {
                    p.add(path + ".role", "missing: expected " + LineProblems.orList(ROLES));
                }
                continue;
            }
            String role = roleText.get().strip().toLowerCase(Locale.ROOT);
            if (SKIPPED_ROLES.contains(role)) {
                continue;
            }
            switch (role) {
                case "user" -> {
                    Optional<String> text = content(m, path, p);
                    flush(waiting, turns);
                    text.ifPresent(t -> turns.add(new Turn(true, t, List.of())));
                }
                case "assistant" -> {
                    List<Call> calls = toolCalls(m.get("tool_calls"), path + ".tool_calls", byId, p);
                    Optional<String> text = m.hasNonNull("content") ? content(m, path, p) : Optional.of("");
                    if (text.isEmpty()) {
                        continue;
                    }
                    if (text.get().isBlank()) {
                        if (calls.isEmpty() && !m.hasNonNull("tool_calls")) {
                            p.add(path + ".content", "an assistant message needs content or tool_calls");
                        }
                        waiting.addAll(calls);
                    } else {
                        List<Call> all = new ArrayList<>(waiting);
                        all.addAll(calls);
                        waiting.clear();
                        turns.add(new Turn(false, text.get(), all));
                    }
                }
                case "tool" -> toolResult(m, path, byId, p);
                default -> p.add(path + ".role", "expected " + LineProblems.orList(ROLES) + ", got '"
                        + LineProblems.cut(roleText.get()) + "'");
            }
        }
        flush(waiting, turns);
        if (turns.isEmpty() && p.isEmpty()) {
            p.add("messages", "no user or assistant message: nothing to score");
        }
        return turns.stream().map(Turn::toTurn).toList();
    }

    /** Calls no speaking assistant message took: an agent turn of their own, with empty text. */
    private static void flush(List<Call> waiting, List<Turn> turns) {
        if (!waiting.isEmpty()) {
            turns.add(new Turn(false, "", List.copyOf(waiting)));
            waiting.clear();
        }
    }

    /** A message's content as text: a string, or the text parts of a list joined by newlines. */
    private static Optional<String> content(JsonNode m, String path, LineProblems p) {
        JsonNode c = m.get("content");
        if (c == null || c.isNull()) {
            p.add(path + ".content", "missing: expected the message's text");
            return Optional.empty();
        }
        if (c.isTextual()) {
            return Optional.of(c.asText());
        }
        if (c.isArray()) {
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < c.size(); k++) {
                JsonNode part = c.get(k);
                if (part.isTextual()) {
                    append(text, part.asText());
                } else if (part.isObject() && part.path("text").isTextual()) {
                    append(text, part.get("text").asText());
                } else if (!part.isObject() || !part.has("type")) {
                    p.add(path + ".content[" + k + "]", "expected a text part {\"type\": \"text\", \"text\": ...}, got "
                            + LineProblems.shown(part));
                    return Optional.empty();
                }
                // other typed parts (audio, images) carry no text to score
            }
            return Optional.of(text.toString());
        }
        p.add(path + ".content", "expected a string or a list of text parts, got " + LineProblems.shown(c));
        return Optional.empty();
    }

    private static void append(StringBuilder text, String part) {
        if (!text.isEmpty()) {
            text.append('\n');
        }
        text.append(part);
    }

    private static List<Call> toolCalls(JsonNode calls, String path, Map<String, Call> byId, LineProblems p) {
        if (calls == null || calls.isNull()) {
            return List.of();
        }
        if (!calls.isArray()) {
            p.add(path, "expected an array of tool calls, got " + LineProblems.shown(calls));
            return List.of();
        }
        List<Call> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            String cp = path + "[" + i + "]";
            JsonNode c = calls.get(i);
            JsonNode f = c.path("function");
            if (!c.isObject() || !f.isObject()) {
                p.add(cp + ".function", "expected {\"name\", \"arguments\"}, got "
                        + (c.isObject() ? f.isMissingNode() ? "nothing" : LineProblems.shown(f) : LineProblems.shown(c)));
                continue;
            }
            Optional<String> name = p.string(f, "name", cp + ".function.name");
            if (name.isEmpty() || name.get().isBlank()) {
                if (!f.hasNonNull("name") || name.isPresent()) {
                    p.add(cp + ".function.name", "missing: expected the tool's name");
                }
                continue;
            }
            Call call = new Call(name.get().strip(), LineProblems.jsonText(f.get("arguments")));
            p.string(c, "id", cp + ".id").ifPresent(id -> {
                if (byId.putIfAbsent(id, call) != null) {
                    p.add(cp + ".id", "'" + LineProblems.cut(id) + "' is the id of an earlier tool call");
                }
            });
            out.add(call);
        }
        return out;
    }

    private static void toolResult(JsonNode m, String path, Map<String, Call> byId, LineProblems p) {
        Optional<String> id = p.string(m, "tool_call_id", path + ".tool_call_id");
        if (id.isEmpty()) {
            if (!m.hasNonNull("tool_call_id")) {
                p.add(path + ".tool_call_id", "missing: a tool message names the call it answers");
            }
            return;
        }
        Call call = byId.get(id.get());
        if (call == null) {
            p.add(path + ".tool_call_id", "no earlier assistant tool call has the id '" + LineProblems.cut(id.get())
                    + "'");
            return;
        }
        if (call.answered) {
            p.add(path + ".tool_call_id", "the call '" + LineProblems.cut(id.get()) + "' was already answered");
            return;
        }
        call.answered = true;
        JsonNode c = m.get("content");
        String text = c == null || c.isNull() ? "" : c.isArray() ? joinedParts(c) : LineProblems.jsonText(c);
        call.result = text;
        JsonNode result = parseObject(text);
        if (result == null) {
            return;
        }
        JsonNode error = result.get("error");
        if (error != null && !error.isNull() && !(error.isBoolean() && !error.asBoolean())) {
            call.status = ToolCallStatus.ERROR;
            call.error = error.isObject() && error.path("message").isTextual() ? error.get("message").asText()
                    : LineProblems.jsonText(error);
            return;
        }
        JsonNode status = result.get("status");
        if (status != null && status.isTextual()) {
            String s = status.asText().strip().toLowerCase(Locale.ROOT);
            if (TIMEOUT_STATUSES.contains(s)) {
                call.status = ToolCallStatus.TIMEOUT;
                call.error = "status " + status.asText();
            } else if (!OK_STATUSES.contains(s)) {
                call.status = ToolCallStatus.ERROR;
                call.error = result.path("message").isTextual() ? "status " + status.asText() + ": "
                        + result.get("message").asText() : "status " + status.asText();
            }
        }
    }

    private static String joinedParts(JsonNode parts) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : parts) {
            if (part.isTextual()) {
                append(text, part.asText());
            } else if (part.path("text").isTextual()) {
                append(text, part.get("text").asText());
            }
        }
        return text.toString();
    }

    /** The text as a JSON object, or null when it is not one. */
    private static JsonNode parseObject(String text) {
        String t = text.strip();
        if (!t.startsWith("{")) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(t);
            return n != null && n.isObject() ? n : null;
        } catch (Exception e) {
            return null;
        }
    }
}
