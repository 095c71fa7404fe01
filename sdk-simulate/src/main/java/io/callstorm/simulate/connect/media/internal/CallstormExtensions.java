package io.callstorm.simulate.connect.media.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AttributeKey;

import java.util.Locale;

/**
 * The opt-in to Callstorm's {@code callstorm.*} events: the caller offers them with a request header of the
 * WebSocket handshake, and uses them only when the agent's {@code 101} answers with the same header. An agent that
 * does not know them never sets the header, so it gets Twilio's messages and nothing else.
 *
 * <p>A header, not a WebSocket subprotocol: Node's {@code ws} server, which many Twilio agents run on, accepts the
 * first offered subprotocol unless told otherwise, which would opt agents in without their asking.
 */
final class CallstormExtensions {
    static final String HEADER = "X-Callstorm-Extensions";
    static final String VERSION = "v1";
    private static final AttributeKey<Boolean> ACCEPTED = AttributeKey.valueOf("callstorm.extensions");

    private CallstormExtensions() {
    }

    /** Whether the agent of this channel's handshake opted in. */
    static boolean accepted(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(ACCEPTED).get());
    }

    /** Reads the agent's answer off the handshake response, then leaves the pipeline. */
    static final class Probe extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof FullHttpResponse response) {
                if (response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
                    ctx.channel().attr(ACCEPTED).set(optsIn(response.headers().get(HEADER)));
                }
                ctx.pipeline().remove(this);
            }
            super.channelRead(ctx, msg);
        }

        private static boolean optsIn(String value) {
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
}
