package io.callstorm.simulate.connect.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.core.transcript.Words;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.StageTiming;
import io.callstorm.simulate.connect.internal.AgentExtension;
import io.callstorm.tracing.ServerTiming;
import io.callstorm.tracing.VoiceStage;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One caller turn on the wire: the streamed response, parsed as its bytes arrive, and the turn's two timeouts
 * (first token, whole turn). Settles exactly once: a reply, an error, or a silent cancel. Confined to the call's
 * event loop: the connection hands it the response, the timers fire on the same loop.
 */
final class StreamedTurn {
    private static final double AGENT_WORDS_PER_MINUTE = 165;
    /** The most of an error response's body kept to read its message. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final HttpSseConnector connector;
    private final HttpSseCall call;
    final CallerTurn turn;
    private final AgentCallListener listener;
    private final EventLoop loop;
    /** The request's JSON body and trace headers, kept to send the request again on a fresh connection. */
    final byte[] body;
    final Map<String, String> trace;
    /** Whether the request was already sent again after a kept-alive connection turned out dead. */
    boolean retried;
    private boolean settled;
    private final SseLineParser parser = new SseLineParser(this::onEvent);
    private final StringBuilder text = new StringBuilder(256);
    private final Map<Integer, PartialToolCall> toolDeltas = new TreeMap<>();
    private final Map<String, String> annotations = new HashMap<>();
    private List<ToolCall> reportedTools = List.of();
    private ServerTiming timing = ServerTiming.empty();
    private boolean firstToken;
    private boolean streaming;
    private boolean finishReasonSeen;
    private int status;
    private HttpHeaders errorHeaders;
    private ByteArrayOutputStream errorBody;
    private ScheduledFuture<?> firstTokenTimer;
    private ScheduledFuture<?> turnTimer;

    StreamedTurn(HttpSseConnector connector, HttpSseCall call, CallerTurn turn, AgentCallListener listener,
                 EventLoop loop, byte[] body, Map<String, String> trace) {
        this.connector = connector;
        this.call = call;
        this.turn = turn;
        this.listener = listener;
        this.loop = loop;
        this.body = body;
        this.trace = trace;
    }

