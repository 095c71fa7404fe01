package io.callstorm.simulate.connect.media.internal;

import io.callstorm.simulate.connect.internal.NettyClient;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.EventExecutor;

import java.net.URI;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Netty event loops every media call of a connector shares, each with its {@link FramePacer}, and how a
 * call's WebSocket is opened on one of them.
 */
public final class MediaTransport implements AutoCloseable {
    static final int MAX_FRAME_BYTES = 1 << 20;

    private final NettyClient netty;
    private final Map<EventExecutor, FramePacer> pacers = new IdentityHashMap<>();
    private final AtomicInteger openStreams = new AtomicInteger();

    private MediaTransport(int threads) {
        this.netty = new NettyClient(threads, "callstorm-ws");
        for (EventExecutor loop : netty.loops()) {
            FramePacer pacer = new FramePacer();
            pacers.put(loop, pacer);
            loop.scheduleAtFixedRate(pacer, 20, 20, TimeUnit.MILLISECONDS);
        }
    }

    public static MediaTransport start(int threads) {
        return new MediaTransport(threads);
    }

    EventLoop nextLoop() {
        return netty.nextLoop();
    }

    FramePacer pacer(EventLoop loop) {
        return Objects.requireNonNull(pacers.get(loop), "not a loop of this transport");
    }

    public int openStreams() {
        return openStreams.get();
    }

    void streamOpened() {
        openStreams.incrementAndGet();
    }

    void streamClosed() {
        openStreams.decrementAndGet();
    }

    /**
     * Connects a WebSocket to {@code url} on {@code loop}; {@code handler} sees the handshake and every frame.
     * With {@code offerExtensions} the handshake offers Callstorm's events ({@link CallstormExtensions}).
     */
    ChannelFuture connect(EventLoop loop, URI url, Map<String, String> headers, boolean offerExtensions,
                          int connectTimeoutMillis, ChannelHandler handler) {
        boolean secure = url.getScheme().toLowerCase(Locale.ROOT).equals("wss");
        int port = url.getPort() > 0 ? url.getPort() : secure ? 443 : 80;
        HttpHeaders custom = new DefaultHttpHeaders();
        headers.forEach(custom::add);
        if (offerExtensions) {
            custom.set(CallstormExtensions.HEADER, CallstormExtensions.VERSION);
        }
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(url)
                .version(WebSocketVersion.V13)
                .customHeaders(custom)
                .maxFramePayloadLength(MAX_FRAME_BYTES)
                .handleCloseFrames(false) // the call reads the agent's close code to classify it
                .dropPongFrames(true)
                .handshakeTimeoutMillis(connectTimeoutMillis)
                .build();
        return netty.connect(loop, url.getHost(), port, secure, connectTimeoutMillis, pipeline -> pipeline.addLast(
                new HttpClientCodec(), new HttpObjectAggregator(64 * 1024), new CallstormExtensions.Probe(),
                new WebSocketClientProtocolHandler(config), handler));
    }

    @Override
    public void close() {
        netty.close();
    }
}
