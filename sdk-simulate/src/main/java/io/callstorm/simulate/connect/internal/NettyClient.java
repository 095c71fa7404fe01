package io.callstorm.simulate.connect.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

import javax.net.ssl.SSLException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Netty event loops a network connector's calls share, and how a call opens a connection on its loop (TCP,
 * TLS when asked, then the connector's own handlers). Both network connectors run on one of these.
 */
public final class NettyClient implements AutoCloseable {
    private final NioEventLoopGroup group;
    private volatile SslContext ssl;

    /** Starts {@code threads} daemon loop threads named {@code threadName-N}. */
    public NettyClient(int threads, String threadName) {
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory(threadName, true));
    }

    /** The loop a new call lives on. */
    public EventLoop nextLoop() {
        return group.next();
    }

    /** Every loop, e.g. to schedule a task of its own on each. */
    public Iterable<EventExecutor> loops() {
        return group;
    }

    /**
     * Connects to {@code host:port} on {@code loop}; {@code handlers} adds the connector's handlers to each new
     * channel's pipeline, after the TLS handler when {@code secure}.
     */
    public ChannelFuture connect(EventLoop loop, String host, int port, boolean secure, int connectTimeoutMillis,
                                 Consumer<ChannelPipeline> handlers) {
        SslContext context = secure ? sslContext() : null;
        return new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (context != null) {
                            ch.pipeline().addLast(context.newHandler(ch.alloc(), host, port));
                        }
                        handlers.accept(ch.pipeline());
                    }
                })
                .connect(host, port);
    }

    private SslContext sslContext() {
        SslContext s = ssl;
        if (s == null) {
            synchronized (this) {
                if (ssl == null) {
                    try {
                        ssl = SslContextBuilder.forClient().build();
                    } catch (SSLException e) {
                        throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
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
