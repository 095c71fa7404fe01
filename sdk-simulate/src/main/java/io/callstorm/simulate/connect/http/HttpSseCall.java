package io.callstorm.simulate.connect.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.tracing.VoicePropagation;
import io.opentelemetry.context.Context;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One call over chat completions: the message history of the call, one streamed POST per caller turn. The
 * history grows only by answered turns, so a retried turn re-sends the same history.
 */
final class HttpSseCall implements AgentCall {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final VoicePropagation PROPAGATION = VoicePropagation.w3cTraceContext();

    private final HttpSseConnector connector;
    private final CallSetup setup;
    private final AgentCallListener listener;
    private final String traceId;
    private final List<ObjectNode> history = new ArrayList<>(); // guarded by this
    private StreamedTurn inFlight; // guarded by this
    private boolean closed; // guarded by this

    HttpSseCall(HttpSseConnector connector, CallSetup setup, AgentCallListener listener) {
        this.connector = connector;
        this.setup = setup;
        this.listener = listener;
        this.traceId = randomHex(16);
    }

    @Override
    public void sendTurn(CallerTurn turn) {
        StreamedTurn streamed;
        byte[] body;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (inFlight != null) {
                inFlight.cancel(); // a new turn supersedes one still streaming
            }
            body = requestBody(turn);
            streamed = new StreamedTurn(connector, this, turn, listener);
            inFlight = streamed;
        }
        streamed.start(request(turn, body));
    }

    @Override
    public void hangUp() {
        StreamedTurn streamed;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            streamed = inFlight;
            inFlight = null;
        }
        if (streamed != null) {
            streamed.cancel();
        }
        if (connector.endSessionOnHangUp) {
            HttpRequest.Builder end = HttpRequest.newBuilder(connector.sessionsEndpoint.resolve(
                    URLEncoder.encode(setup.callId(), StandardCharsets.UTF_8))).DELETE();
            headers(end, -1, null);
            connector.client.sendAsync(end.build(), HttpResponse.BodyHandlers.discarding())
                    .exceptionally(e -> null); // best effort: the agent expires idle sessions anyway
        }
    }

    /** The turn was answered: it and its answer join the history. */
    synchronized void answered(StreamedTurn streamed, CallerTurn turn, String answer) {
        if (inFlight == streamed) {
            inFlight = null;
        }
        history.add(message("user", turn.text()));
        history.add(message("assistant", answer));
    }

    synchronized void failed(StreamedTurn streamed) {
        if (inFlight == streamed) {
            inFlight = null;
        }
    }

    private byte[] requestBody(CallerTurn turn) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", connector.model);
        root.put("stream", true);
        ArrayNode messages = root.putArray("messages");
        connector.systemPrompt.ifPresent(p -> messages.add(message("system", p)));
        messages.addAll(history);
        messages.add(message("user", turn.text()));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a chat request", e); // cannot happen for a tree
        }
    }

    private HttpRequest request(CallerTurn turn, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(connector.endpoint)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream");
        headers(b, turn.index(), turn);
        return b.build();
    }

    private void headers(HttpRequest.Builder b, int turnIndex, CallerTurn turn) {
        connector.headers.forEach(b::header);
        connector.bearerToken().ifPresent(t -> b.header("Authorization", "Bearer " + t));
        b.header(HttpSseConnector.SESSION_HEADER, setup.callId());
        b.header(HttpSseConnector.PERSONA_HEADER, setup.persona().id());
        if (turn != null) {
            b.header(HttpSseConnector.TURN_HEADER, Integer.toString(turnIndex));
            b.header(HttpSseConnector.SPEECH_HEADER, Long.toString(turn.speechDuration().toMillis()));
        }
        // the caller's span context when there is one; else a trace per call, so the agent can join its turns
        Map<String, String> trace = new LinkedHashMap<>(2);
        PROPAGATION.injectHttpHeaders(Context.current(), trace);
        if (!trace.containsKey("traceparent")) {
            trace.put("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01");
        }
        trace.forEach(b::header);
    }

    private static ObjectNode message(String role, String content) {
        ObjectNode m = JSON.createObjectNode();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    private static String randomHex(int bytes) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            sb.append(Character.forDigit((r.nextInt(256) >> 4) & 0xf, 16));
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "HttpSseCall{" + setup.callId() + '}';
    }
}
