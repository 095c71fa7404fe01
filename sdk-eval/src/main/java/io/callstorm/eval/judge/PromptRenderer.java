package io.callstorm.eval.judge;

import io.callstorm.core.Conversation;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.eval.EvalInput;
import io.callstorm.eval.audio.AudioLevels;
import io.callstorm.eval.audio.PcmAudio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills a template's {@code {{placeholder}}} slots from evaluation inputs. */
final class PromptRenderer {
    private static final int MAX_TOOL_TEXT = 400;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z][a-z0-9_]*)\\s*}}");

    private PromptRenderer() {
    }

    /** The filled prompt, or empty with the unfilled names in {@code unfilled}. */
    static Optional<String> render(String prompt, EvalInput input, List<String> unfilled) {
        Map<String, String> values = values(input);
        Matcher m = PLACEHOLDER.matcher(prompt);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                if (!unfilled.contains(m.group(1))) {
                    unfilled.add(m.group(1));
                }
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return unfilled.isEmpty() ? Optional.of(out.toString()) : Optional.empty();
    }

    /** Placeholder values: each input by its key name, and the parts of a conversation by their own names. */
    static Map<String, String> values(EvalInput input) {
        Map<String, String> v = new LinkedHashMap<>();
        input.asMap().forEach((name, value) -> v.put(name, text(value)));
        input.conversation().ifPresent(c -> {
            v.put("transcript", transcript(c));
            v.put("expected_outcome", c.expectedOutcome().name());
            v.put("expected_tool_calls", c.expectedToolCalls().isEmpty() ? "(none)"
                    : String.join(", ", c.expectedToolCalls()));
            v.put("call_status", c.status().name());
            v.put("call_id", c.callId());
            v.put("persona_id", c.personaId());
            v.put("path_id", c.pathId());
            v.put("language", c.language().isEmpty() ? "unknown" : c.language());
        });
        return v;
    }

    /**
     * One line per turn, {@code CALLER: ...} / {@code AGENT: ... [tools: name STATUS args={..} result={..}, ...]}:
     * a tool's arguments, result and error, when the agent reported them, so the judge can tell a right lookup
     * from a wrong one and see whether a result reached the caller.
     */
    static String transcript(Conversation conversation) {
        StringBuilder b = new StringBuilder();
        for (TranscriptTurn turn : conversation.transcript().turns()) {
            b.append(turn.speaker().name()).append(": ").append(turn.text().strip());
            if (!turn.toolCalls().isEmpty()) {
                List<String> calls = new ArrayList<>();
                for (ToolCall call : turn.toolCalls()) {
                    calls.add(describe(call));
                }
                b.append(" [tools: ").append(String.join(", ", calls)).append(']');
            }
            b.append('\n');
        }
        return b.length() == 0 ? "(no turns)" : b.substring(0, b.length() - 1);
    }

    private static String describe(ToolCall call) {
        StringBuilder b = new StringBuilder(call.name()).append(' ').append(call.status());
        if (!ToolCall.NO_ARGUMENTS.equals(call.arguments())) {
            b.append(" args=").append(clip(call.arguments()));
        }
        if (!call.result().isEmpty()) {
            b.append(" result=").append(clip(call.result()));
        }
        if (!call.error().isEmpty()) {
            b.append(" error=").append(clip(call.error()));
        }
        return b.toString();
    }

    /** A long record is cut: the judge needs its gist, and the prompt's size is paid for per call. */
    private static String clip(String text) {
        String oneLine = text.strip().replace('\n', ' ');
        return oneLine.length() <= MAX_TOOL_TEXT ? oneLine : oneLine.substring(0, MAX_TOOL_TEXT) + "...";
    }

    private static String text(Object value) {
        if (value instanceof Conversation c) {
            return transcript(c);
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                b.append(i + 1).append(". ").append(list.get(i)).append('\n');
            }
            return list.isEmpty() ? "(none)" : b.substring(0, b.length() - 1);
        }
        if (value instanceof PcmAudio audio) {
            return audio.sampleCount() == 0 ? "(no samples)" : AudioLevels.measure(audio).describe();
        }
        return String.valueOf(value);
    }
}