    void startTimers() {
        firstTokenTimer = loop.schedule(() -> {
            if (!firstToken) {
                fail(AgentException.of(AgentErrorKind.TIMEOUT, "no first token within "
                        + connector.firstTokenTimeout.toMillis() + " ms"));
            }
        }, connector.firstTokenTimeout.toNanos(), TimeUnit.NANOSECONDS);
        turnTimer = loop.schedule(() -> fail(AgentException.of(AgentErrorKind.TIMEOUT,
                "stream not finished within " + connector.turnTimeout.toMillis() + " ms")),
                connector.turnTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    // ---- the response, from the connection

    /** The status line and headers: chooses how to read the body. */
    void onResponse(HttpResponse response) {
        if (settled) {
            return;
        }
        status = response.status().code();
        if (status != 200) {
            errorHeaders = response.headers();
            errorBody = new ByteArrayOutputStream(256);
            return;
        }
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.startsWith("text/event-stream")) {
            fail(AgentException.withStatus(AgentErrorKind.PROTOCOL, null, 200,
                    "expected text/event-stream, got " + HttpFaults.clip(type)));
            return;
        }
        timing = ServerTiming.parse(response.headers().getAll(ServerTiming.HEADER_NAME));
        streaming = true;
    }

    /** A piece of the body (not released here). */
    void onContent(ByteBuf content) {
        if (settled) {
            return;
        }
        if (status != 200) {
            int room = MAX_ERROR_BODY - errorBody.size();
            if (room > 0) {
                int n = Math.min(room, content.readableBytes());
                byte[] bytes = new byte[n];
                content.getBytes(content.readerIndex(), bytes);
                errorBody.write(bytes, 0, n);
            }
            return;
        }
        try {
            parser.bytes(content);
        } catch (RuntimeException e) {
            fail(AgentException.wrap(AgentErrorKind.PROTOCOL, "malformed SSE: " + HttpFaults.clip(e.getMessage()), e));
        }
    }

    /** The response ended (its last chunk, or the close that ends a body without a length). */
    void onEnd() {
        if (settled) {
            return;
        }
        if (status != 200) {
            fail(HttpFaults.fromStatus(status, errorHeaders, errorBody.toString(StandardCharsets.UTF_8)));
            return;
        }
        try {
            parser.end();
        } catch (RuntimeException e) {
            fail(AgentException.wrap(AgentErrorKind.PROTOCOL, "malformed SSE: " + HttpFaults.clip(e.getMessage()), e));
            return;
        }
        if (settled) {
            return;
        }
        if (finishReasonSeen) {
            complete(); // some servers end with finish_reason and no [DONE]: the answer is whole
        } else if (parser.events() == 0 && parser.firstForeignLine() != null) {
            // a body with no event in it and lines that are no SSE field: an HTML page or JSON sent as a stream
            fail(AgentException.withStatus(AgentErrorKind.PROTOCOL, null, 200, "expected text/event-stream, got a "
                    + "body that is not one: " + HttpFaults.clip(abbreviate(parser.firstForeignLine()))));
        } else {
            // a reset by kind, so that the retry policy may cure it; the message names it (clustered apart)
            fail(AgentException.of(AgentErrorKind.CONNECTION_RESET, truncated("the response ended")));
        }
    }

    /** The connection failed or closed before the response ended; {@code cause} is null for a plain close. */
    void transportFailed(Throwable cause, boolean midResponse) {
        if (settled) {
            return;
        }
        if (cause != null) {
            fail(HttpFaults.fromThrowable(cause, streaming));
        } else if (streaming) {
            // closed (not reset) inside the event stream: the agent or a proxy cut the answer short
            fail(AgentException.of(AgentErrorKind.CONNECTION_RESET, truncated("the connection closed mid-response")));
        } else if (midResponse) {
            fail(AgentException.of(AgentErrorKind.CONNECTION_RESET, "connection closed mid-response"));
        } else {
            fail(AgentException.of(AgentErrorKind.CONNECTION_RESET, "connection closed before the response"));
        }
    }

    /** The message of a stream that ended before {@code [DONE]} and with no {@code finish_reason}. */
    private String truncated(String how) {
        return "stream closed before [DONE]: " + how + " after " + parser.events() + " events"
                + (firstToken ? "" : ", none with a token");
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }

    // ---- events

    private void onEvent(String event, String data) {
        if (settled) {
            return;
        }
        if (data.strip().equals("[DONE]")) {
            complete();
            return;
        }
        JsonNode chunk;
        try {
            chunk = HttpSseCall.JSON.readTree(data);
        } catch (IOException e) {
            fail(AgentException.wrap(AgentErrorKind.PROTOCOL, "malformed JSON in SSE data: "
                    + HttpFaults.clip(data), e));
            return;
        }
        if (chunk == null || !chunk.isObject()) {
            fail(AgentException.of(AgentErrorKind.PROTOCOL, "SSE data is not a JSON object: " + HttpFaults.clip(data)));
            return;
        }
        if (chunk.has("error") || event.equals("error")) {
            JsonNode error = chunk.has("error") ? chunk.get("error") : chunk;
            fail(HttpFaults.fromStreamError(error.isObject() ? error : chunk));
            return;
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        boolean token = false;
        JsonNode content = delta.path("content");
        if (content.isTextual() && !content.asText().isEmpty()) {
            text.append(content.asText());
            token = true;
        }
        JsonNode tools = delta.path("tool_calls");
        if (tools.isArray()) {
            for (JsonNode t : tools) {
                PartialToolCall p = toolDeltas.computeIfAbsent(t.path("index").asInt(toolDeltas.size()),
                        i -> new PartialToolCall());
                JsonNode fn = t.path("function");
                if (fn.path("name").isTextual()) {
                    p.name.append(fn.path("name").asText());
                }
                if (fn.path("arguments").isTextual()) {
                    p.arguments.append(fn.path("arguments").asText());
                }
                token = true;
            }
        }
        if (!choice.path("finish_reason").isMissingNode() && !choice.path("finish_reason").isNull()) {
            finishReasonSeen = true;
        }
        JsonNode ext = chunk.path("callstorm");
        if (ext.isObject()) {
            token |= ext.path("first_audio").asBoolean(false);
            readExtension(ext);
        }
        if (token && !firstToken) {
            firstToken = true;
            listener.onFirstAudio(turn.index(), System.nanoTime());
        }
    }

    /** Callstorm's timing extension: stage timings, annotations and tool results the agent reports in-band. */
    private void readExtension(JsonNode ext) {
        if (ext.path("server_timing").isTextual()) {
            timing = AgentExtension.serverTiming(ext);
        }
        AgentExtension.annotations(ext, annotations);
        if (ext.path("tool_results").isArray()) {
            reportedTools = AgentExtension.toolResults(ext);
        }
    }

    // ---- settling

    private void complete() {
        if (settled) {
            return;
        }
        settled = true;
        cancelTimers();
        String answer = text.toString().strip();
        int words = Words.count(answer);
        Duration audio = Duration.ofMillis(Math.round(words * 60_000.0 / AGENT_WORDS_PER_MINUTE));
        AgentReply reply = new AgentReply(turn.index(), answer, audio, toolCalls(), stages(), annotations);
        call.answered(this, turn, answer);
        if (!firstToken) {
            firstToken = true;
            listener.onFirstAudio(turn.index(), System.nanoTime());
        }
        listener.onReply(reply);
    }

    void fail(AgentException error) {
        if (settled) {
            return;
        }
        settled = true;
        cancelTimers();
        call.released(this);
        listener.onError(turn.index(), error);
    }

    /** Ends the turn without a word to the listener: the call hung up or a new turn superseded it. */
    void cancel() {
        if (!settled) {
            settled = true;
            cancelTimers();
            call.released(this);
        }
    }

    private void cancelTimers() {
        if (firstTokenTimer != null) {
            firstTokenTimer.cancel(false);
        }
        if (turnTimer != null) {
            turnTimer.cancel(false);
        }
    }

    private List<StageTiming> stages() {
        return AgentExtension.stages(timing);
    }

    private List<ToolCall> toolCalls() {
        if (!reportedTools.isEmpty()) {
            return reportedTools;
        }
        if (toolDeltas.isEmpty()) {
            return List.of();
        }
        // durations from Server-Timing "tool;dur=..;desc=name" entries, in order, when the agent sends them
        Map<String, List<Double>> durations = new HashMap<>();
        for (ServerTiming.Metric m : timing.metrics()) {
            if (AgentExtension.stageOf(m.name()) == VoiceStage.TOOL && m.durationMs().isPresent()
                    && m.description().isPresent()) {
                durations.computeIfAbsent(m.description().get(), k -> new ArrayList<>())
                        .add(m.durationMs().getAsDouble());
            }
        }
        List<ToolCall> out = new ArrayList<>(toolDeltas.size());
        for (PartialToolCall p : toolDeltas.values()) {
            String name = p.name.length() == 0 ? "unknown" : p.name.toString();
            List<Double> d = durations.get(name);
            long ms = d == null || d.isEmpty() ? 0 : Math.round(d.remove(0));
            // the arguments as the model streamed them; the result comes in the agent's tool_results, if it sends one
            out.add(new ToolCall(name, ToolCallStatus.OK, ms, 1, p.arguments.toString(), "", ""));
        }
        return out;
    }

    /** A tool call assembled from its deltas. */
    private static final class PartialToolCall {
        final StringBuilder name = new StringBuilder();
        final StringBuilder arguments = new StringBuilder();
    }
}
