package io.callstorm.reference.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The handlers of one connection: HTTP/1.1 with whole requests (bounded), {@code /media} upgraded to a
 * WebSocket (agreeing to Callstorm's media events when the caller offers them), then the media stream's
 * messages and the HTTP routes. One port serves both because the upgrade
 * handler passes every other request on.
 */
final class ServerPipeline extends ChannelInitializer<SocketChannel> {
    /** The largest request body: a chat request with a long history is a few tens of KiB. */
    static final int MAX_REQUEST_BYTES = 1 << 20;
    /** The largest WebSocket message: a 20 ms media frame is about 300 bytes of JSON. */
    static final int MAX_FRAME_BYTES = 64 << 10;
    static final String MEDIA_PATH = "/media";

    private static final WebSocketServerProtocolConfig MEDIA = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(MEDIA_PATH)
            .checkStartsWith(true) // "/media?..." too: Twilio stream URLs often carry a query
            .maxFramePayloadLength(MAX_FRAME_BYTES)
            .build();

    private final ServedCalls calls;
    private final MediaTicker ticker;
    private final HttpEndpoints http;

    ServerPipeline(ServedCalls calls, MediaTicker ticker) {
        this.calls = calls;
        this.ticker = ticker;
        this.http = new HttpEndpoints(calls);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(
                new HttpServerCodec(),
                new HttpObjectAggregator(MAX_REQUEST_BYTES),
                new MediaExtensions(),
                new WebSocketServerProtocolHandler(MEDIA),
                new WebSocketFrameAggregator(MAX_FRAME_BYTES),
                new MediaEndpoint(calls, ticker),
                http);
    }
}
