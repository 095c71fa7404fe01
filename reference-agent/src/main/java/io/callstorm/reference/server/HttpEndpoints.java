package io.callstorm.reference.server;

import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.transcript.Words;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP routes: {@code POST /v1/chat/completions} (answered later, as a {@link ChatResponse}: streamed when the
 * request says {@code "stream": true}, else one JSON body),
 * {@code DELETE /v1/callstorm/sessions/{id}} and {@code GET /health}. Runs on the connection's event loop and
 * returns at once: the agent answers on its own loop.
 */
@ChannelHandler.Sharable
final class HttpEndpoints extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    private static final String CHAT = "/v1/chat/completions";
    private static final String SESSIONS = "/v1/callstorm/sessions/";
    private static final String HEALTH = "/health";

    private final ServedCalls calls;

    HttpEndpoints(ServedCalls calls) {
        this.calls = calls;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        String path = new QueryStringDecoder(req.uri()).path();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        Channel ch = ctx.channel();
        if (path.equals(CHAT)) {
            chat(ch, keepAlive, req);
        } else if (path.startsWith(SESSIONS) && path.length() > SESSIONS.length()) {
            endSession(ch, keepAlive, req);
        } else if (path.equals(HEALTH)) {
            send(ch, keepAlive, response(HttpResponseStatus.OK, "text/plain", "ok"));
        } else {
            send(ch, keepAlive, OpenAiError.request(HttpResponseStatus.NOT_FOUND,
                    "Invalid URL (" + req.method() + " " + path + ")"));
        }
    }

    private void methodNotAllowed(Channel ch, boolean keepAlive, HttpMethod allowed) {
        FullHttpResponse r = OpenAiError.request(HttpResponseStatus.METHOD_NOT_ALLOWED,
                "method not allowed: " + allowed.name() + " only");
        r.headers().set(HttpHeaderNames.ALLOW, allowed.name());
        send(ch, keepAlive, r);
    }

    private void chat(Channel ch, boolean keepAlive, FullHttpRequest req) {
        if (!req.method().equals(HttpMethod.POST)) {
            methodNotAllowed(ch, keepAlive, HttpMethod.POST);
            return;
        }
        ChatRequest chat;
        try {
            chat = ChatRequest.read(req.content());
        } catch (ChatRequest.Invalid e) {
            send(ch, keepAlive, OpenAiError.invalid(e));
            return;
        }
        String sessionId = header(req, "X-Callstorm-Session",
                "first:" + Integer.toHexString(chat.firstUser().hashCode()));
        int turnIndex = parseInt(header(req, "X-Callstorm-Turn", ""), chat.userTurns() - 1);
        long speechMs = parseInt(header(req, "X-Callstorm-Speech-Ms", ""),
                (int) Math.round(Words.count(chat.lastUser()) * 60_000.0 / 150));
        Persona persona = Personas.byId(header(req, "X-Callstorm-Persona", "")).orElse(Personas.builtIns().get(0));

        ChatSession session = calls.chat(sessionId);
        ChatResponse response = ChatResponse.of(ch, keepAlive, chat, turnIndex, calls.nextResponseNumber());
        session.begin(response, () -> calls.agent().open(new CallSetup(sessionId, persona, "served", Map.of()), session));
        session.call().sendTurn(new CallerTurn(turnIndex, chat.lastUser(), Duration.ofMillis(speechMs)));
    }

    private void endSession(Channel ch, boolean keepAlive, FullHttpRequest req) {
        if (!req.method().equals(HttpMethod.DELETE)) {
            methodNotAllowed(ch, keepAlive, HttpMethod.DELETE);
            return;
        }
        // decoded as the connector encodes it (URLEncoder: a space is '+'), from the raw path so that "%2F" stays
        String raw = req.uri();
        int query = raw.indexOf('?');
        raw = query < 0 ? raw : raw.substring(0, query);
        String id = URLDecoder.decode(raw.substring(raw.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        boolean ended = calls.endChat(id);
        send(ch, keepAlive, response(ended ? HttpResponseStatus.NO_CONTENT : HttpResponseStatus.NOT_FOUND,
                "application/json", ""));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset connection or a bad request line: the peer's problem, not the server's
        LOG.debug("closing {} after {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    private static String header(FullHttpRequest req, String name, String fallback) {
        String v = req.headers().get(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    private static int parseInt(String s, int fallback) {
        try {
            return s.isEmpty() ? fallback : Math.max(0, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A complete response; an empty body sends no Content-Type. */
    static FullHttpResponse response(HttpResponseStatus status, String type, String body) {
        FullHttpResponse r = body.isEmpty()
                ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status)
                : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                ByteBufUtil.writeUtf8(ByteBufAllocator.DEFAULT, body));
        if (!body.isEmpty()) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        return r;
    }

    /** Writes a complete response, then closes the connection unless the request asked to keep it. */
    static void send(Channel ch, boolean keepAlive, FullHttpResponse r) {
        HttpUtil.setContentLength(r, r.content().readableBytes());
        HttpUtil.setKeepAlive(r, keepAlive);
        ChannelFuture f = ch.writeAndFlush(r);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
