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

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One caller turn on the wire: the streamed response, parsed line by line as it arrives, and the turn's two
 * timeouts (first token, whole turn). Settles exactly once: a reply, an error, or a silent cancel. Lines arrive
 * serially on the client's executor; timers fire on the connector's timer thread; {@link #settled} decides.
 */
final class StreamedTurn implements Flow.Subscriber<String> {
    private static final double AGENT_WORDS_PER_MINUTE = 165;

    private final HttpSseConnector connector;
    private final HttpSseCall call;
    private final CallerTurn turn;
    private final AgentCallListener listener;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final SseLineParser parser = new SseLineParser(this::onEvent);
    private final StringBuilder text = new StringBuilder(256);
    private final Map<Integer, PartialToolCall> toolDeltas = new TreeMap<>();
    private final Map<String, String> annotations = new HashMap<>();
    private List<ToolCall> reportedTools = List.of();
    private ServerTiming timing = ServerTiming.empty();
    private volatile boolean firstToken;
    private volatile boolean streaming;
    private boolean finishReasonSeen;
    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<HttpResponse<Void>> exchange;
    private ScheduledFuture<?> firstTokenTimer;
    private ScheduledFuture<?> turnTimer;

    StreamedTurn(HttpSseConnector connector, HttpSseCall call, CallerTurn turn, AgentCallListener listener) {
        this.connector = connector;
        this.call = call;
        this.turn = turn;
        this.listener = listener;
    }

    void start(HttpRequest request) {
        try {
            firstTokenTimer = connector.timers.schedule(() -> {
                if (!firstToken) {
                    fail(AgentException.of(AgentErrorKind.TIMEOUT, "no first token within "
                            + connector.firstTokenTimeout.toMillis() + " ms"));
                }
            }, connector.firstTokenTimeout.toNanos(), TimeUnit.NANOSECONDS);
            turnTimer = connector.timers.schedule(() -> fail(AgentException.of(AgentErrorKind.TIMEOUT,
                    "stream not finished within " + connector.turnTimeout.toMillis() + " ms")),
                    connector.turnTimeout.toNanos(), TimeUnit.NANOSECONDS);
            exchange = connector.client.sendAsync(request, this::body);
        } catch (RuntimeException e) { // a closed connector rejects the timers or the send
            fail(AgentException.wrap(AgentErrorKind.OTHER, "connector closed: " + e, e));
            return;
        }
        exchange.whenComplete((response, error) -> {
            if (error != null) {
                fail(HttpFaults.fromThrowable(error, streaming));
            }
        });
        if (settled.get()) {
            exchange.cancel(true);
        }
    }

    /** Chooses how to read the body from the status line and headers. */
    private HttpResponse.BodySubscriber<Void> body(HttpResponse.ResponseInfo info) {
        if (info.statusCode() != 200) {
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                    body -> {
                        fail(HttpFaults.fromStatus(info.statusCode(), info.headers(), body));
                        return null;
                    });
        }
        String type = info.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.startsWith("text/event-stream")) {
            fail(AgentException.withStatus(AgentErrorKind.PROTOCOL, null, 200,
                    "expected text/event-stream, got " + HttpFaults.clip(type)));
            return HttpResponse.BodySubscribers.discarding();
        }
        timing = ServerTiming.parse(info.headers().allValues(ServerTiming.HEADER_NAME));
        streaming = true;
        return HttpResponse.BodySubscribers.fromLineSubscriber(this, s -> null, StandardCharsets.UTF_8, null);
    }

    // ---- the line subscriber

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (settled.get()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(String line) {
        if (settled.get()) {
            return;
        }
        try {
            parser.line(line);
        } catch (RuntimeException e) {
            fail(AgentException.wrap(AgentErrorKind.PROTOCOL, "malformed SSE: " + HttpFaults.clip(e.getMessage()), e));
        }
    }

    @Override
    public void onError(Throwable t) {
        fail(HttpFaults.fromThrowable(t, true));
    }

    @Override
    public void onComplete() {
        if (settled.get()) {
            return;
        }
        parser.end();
        if (settled.get()) {
            return;
        }
        if (finishReasonSeen) {
            complete(); // some servers end with finish_reason and no [DONE]: the answer is whole
        } else {
            fail(AgentException.of(AgentErrorKind.CONNECTION_RESET, "stream closed before [DONE]"));
        }
    }

    // ---- events

    private void onEvent(String event, String data) {
        if (settled.get()) {
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
        if (!settled.compareAndSet(false, true)) {
            return;
        }
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
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        release();
        call.failed(this);
        listener.onError(turn.index(), error);
    }

    /** Ends the turn without a word to the listener: the call hung up or a new turn superseded it. */
    void cancel() {
        if (settled.compareAndSet(false, true)) {
            release();
        }
    }

    private void release() {
        cancelTimers();
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        CompletableFuture<HttpResponse<Void>> f = exchange;
        if (f != null) {
            f.cancel(true);
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
            out.add(new ToolCall(name, ToolCallStatus.OK, ms, 1));
        }
        return out;
    }

    /** A tool call assembled from its deltas. */
    private static final class PartialToolCall {
        final StringBuilder name = new StringBuilder();
        final StringBuilder arguments = new StringBuilder();
    }
}
