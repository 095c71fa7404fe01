package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.reference.ReferenceAgent;
import io.callstorm.reference.ReferenceAgentConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference agent served over loopback: an OpenAI-compatible chat-completions endpoint
 * ({@code POST /v1/chat/completions}: server-sent events with {@code "stream": true}, else one {@code chat.completion}
 * JSON body, as OpenAI answers) and a Twilio Media Streams WebSocket
 * ({@code GET /media}) on the same port, so that the network connectors are tested against the same capacity
 * models as the in-process agent. What {@code ./callstorm serve-agent} runs.
 *
 * <pre>{@code
 * try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0)) {
 *     HttpSseConnector agent = HttpSseConnector.builder(server.baseUrl()).endSessionOnHangUp(true).build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Each SSE call is a session keyed by the {@code X-Callstorm-Session} header (else by the first user message),
 * driving one call of a {@link ReferenceAgent}; the last user message is the caller's turn. A session ends on
 * {@code DELETE /v1/callstorm/sessions/{id}} or after {@link #DEFAULT_IDLE_TIMEOUT} without a request. The first
 * chunk of a stream is sent when the agent's first audio is ready; the last chunk before {@code [DONE]} carries
 * the turn's stage timings as a Server-Timing value (a header cannot: it is sent before the stages finish). A
 * whole answer carries them in a {@code Server-Timing} header and in the same extension. Errors are OpenAI's:
 * a status and {@code {"error": {"message", "type", "param", "code"}}}, 429 with {@code Retry-After}.
 * {@code GET /health} answers 200 once serving.
 *
 * <p>Each media stream ({@link #mediaUrl()}) is one call, from its {@code start} message to its {@code stop} or
 * close: the agent hears the end of the caller's speech in the audio, answers with a {@code callstorm.transcript}
 * and synthetic speech at real time, and stops speaking when talked over ({@code docs/connectors.md}).
 *
 * <p>All I/O is non-blocking on Netty: one acceptor thread ({@code callstorm-serve-boss}, which also runs the idle
 * reaper and the media streams' 20 ms clock) and two I/O threads ({@code callstorm-serve-io-1}, {@code -2}),
 * besides the agent's own loop.
 */
public final class ReferenceAgentServer implements AutoCloseable {
    /** A session without a request for this long is hung up. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int IO_THREADS = 2;

    private final ReferenceAgent agent;
    private final ServedCalls calls;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final MediaTicker ticker;
    private final Channel listener;
    private final ScheduledFuture<?> reaper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ReferenceAgentServer(ReferenceAgentConfig config, InetSocketAddress address, Duration idleTimeout)
            throws IOException {
        this.agent = ReferenceAgent.create(config);
        this.calls = new ServedCalls(agent);
        this.boss = new NioEventLoopGroup(1, daemon("callstorm-serve-boss", false));
        this.workers = new NioEventLoopGroup(IO_THREADS, daemon("callstorm-serve-io", true));
        this.ticker = new MediaTicker(workers);
        ChannelFuture bound = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true) // small SSE chunks and media frames go out at once
                .childHandler(new ServerPipeline(calls, ticker))
                .bind(address)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            shutDown();
            agent.close();
            Throwable cause = bound.cause();
            throw cause instanceof IOException io ? io : new IOException("cannot serve on " + address, cause);
        }
        this.listener = bound.channel();
        ticker.start(boss.next());
        long idleNanos = idleTimeout.toNanos();
        long period = Math.max(1, Math.min(5_000, idleTimeout.toMillis() / 2));
        this.reaper = boss.next().scheduleAtFixedRate(() -> calls.reapIdle(idleNanos), period, period,
                TimeUnit.MILLISECONDS);
    }

    /** Serves an agent with {@code config} on {@code 127.0.0.1:port} (0: any free port). */
    public static ReferenceAgentServer start(ReferenceAgentConfig config, int port) throws IOException {
        return start(config, new InetSocketAddress("127.0.0.1", port), DEFAULT_IDLE_TIMEOUT);
    }

    /** Serves an agent with {@code config} on {@code address}, hanging up sessions idle for {@code idleTimeout}. */
    public static ReferenceAgentServer start(ReferenceAgentConfig config, InetSocketAddress address,
                                             Duration idleTimeout) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be > 0, was " + idleTimeout);
        }
        return new ReferenceAgentServer(config, address, idleTimeout);
    }

    /** The port served. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** {@code http://host:port}, the base URL for a connector. */
    public URI baseUrl() {
        return URI.create("http://" + authority());
    }

    /** {@code ws://host:port/media}, the URL of the media-stream WebSocket. */
    public URI mediaUrl() {
        return URI.create("ws://" + authority() + ServerPipeline.MEDIA_PATH);
    }

    private String authority() {
        String host = ((InetSocketAddress) listener.localAddress()).getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port();
    }

    /** Open sessions (calls): SSE sessions and media streams. */
    public int openSessions() {
        return calls.open();
    }

    private static ThreadFactory daemon(String name, boolean numbered) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new FastThreadLocalThread(r, numbered ? name + "-" + n.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }

    private void shutDown() {
        // no quiet period: nothing is left to serve; media streams end as their channels close
        Future<?> w = workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        Future<?> b = boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        w.awaitUninterruptibly(5, TimeUnit.SECONDS);
        b.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Stops serving, hangs up every session and stops the agent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        reaper.cancel(false);
        ticker.stop();
        calls.endChats();
        shutDown();
        agent.close();
    }
}
