package io.callstorm.reference.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Base64;

/**
 * The WebSocket side of {@code GET /media}: reads the caller's messages (JSON text frames of the Twilio Media
 * Streams protocol) into the connection's {@link MediaSession}. Whatever is not the protocol (a binary frame,
 * text that is not a JSON object, a payload that is not base64) closes this stream with 1007 and nothing else.
 * One per connection; HTTP requests pass through it untouched.
 */
final class MediaEndpoint extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(MediaEndpoint.class);
    private static final JsonFactory FACTORY = ReferenceAgentServer.JSON.getFactory();

    private final ServedCalls calls;
    private final MediaTicker ticker;
    private MediaSession session;
    private boolean rejected;

    MediaEndpoint(ServedCalls calls, MediaTicker ticker) {
        this.calls = calls;
        this.ticker = ticker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (rejected) {
            return;
        }
        if (!(frame instanceof TextWebSocketFrame)) {
            reject(ctx, "only text frames of JSON");
            return;
        }
        byte[] json = ByteBufUtil.getBytes(frame.content());
        Scan scan;
        try {
            scan = scan(json);
        } catch (IOException e) {
            reject(ctx, "malformed JSON");
            return;
        }
        if (scan == null) {
            reject(ctx, "not a JSON object");
            return;
        }
        if (session == null) {
            session = new MediaSession(ctx.channel(), calls, ticker, MediaExtensions.agreed(ctx.channel()));
        }
        if (scan.event().equals("media")) { // 50 a second a call, silence included: no tree for them
            media(ctx, scan.payload());
            return;
        }
        JsonNode msg;
        try {
            msg = ReferenceAgentServer.JSON.readTree(json);
        } catch (IOException e) {
            reject(ctx, "malformed JSON");
            return;
        }
        String event = scan.event();
        switch (event) {
            case "start" -> {
                JsonNode start = msg.path("start");
                JsonNode params = start.path("customParameters");
                session.start(text(msg, "streamSid", text(start, "streamSid", "")), text(params, "callId", ""),
                        text(params, "persona", ""), text(params, "path", ""));
            }
            case "callstorm.utterance" -> {
                if (session.extensions()) { // else the caller did not offer Callstorm's events: not ours to read
                    JsonNode u = msg.path("utterance");
                    session.utterance(u.path("turn").asInt(-1), u.path("text").asText(""),
                            u.path("speechMs").asLong(0), u.path("interruption").asBoolean(false));
                }
            }
            case "stop" -> session.end();
            // the caller's echo of our marks: its playback position, which this agent does not need
            case "mark" -> LOG.debug("media stream {}: mark {} played", ctx.channel(), msg.path("mark").path("name"));
            default -> LOG.debug("media stream {}: event \"{}\" ignored", ctx.channel(), event); // connected, dtmf
        }
    }

    private void media(ChannelHandlerContext ctx, String payload) {
        byte[] audio;
        try {
            audio = payload == null ? null : Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            audio = null;
        }
        if (audio == null) {
            reject(ctx, "media without a base64 payload");
            return;
        }
        session.media(audio);
    }

    /** A message's {@code event} ("" when absent) and, for media, its payload (null when absent or not text). */
    private record Scan(String event, String payload) {
    }

    /**
     * Reads the event and the media payload with the streaming parser.
     *
     * @return null when the message is not a JSON object
     * @throws IOException when it is not JSON
     */
    private static Scan scan(byte[] json) throws IOException {
        String event = "";
        String payload = null;
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("event") && value == JsonToken.VALUE_STRING) {
                    event = p.getText();
                } else if (field.equals("media") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        JsonToken v = p.nextToken();
                        if (inner.equals("payload") && v == JsonToken.VALUE_STRING) {
                            payload = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("not one JSON object");
            }
        }
        return new Scan(event, payload);
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : fallback;
    }

    private void reject(ChannelHandlerContext ctx, String reason) {
        LOG.debug("media stream {}: closing with 1007, {}", ctx.channel(), reason);
        rejected = true;
        if (session != null) {
            session.end();
        }
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, reason))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            session.end();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset connection or a protocol violation on one stream: log it and drop that connection only
        LOG.debug("closing {} after {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
