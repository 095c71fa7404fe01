package io.callstorm.reference.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AttributeKey;

import java.util.Locale;

/**
 * This agent's opt-in to Callstorm's {@code callstorm.*} media-stream events: a caller that offers them with
 * {@code X-Callstorm-Extensions: v1} on the {@code /media} handshake gets the same header on the {@code 101}, and
 * then both sides may send them; a caller that does not (Twilio itself) gets Twilio's messages only. One per
 * connection, before the WebSocket upgrade.
 */
final class MediaExtensions extends ChannelDuplexHandler {
    static final String HEADER = "X-Callstorm-Extensions";
    static final String VERSION = "v1";
    private static final AttributeKey<Boolean> AGREED = AttributeKey.valueOf("callstorm.media.extensions");

    private boolean offered;

    /** Whether the media stream on {@code channel} agreed to Callstorm's events. */
    static boolean agreed(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(AGREED).get());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request && request.uri().startsWith(ServerPipeline.MEDIA_PATH)) {
            offered = offers(request.headers().get(HEADER));
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (offered && msg instanceof HttpResponse response
                && response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
            response.headers().set(HEADER, VERSION);
            ctx.channel().attr(AGREED).set(true);
        }
        super.write(ctx, msg, promise);
    }

    private static boolean offers(String value) {
        if (value == null) {
            return false;
        }
        for (String v : value.split(",")) {
            if (v.trim().toLowerCase(Locale.ROOT).equals(VERSION)) {
                return true;
            }
        }
        return false;
    }
}
