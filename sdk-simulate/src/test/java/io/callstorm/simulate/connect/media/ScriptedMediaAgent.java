package io.callstorm.simulate.connect.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A media-stream agent for tests whose misbehaviour is chosen: it answers each caller turn (detected from the
 * audio: speech, then 5 silent frames) with a transcript, a burst of audio and a mark, or fails in one named way.
 * It opts in to Callstorm's events (the handshake header) unless built {@code twilioOnly}; then it sends no
 * {@code callstorm.*} event either.
 */
final class ScriptedMediaAgent implements AutoCloseable {
    enum Behaviour { ANSWER, SILENT, GARBAGE, BINARY, CLOSE_1011, RESET, ERROR_EVENT, CLEAR_ON_SPEECH }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    private final Behaviour behaviour;
    private final int answerFrames;
    private final boolean twilioOnly;
    /** Every message the agent received, in order. */
    final List<JsonNode> received = new CopyOnWriteArrayList<>();

    ScriptedMediaAgent(Behaviour behaviour, int answerFrames) throws InterruptedException {
        this(behaviour, answerFrames, false);
    }

    ScriptedMediaAgent(Behaviour behaviour, int answerFrames, boolean twilioOnly) throws InterruptedException {
        this.behaviour = behaviour;
        this.answerFrames = answerFrames;
        this.twilioOnly = twilioOnly;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536));
                        if (!twilioOnly) {
                            ch.pipeline().addLast(new OptIn());
                        }
                        ch.pipeline().addLast(new WebSocketServerProtocolHandler("/media"), new Session());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/media");
    }

    long count(String event) {
        return received.stream().filter(m -> m.path("event").asText().equals(event)).count();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers the caller's offer of Callstorm's events on the handshake's 101. */
    private static final class OptIn extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpResponse r && r.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
                r.headers().set("X-Callstorm-Extensions", "v1");
            }
            super.write(ctx, msg, promise);
        }
    }

    private final class Session extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private String streamSid = "";
        private int turn;
        private boolean heardSpeech;
        private int silentFrames;
        private boolean answering;
        private boolean cleared; // the caller talked over the answer: the next answer is a short one

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
            JsonNode m = JSON.readTree(frame.text());
            received.add(m);
            switch (m.path("event").asText()) {
                case "start" -> streamSid = m.path("streamSid").asText();
                case "callstorm.utterance" -> turn = m.path("utterance").path("turn").asInt();
                case "media" -> heard(ctx, Base64.getDecoder().decode(m.path("media").path("payload").asText()));
                default -> { }
            }
        }

        private void heard(ChannelHandlerContext ctx, byte[] audio) {
            boolean speech = MuLaw.meanAmplitude(audio, 0, audio.length) > 300;
            if (speech) {
                heardSpeech = true;
                silentFrames = 0;
                if (answering && behaviour == Behaviour.CLEAR_ON_SPEECH) {
                    answering = false;
                    cleared = true;
                    send(ctx, "{\"event\":\"clear\",\"streamSid\":\"" + streamSid + "\"}");
                }
                return;
            }
            if (heardSpeech && ++silentFrames == 5) {
                heardSpeech = false;
                answer(ctx);
            }
        }

        private void answer(ChannelHandlerContext ctx) {
            switch (behaviour) {
                case SILENT -> { }
                case GARBAGE -> send(ctx, "this is not json");
                case BINARY -> ctx.writeAndFlush(new io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame(
                        ctx.alloc().buffer().writeBytes(new byte[] {1, 2, 3})));
                case CLOSE_1011 -> ctx.writeAndFlush(new CloseWebSocketFrame(1011, "llm down"));
                case RESET -> {
                    ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                    ctx.channel().close();
                }
                case ERROR_EVENT -> sendExtension(ctx, "{\"event\":\"callstorm.error\",\"streamSid\":\"" + streamSid
                        + "\",\"error\":{\"turn\":" + turn + ",\"type\":\"rate_limit\",\"stage\":\"llm\","
                        + "\"status\":429,\"retry_after_ms\":250,\"message\":\"llm tokens per minute\"}}");
                default -> {
                    answering = !cleared;
                    int frames = cleared ? 10 : answerFrames;
                    cleared = false;
                    sendExtension(ctx, "{\"event\":\"callstorm.transcript\",\"streamSid\":\"" + streamSid
                            + "\",\"transcript\":{\"turn\":" + turn + ",\"role\":\"agent\",\"text\":\"answer to turn "
                            + turn + "\",\"final\":true,\"server_timing\":\"llm;dur=120.5, tts;dur=40\","
                            + "\"annotations\":{\"llm.cache_hit\":\"true\"},\"tool_results\":[{\"name\":"
                            + "\"get_open_tickets\",\"status\":\"OK\",\"durationMs\":80,\"attempts\":1}]}}");
                    byte[] tone = new byte[MuLaw.FRAME_BYTES];
                    for (int i = 0; i < tone.length; i++) {
                        tone[i] = MuLaw.encode((int) (8000 * Math.sin(2 * Math.PI * 200 * i / 8000.0)));
                    }
                    String payload = Base64.getEncoder().encodeToString(tone);
                    for (int i = 0; i < frames; i++) { // a burst: the caller's playback queue paces it
                        send(ctx, "{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\""
                                + payload + "\"}}");
                    }
                    send(ctx, "{\"event\":\"mark\",\"streamSid\":\"" + streamSid + "\",\"mark\":{\"name\":\"turn-"
                            + turn + "-end\"}}");
                }
            }
        }

        private void sendExtension(ChannelHandlerContext ctx, String text) {
            if (!twilioOnly) {
                send(ctx, text);
            }
        }

        private void send(ChannelHandlerContext ctx, String text) {
            ctx.writeAndFlush(new TextWebSocketFrame(text));
        }
    }
}
