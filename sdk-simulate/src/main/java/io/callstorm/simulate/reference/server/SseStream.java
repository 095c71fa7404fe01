package io.callstorm.simulate.reference.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.callstorm.core.Stage;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.StageTiming;
import io.callstorm.tracing.ServerTiming;
import io.callstorm.tracing.VoiceStage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streamed answer to one chat request, in the OpenAI chunk format. Every write runs on the stream's writer
 * thread, in order, so that the agent's loop never waits on a socket. Headers are held back until the first
 * event: an error before first audio is still a proper status (429 with Retry-After, 5xx).
 */
final class SseStream {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpExchange exchange;
    private final Executor writer;
    private final int turnIndex;
    private final String model;
    private final String id;
    private final long created = System.currentTimeMillis() / 1000;
    private OutputStream out; // writer thread only
    private boolean closed; // writer thread only

    SseStream(HttpExchange exchange, Executor writer, int turnIndex, String model, AtomicInteger ids) {
        this.exchange = exchange;
        this.writer = writer;
        this.turnIndex = turnIndex;
        this.model = model;
        this.id = "chatcmpl-cs" + ids.incrementAndGet();
    }

    int turnIndex() {
        return turnIndex;
    }

    void firstAudio() {
        run(() -> {
            ObjectNode chunk = chunk();
            delta(chunk).put("role", "assistant").put("content", "");
            chunk.putObject("callstorm").put("first_audio", true);
            write(chunk);
        });
    }

    void reply(AgentReply reply) {
        run(() -> {
            List<ToolCall> tools = reply.toolCalls();
            if (!tools.isEmpty()) {
                ObjectNode chunk = chunk();
                ArrayNode calls = delta(chunk).putArray("tool_calls");
                for (int i = 0; i < tools.size(); i++) {
                    ObjectNode c = calls.addObject().put("index", i).put("id", id + "-tool" + i).put("type", "function");
                    c.putObject("function").put("name", tools.get(i).name()).put("arguments", "{}");
                }
                write(chunk);
            }
            for (String piece : pieces(reply.text())) {
                ObjectNode chunk = chunk();
                delta(chunk).put("content", piece);
                write(chunk);
            }
            ObjectNode last = chunk();
            delta(last);
            ((ObjectNode) last.get("choices").get(0)).put("finish_reason", "stop");
            ObjectNode ext = last.putObject("callstorm");
            ext.put("server_timing", serverTiming(reply).toHeaderValue());
            ObjectNode annotations = ext.putObject("annotations");
            reply.annotations().forEach(annotations::put);
            ArrayNode results = ext.putArray("tool_results");
            for (ToolCall t : tools) {
                results.addObject().put("name", t.name()).put("status", t.status().name())
                        .put("durationMs", t.durationMillis()).put("attempts", t.attempts());
            }
            write(last);
            if (out != null) {
                out.write(DONE);
                out.flush();
            }
            close();
        });
    }

    void error(AgentException e) {
        run(() -> {
            String stage = e.stage().map(Stage::wireName).orElse("");
            if (out == null) {
                int status = e.kind() == AgentErrorKind.RATE_LIMITED ? 429 : e.status().orElse(500);
                if (status < 400) {
                    status = 500;
                }
                e.retryAfter().ifPresent(d -> {
                    exchange.getResponseHeaders().set("Retry-After", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000)));
                    exchange.getResponseHeaders().set("retry-after-ms", Long.toString(Math.max(1, d.toMillis())));
                });
                if (!stage.isEmpty()) {
                    exchange.getResponseHeaders().set("X-Callstorm-Stage", stage);
                }
                String type = e.kind() == AgentErrorKind.RATE_LIMITED ? "rate_limit_error" : "server_error";
                ObjectNode body = ReferenceAgentServer.JSON.createObjectNode();
                body.putObject("error").put("message", String.valueOf(e.getMessage())).put("type", type)
                        .put("stage", stage);
                closed = true;
                ReferenceAgentServer.respond(exchange, status, "application/json", body.toString());
                return;
            }
            ObjectNode chunk = ReferenceAgentServer.JSON.createObjectNode();
            chunk.putObject("error").put("message", String.valueOf(e.getMessage()))
                    .put("type", e.kind() == AgentErrorKind.RATE_LIMITED ? "rate_limit_error" : "server_error")
                    .put("stage", stage);
            write(chunk);
            close();
        });
    }

    /** The client went away or was superseded: end the response without an answer. */
    void abandon() {
        run(this::close);
    }

    private void run(IoAction action) {
        try {
            writer.execute(() -> {
                if (closed) {
                    return;
                }
                try {
                    action.run();
                } catch (IOException | RuntimeException gone) {
                    closed = true; // the client hung up mid-answer
                    exchange.close();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            exchange.close();
        }
    }

    private void write(ObjectNode chunk) throws IOException {
        if (out == null) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            out = exchange.getResponseBody();
        }
        out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (out == null) {
            ReferenceAgentServer.respond(exchange, 499, "application/json",
                    ReferenceAgentServer.error("superseded", "cancelled"));
            return;
        }
        out.close();
        exchange.close();
    }

    private ObjectNode chunk() {
        ObjectNode c = ReferenceAgentServer.JSON.createObjectNode();
        c.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
        c.putArray("choices").addObject().put("index", 0).putNull("finish_reason");
        return c;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return ((ObjectNode) chunk.get("choices").get(0)).putObject("delta");
    }

    /** The text in a few chunks of words, as a model streams it. */
    private static List<String> pieces(String text) {
        String[] words = text.split(" ");
        List<String> out = new ArrayList<>(4);
        int per = Math.max(1, (words.length + 3) / 4);
        for (int i = 0; i < words.length; i += per) {
            StringBuilder sb = new StringBuilder();
            for (int j = i; j < Math.min(words.length, i + per); j++) {
                sb.append(j == 0 ? "" : " ").append(words[j]);
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static ServerTiming serverTiming(AgentReply reply) {
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

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
