package io.callstorm.simulate.connect.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.internal.TraceIds;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.tracing.VoicePropagation;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.opentelemetry.context.Context;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One call over chat completions: the message history of the call, one streamed POST per caller turn. The
 * history grows only by answered turns, so a retried turn re-sends the same history.
 *
 * <p>The call lives on one event loop of its connector: every field, its connection and its turns are confined
 * to it; {@link #sendTurn} and {@link #hangUp} hop onto it. The call keeps one HTTP/1.1 connection across its
 * turns (they are sequential), opened on the first turn and reopened when the agent closed it. A request on a
 * reused connection that turns out dead before any byte of response is sent once more on a fresh connection.
 */
final class HttpSseCall implements AgentCall {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final VoicePropagation PROPAGATION = VoicePropagation.w3cTraceContext();
    /** How long a hang-up's DELETE may wait for its answer before the connection is closed anyway. */
    private static final long END_SESSION_WAIT_MILLIS = 2_000;

    private final HttpSseConnector connector;
    private final CallSetup setup;
    private final AgentCallListener listener;
    private final EventLoop loop;
    private final String traceId;
    private final String requestPath;
    private final List<ObjectNode> history = new ArrayList<>();
    private StreamedTurn inFlight;
    private boolean closed;
    /** The call's connection: connecting, idle or carrying an exchange; null when there is none. */
    private Connection conn;

    HttpSseCall(HttpSseConnector connector, CallSetup setup, AgentCallListener listener) {
        this.connector = connector;
        this.setup = setup;
        this.listener = listener;
        this.loop = connector.nextLoop();
        this.traceId = TraceIds.newTraceId();
        this.requestPath = pathOf(connector.endpoint);
    }

    // ---- AgentCall, from any thread

    @Override
    public void sendTurn(CallerTurn turn) {
        Map<String, String> trace = trace(); // the caller's span context is on this thread
        try {
            loop.execute(() -> send(turn, trace));
        } catch (RejectedExecutionException e) {
            listener.onError(turn.index(), AgentException.wrap(AgentErrorKind.OTHER, "connector closed: " + e, e));
        }
    }

    @Override
    public void hangUp() {
        Map<String, String> trace = trace();
        try {
            loop.execute(() -> stop(trace));
        } catch (RejectedExecutionException ignored) {
            // the connector is closed: its connections are gone
        }
    }

    // ---- on the loop

    private void send(CallerTurn turn, Map<String, String> trace) {
        if (closed) {
            return;
        }
        if (inFlight != null) {
            inFlight.cancel(); // a new turn supersedes one still streaming
        }
        StreamedTurn streamed = new StreamedTurn(connector, this, turn, listener, loop, requestBody(turn), trace);
        inFlight = streamed;
        streamed.startTimers();
        dispatch(streamed);
    }

    /** Sends the turn's request on the call's connection, opening one when there is none to reuse. */
    void dispatch(StreamedTurn streamed) {
        Connection c = conn;
        if (c != null && c.state == State.IDLE) {
            c.exchange(streamed);
            return;
        }
        if (c != null && c.state == State.CONNECTING) {
            c.turn = streamed; // sent once connected
            return;
        }
        if (c != null) {
            c.close(); // still reading an earlier response: HTTP/1.1 cannot abandon it, a fresh connection can
        }
        c = new Connection();
        c.turn = streamed;
        conn = c;
        c.connect();
    }

    private void stop(Map<String, String> trace) {
        if (closed) {
            return;
        }
        closed = true;
        StreamedTurn streamed = inFlight;
        inFlight = null;
        if (streamed != null) {
            streamed.cancel();
        }
        Connection c = conn;
        if (!connector.endSessionOnHangUp) {
            if (c != null) {
                c.close();
            }
            return;
        }
        // best effort, fire and forget: the agent expires idle sessions anyway
        FullHttpRequest end = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.DELETE,
                pathOf(connector.sessionsEndpoint) + URLEncoder.encode(setup.callId(), StandardCharsets.UTF_8),
                Unpooled.EMPTY_BUFFER);
        try {
            headers(end.headers(), -1, null, trace);
        } catch (RuntimeException e) {
            end.release(); // no request can carry these headers; the turns already said why
            if (c != null) {
                c.close();
            }
            return;
        }
        HttpUtil.setContentLength(end, 0);
        if (c != null && c.state == State.IDLE) {
            c.endSession(end);
            return;
        }
        if (c != null && c.state == State.CONNECTING) {
            c.ending = end;
            return;
        }
        if (c != null) {
            c.close();
        }
        c = new Connection();
        c.ending = end;
        conn = c;
        c.connect();
    }

    /** The turn was answered: it and its answer join the history. */
    void answered(StreamedTurn streamed, CallerTurn turn, String answer) {
        if (inFlight == streamed) {
            inFlight = null;
        }
        history.add(message("user", turn.text()));
        history.add(message("assistant", answer));
    }

    /** The turn failed or was cancelled: its exchange, if still on the wire, is abandoned with its connection. */
    void released(StreamedTurn streamed) {
        if (inFlight == streamed) {
            inFlight = null;
        }
        Connection c = conn;
        if (c != null && c.turn == streamed) {
            c.turn = null;
            if (c.state == State.BUSY) {
                c.close();
            }
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

    private FullHttpRequest request(StreamedTurn streamed) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, requestPath,
                Unpooled.wrappedBuffer(streamed.body));
        HttpHeaders h = r.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        h.set(HttpHeaderNames.ACCEPT, "text/event-stream");
        HttpUtil.setContentLength(r, streamed.body.length);
        headers(h, streamed.turn.index(), streamed.turn, streamed.trace);
        return r;
    }

    private void headers(HttpHeaders h, int turnIndex, CallerTurn turn, Map<String, String> trace) {
        h.set(HttpHeaderNames.HOST, connector.hostHeader());
        connector.headers.forEach(h::set);
        connector.bearerToken().ifPresent(t -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + t));
        h.set(HttpSseConnector.SESSION_HEADER, setup.callId());
        h.set(HttpSseConnector.PERSONA_HEADER, setup.persona().id());
        if (turn != null) {
            h.set(HttpSseConnector.TURN_HEADER, Integer.toString(turnIndex));
            h.set(HttpSseConnector.SPEECH_HEADER, Long.toString(turn.speechDuration().toMillis()));
        }
        trace.forEach(h::set);
    }

    /** The caller's span context when there is one; else a trace per call, so the agent can join its turns. */
    private Map<String, String> trace() {
        Map<String, String> trace = new LinkedHashMap<>(2);
        PROPAGATION.injectHttpHeaders(Context.current(), trace);
        if (!trace.containsKey("traceparent")) {
            trace.put("traceparent", TraceIds.traceparent(traceId));
        }
        return trace;
    }

    private static String pathOf(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + '?' + uri.getRawQuery();
    }

    private enum State { CONNECTING, IDLE, BUSY, CLOSED }

    /**
     * One connection of the call and the exchange on it: receives the decoded response (status line and headers,
     * then content chunks) and hands it to the turn whose request it carries.
     */
    private final class Connection extends ChannelInboundHandlerAdapter {
        State state = State.CONNECTING;
        Channel channel;
        /** The turn whose request is on this connection (or is to be sent once connected). */
        StreamedTurn turn;
        /** A hang-up's DELETE to send once connected. */
        FullHttpRequest ending;
        boolean endingSent;
        int exchanges;
        boolean responseStarted;
        boolean keepAlive = true;
        Throwable error;

        void connect() {
            connector.connect(loop, this).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    connectFailed(f.cause());
                    return;
                }
                channel = f.channel();
                if (state == State.CLOSED) {
                    channel.close();
                    return;
                }
                state = State.IDLE;
                if (ending != null) {
                    FullHttpRequest end = ending;
                    ending = null;
                    endSession(end);
                } else if (turn != null) {
                    exchange(turn);
                }
            });
        }

        private void connectFailed(Throwable cause) {
            state = State.CLOSED;
            if (conn == this) {
                conn = null;
            }
            StreamedTurn t = turn;
            turn = null;
            if (ending != null) {
                ReferenceCountUtil.release(ending);
                ending = null;
            }
            if (t != null) {
                t.transportFailed(cause, false);
            }
        }

        void exchange(StreamedTurn t) {
            state = State.BUSY;
            turn = t;
            responseStarted = false;
            keepAlive = true;
            error = null;
            exchanges++;
            FullHttpRequest request;
            try {
                request = request(t);
            } catch (RuntimeException e) {
                // a header no request can carry (the builders refuse them; a custom one may slip through): say so
                // on the turn rather than let it wait for its timeout with nothing sent
                close();
                t.fail(AgentException.wrap(AgentErrorKind.OTHER, "the request could not be written: "
                        + HttpFaults.clip(String.valueOf(e.getMessage())), e));
                return;
            }
            channel.writeAndFlush(request).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    if (error == null) {
                        error = f.cause();
                    }
                    f.channel().close(); // channelInactive decides: retry or report
                }
            });
        }

        void endSession(FullHttpRequest end) {
            state = State.BUSY;
            endingSent = true;
            turn = null;
            channel.writeAndFlush(end);
            loop.schedule(this::close, END_SESSION_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }

        void close() {
            if (state == State.CLOSED) {
                return;
            }
            State was = state;
            state = State.CLOSED;
            turn = null;
            if (conn == this) {
                conn = null;
            }
            if (channel != null) {
                channel.close();
            } else if (was == State.CONNECTING) {
                // closed when the connect completes
                if (ending != null) {
                    ReferenceCountUtil.release(ending);
                    ending = null;
                }
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (state != State.BUSY) {
                    return; // an abandoned exchange, or bytes the agent sent unasked
                }
                HttpObject o = (HttpObject) msg;
                if (o.decoderResult().isFailure()) {
                    StreamedTurn t = turn;
                    close();
                    if (t != null) {
                        t.fail(AgentException.wrap(AgentErrorKind.PROTOCOL, "malformed HTTP response: "
                                + HttpFaults.clip(String.valueOf(o.decoderResult().cause())), o.decoderResult().cause()));
                    }
                    return;
                }
                if (o instanceof HttpResponse response) {
                    if (response.status().code() / 100 == 1) {
                        return; // 100 Continue and the like: the real response follows
                    }
                    responseStarted = true;
                    keepAlive = HttpUtil.isKeepAlive(response);
                    if (turn != null) {
                        turn.onResponse(response);
                    }
                }
                if (o instanceof HttpContent content && state == State.BUSY) {
                    StreamedTurn t = turn;
                    if (t != null && content.content().isReadable()) {
                        t.onContent(content.content());
                    }
                    if (o instanceof LastHttpContent && state == State.BUSY) {
                        responseEnded();
                        if (t != null && turn == null) {
                            t.onEnd();
                        }
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void responseEnded() {
            turn = null;
            if (endingSent || !keepAlive || closed) {
                close();
            } else {
                state = State.IDLE;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (error == null) {
                error = cause;
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            State was = state;
            StreamedTurn t = turn;
            state = State.CLOSED;
            turn = null;
            if (conn == this) {
                conn = null;
            }
            if (was != State.BUSY || t == null) {
                return;
            }
            if (!responseStarted && exchanges > 1 && !t.retried) {
                t.retried = true; // the agent closed the kept-alive connection as the request left: try a fresh one
                if (inFlight == t) {
                    dispatch(t);
                }
                return;
            }
            if (!responseStarted && error == null) {
                t.transportFailed(null, false);
            } else {
                t.transportFailed(error, responseStarted);
            }
        }
    }

    private static ObjectNode message(String role, String content) {
        ObjectNode m = JSON.createObjectNode();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    @Override
    public String toString() {
        return "HttpSseCall{" + setup.callId() + '}';
    }
}
