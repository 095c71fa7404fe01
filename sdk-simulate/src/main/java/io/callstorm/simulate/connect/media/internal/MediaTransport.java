package io.callstorm.simulate.connect.media.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

import javax.net.ssl.SSLException;
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

    private final NioEventLoopGroup group;
    private final Map<EventExecutor, FramePacer> pacers = new IdentityHashMap<>();
    private final AtomicInteger openStreams = new AtomicInteger();
    private volatile SslContext ssl;

    private MediaTransport(int threads) {
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("callstorm-ws", true));
        for (EventExecutor loop : group) {
            FramePacer pacer = new FramePacer();
            pacers.put(loop, pacer);
            loop.scheduleAtFixedRate(pacer, 20, 20, TimeUnit.MILLISECONDS);
        }
    }

    public static MediaTransport start(int threads) {
        return new MediaTransport(threads);
    }

    EventLoop nextLoop() {
        return group.next();
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

    /** Connects a WebSocket to {@code url} on {@code loop}; {@code handler} sees the handshake and every frame. */
    ChannelFuture connect(EventLoop loop, URI url, Map<String, String> headers, int connectTimeoutMillis,
                          ChannelHandler handler) {
        boolean secure = url.getScheme().toLowerCase(Locale.ROOT).equals("wss");
        int port = url.getPort() > 0 ? url.getPort() : secure ? 443 : 80;
        SslContext context = secure ? sslContext() : null;
        HttpHeaders custom = new DefaultHttpHeaders();
        headers.forEach(custom::add);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(url)
                .version(WebSocketVersion.V13)
                .customHeaders(custom)
                .maxFramePayloadLength(MAX_FRAME_BYTES)
                .handleCloseFrames(false) // the call reads the agent's close code to classify it
                .dropPongFrames(true)
                .handshakeTimeoutMillis(connectTimeoutMillis)
                .build();
        return new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (context != null) {
                            ch.pipeline().addLast(context.newHandler(ch.alloc(), url.getHost(), port));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketClientProtocolHandler(config), handler);
                    }
                })
                .connect(url.getHost(), port);
    }

    private SslContext sslContext() {
        SslContext s = ssl;
        if (s == null) {
            synchronized (this) {
                if (ssl == null) {
                    try {
                        ssl = SslContextBuilder.forClient().build();
                    } catch (SSLException e) {
                        throw new IllegalStateException("cannot set up TLS for wss://: " + e.getMessage(), e);
                    }
                }
                s = ssl;
            }
        }
        return s;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
