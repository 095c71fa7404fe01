package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.StageTiming;
import io.callstorm.tracing.ServerTiming;
import io.callstorm.tracing.VoiceStage;

/**
 * What the served agent reports about an answered turn besides its words: {@code server_timing},
 * {@code annotations} and {@code tool_results} (each tool's name, status, duration, attempts, and its arguments,
 * result and error as text). The SSE stream's last chunk and the media stream's
 * {@code callstorm.transcript} carry the same fields, so a connector reads them the same way.
 */
final class ReplyExtension {
    private ReplyExtension() {
    }

    static void putInto(ObjectNode target, AgentReply reply) {
        target.put("server_timing", serverTiming(reply).toHeaderValue());
        ObjectNode annotations = target.putObject("annotations");
        reply.annotations().forEach(annotations::put);
        ArrayNode results = target.putArray("tool_results");
        for (ToolCall t : reply.toolCalls()) {
            results.addObject().put("name", t.name()).put("status", t.status().name())
                    .put("durationMs", t.durationMillis()).put("attempts", t.attempts())
                    .put("arguments", t.arguments()).put("result", t.result()).put("error", t.error());
        }
    }

    /** The reply's stage timings as a Server-Timing value; tool stages are described by the tool they called. */
    static ServerTiming serverTiming(AgentReply reply) {
        ServerTiming.Builder b = ServerTiming.builder();
        int tool = 0;
        for (StageTiming t : reply.stages()) {
            for (VoiceStage v : VoiceStage.values()) {
                if (v.reportStage() == t.stage()) {
                    double ms = t.latencyMicros() / 1000.0;
                    if (v == VoiceStage.TOOL && tool < reply.toolCalls().size()) {
                        b.add(v.wireName(), ms, reply.toolCalls().get(tool++).name());
                    } else {
                        b.add(v.wireName(), ms);
                    }
                }
            }
        }
        return b.build();
    }
}
