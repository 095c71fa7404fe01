package io.callstorm.simulate.connect.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.simulate.connect.StageTiming;
import io.callstorm.tracing.ServerTiming;
import io.callstorm.tracing.VoiceStage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Callstorm's in-band extension, the object an agent adds to an SSE chunk ({@code callstorm}) or a media
 * stream's {@code callstorm.transcript} event: {@code server_timing}, {@code annotations}, {@code tool_results}.
 * Both network connectors read it the same way.
 */
public final class AgentExtension {
    private AgentExtension() {
    }

    /** The stage latencies of a Server-Timing value: {@code stt}, {@code llm}, {@code tts}, {@code tool} metrics. */
    public static List<StageTiming> stages(ServerTiming timing) {
        List<StageTiming> out = new ArrayList<>(4);
        for (ServerTiming.Metric m : timing.metrics()) {
            VoiceStage stage = stageOf(m.name());
            if (stage != null && m.durationMs().isPresent()) {
                out.add(new StageTiming(stage.reportStage(), Math.round(m.durationMs().getAsDouble() * 1000)));
            }
        }
        return out;
    }

    /** The stage a Server-Timing metric name stands for, or null. */
    public static VoiceStage stageOf(String metricName) {
        for (VoiceStage s : VoiceStage.values()) {
            if (s.wireName().equalsIgnoreCase(metricName)) {
                return s;
            }
        }
        return null;
    }

    /** The {@code server_timing} of an extension object; empty when absent. */
    public static ServerTiming serverTiming(JsonNode extension) {
        JsonNode t = extension.path("server_timing");
        return t.isTextual() ? ServerTiming.parse(t.asText()) : ServerTiming.empty();
    }

    /** Adds the {@code annotations} of an extension object to {@code into}. */
    public static void annotations(JsonNode extension, Map<String, String> into) {
        extension.path("annotations").properties().forEach(e -> into.put(e.getKey(), e.getValue().asText()));
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        return node.isTextual() ? node.asText() : node.toString();
    }

    /** The {@code tool_results} of an extension object (status {@code OK}/{@code TIMEOUT}/{@code ERROR}). */
    public static List<ToolCall> toolResults(JsonNode extension) {
        JsonNode results = extension.path("tool_results");
        if (!results.isArray()) {
            return List.of();
        }
        List<ToolCall> out = new ArrayList<>(results.size());
        for (JsonNode r : results) {
            ToolCallStatus status;
            try {
                status = ToolCallStatus.valueOf(r.path("status").asText("OK").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                status = ToolCallStatus.ERROR;
            }
            // arguments, result and error as text; an agent that sends an object instead is read as its JSON
            out.add(new ToolCall(r.path("name").asText("unknown"), status, r.path("durationMs").asLong(0),
                    Math.max(1, r.path("attempts").asInt(1)), text(r.get("arguments")), text(r.get("result")),
                    text(r.get("error"))));
        }
        return out;
    }
}
