package io.callstorm.simulate.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A voice agent's side of Twilio Media Streams, written from Twilio's documentation of the WebSocket messages
 * ({@code https://www.twilio.com/docs/voice/media-streams/websocket-messages}) and sharing no code with
 * Callstorm's connector (its own JSON handling, mu-law codec and voice-activity detection). It checks every message
 * it receives against what Twilio sends and records each violation; it answers like a simple agent.
 *
 * <p>The rules checked on every message: {@code connected} first, with protocol {@code Call} 1.0.0 and no
 * sequence number; {@code start} second, {@code sequenceNumber} "1", with the stream's and call's ids, the
 * {@code inbound} track and 8 kHz mono {@code audio/x-mulaw}; after it only {@code media}, {@code dtmf},
 * {@code mark} and {@code stop}, each numbered one more than the message before (strings) and carrying the
 * stream's id; {@code media} on the inbound track, {@code chunk} counting up from "1", {@code timestamp} rising,
 * a payload of exactly 160 bytes; a {@code mark} echoes, in order, a mark this agent sent, and only after the
 * audio before it played (the caller keeps streaming while the agent speaks: at least half as many of its frames
 * arrive meanwhile) unless a {@code clear} dropped that audio; {@code stop} with the start's account and call, and
 * nothing after it. The agent does not opt in to Callstorm's extensions, so any {@code callstorm.*} event breaks
 * the rules.
 *
 * <p>As an agent: an utterance is 3 speech frames or more; it has ended after 600 ms of silence frames (longer
 * than the caller's silence tail, so a caller that stops streaming between utterances is never answered). The
 * answer is 800 ms of tone and a mark. Speech over the answer stops it with a {@code clear}; that utterance is
 * answered in turn.
 */
final class TwilioProtocolAgent implements AutoCloseable {
    static final int FRAME_BYTES = 160;
    static final int ANSWER_FRAMES = 40;
    private static final int SPEECH_FRAMES = 3;
    private static final int END_OF_UTTERANCE_FRAMES = 30;
    private static final int SPEECH_LEVEL = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TONE_PAYLOAD;

    static {
        byte[] tone = new byte[FRAME_BYTES];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = encodeMuLaw((int) Math.round(9_000 * Math.sin(2 * Math.PI * 250 * i / 8_000.0)));
        }
        TONE_PAYLOAD = Base64.getEncoder().encodeToString(tone);
    }

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    /** Every broken rule, naming the stream, the message and the rule. */
    final List<String> violations = new CopyOnWriteArrayList<>();
    final AtomicInteger streams = new AtomicInteger();
    final AtomicInteger stops = new AtomicInteger();
    final AtomicInteger answers = new AtomicInteger();
    final AtomicInteger clears = new AtomicInteger();
    /** Utterances that cut the agent's audio and were then answered. */
    final AtomicInteger interruptionsAnswered = new AtomicInteger();
    final AtomicInteger mediaFrames = new AtomicInteger();

    TwilioProtocolAgent() throws InterruptedException {
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65_536),
                                new WebSocketServerProtocolHandler("/stream"), new Stream());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/stream");
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One WebSocket: Twilio's side of one call. */
    private final class Stream extends SimpleChannelInboundHandler<WebSocketFrame> {
        private int messages;
        private int nextSequence = 1;
        private String streamSid = "?";
        private String accountSid;
        private String callSid;
        private int nextChunk = 1;
        private long lastTimestamp = -1;
        private boolean stopped;
        // listening
        private int speechRun;
        private int silenceRun;
        private boolean inUtterance;
        private boolean utteranceCutTheAgent;
        // speaking: marks sent and not echoed yet
        private final ArrayDeque<SentMark> marks = new ArrayDeque<>();
        private int replies;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            messages++;
            if (!(frame instanceof TextWebSocketFrame text)) {
                violation("a binary frame; Twilio sends JSON text frames", "");
                return;
            }
            String raw = text.text();
            JsonNode m;
            try {
                m = JSON.readTree(raw);
            } catch (Exception e) {
                violation("text that is not JSON", raw);
                return;
            }
            if (m == null || !m.isObject() || !m.path("event").isTextual()) {
                violation("not a JSON object with an event", raw);
                return;
            }
            String event = m.path("event").asText();
            if (stopped) {
                violation("a message after stop", raw);
            }
            if (messages == 1) {
                rule(event.equals("connected"), "connected comes first", raw);
                rule(!m.has("sequenceNumber"), "connected has no sequenceNumber", raw);
                rule(m.path("protocol").asText().equals("Call") && m.path("version").asText().equals("1.0.0"),
                        "connected names protocol Call, version 1.0.0", raw);
                streams.incrementAndGet();
                return;
            }
            JsonNode seq = m.get("sequenceNumber");
            rule(seq != null && seq.isTextual() && seq.asText().equals(Integer.toString(nextSequence)),
                    "sequenceNumber \"" + nextSequence + "\" (a string, one more than the message before)", raw);
            nextSequence++;
            if (messages == 2) {
                start(m, event, raw);
                return;
            }
            rule(m.path("streamSid").asText().equals(streamSid), "the stream's streamSid " + streamSid, raw);
            switch (event) {
                case "media" -> media(ctx, m, raw);
                case "mark" -> markEcho(m, raw);
                case "stop" -> stop(m, raw);
                case "dtmf" -> rule(m.path("dtmf").path("digit").isTextual(), "dtmf carries a digit", raw);
                default -> violation("an event Twilio does not send: " + event, raw);
            }
        }

        private void start(JsonNode m, String event, String raw) {
            rule(event.equals("start"), "start comes second", raw);
            JsonNode s = m.path("start");
            streamSid = m.path("streamSid").asText("");
            accountSid = s.path("accountSid").asText("");
            callSid = s.path("callSid").asText("");
            rule(!streamSid.isEmpty() && s.path("streamSid").asText().equals(streamSid),
                    "start carries the streamSid, in it and beside it", raw);
            rule(accountSid.startsWith("AC") && callSid.startsWith("CA"), "start carries accountSid and callSid",
                    raw);
            rule(s.path("tracks").size() == 1 && s.path("tracks").path(0).asText().equals("inbound"),
                    "tracks [\"inbound\"]", raw);
            JsonNode f = s.path("mediaFormat");
            rule(f.path("encoding").asText().equals("audio/x-mulaw") && f.path("sampleRate").asInt() == 8000
                    && f.path("channels").asInt() == 1, "mediaFormat audio/x-mulaw, 8000, 1 channel", raw);
            rule(s.path("customParameters").isObject(), "customParameters is an object", raw);
        }

        private void media(ChannelHandlerContext ctx, JsonNode m, String raw) {
            mediaFrames.incrementAndGet();
            JsonNode media = m.path("media");
            rule(media.path("track").asText().equals("inbound"), "media on the inbound track", raw);
            rule(media.path("chunk").isTextual() && media.path("chunk").asText().equals(Integer.toString(nextChunk)),
                    "chunk \"" + nextChunk + "\"", raw);
            nextChunk++;
            long timestamp = -1;
            try {
                timestamp = Long.parseLong(media.path("timestamp").asText());
            } catch (NumberFormatException e) {
                violation("a timestamp of milliseconds", raw);
            }
            rule(media.path("timestamp").isTextual() && timestamp > lastTimestamp,
                    "timestamp rising (was " + lastTimestamp + ")", raw);
            lastTimestamp = Math.max(lastTimestamp, timestamp);
            byte[] audio;
            try {
                audio = Base64.getDecoder().decode(media.path("payload").asText());
            } catch (IllegalArgumentException e) {
                violation("a base64 payload", raw);
                return;
            }
            rule(audio.length == FRAME_BYTES, "a payload of 160 bytes (was " + audio.length + ")", raw);
            listen(ctx, audio);
        }

        private void listen(ChannelHandlerContext ctx, byte[] audio) {
            long sum = 0;
            for (byte b : audio) {
                sum += Math.abs(decodeMuLaw(b));
            }
            if (sum / Math.max(1, audio.length) > SPEECH_LEVEL) {
                silenceRun = 0;
                if (++speechRun >= SPEECH_FRAMES) {
                    inUtterance = true;
                    if (!marks.isEmpty() && !marks.peekLast().cleared) { // over the agent's answer: stop it
                        send(ctx, "{\"event\":\"clear\",\"streamSid\":\"" + streamSid + "\"}");
                        marks.forEach(mk -> mk.cleared = true);
                        clears.incrementAndGet();
                        utteranceCutTheAgent = true;
                    }
                }
                return;
            }
            speechRun = 0;
            if (inUtterance && ++silenceRun >= END_OF_UTTERANCE_FRAMES) {
                inUtterance = false;
                if (utteranceCutTheAgent) {
                    interruptionsAnswered.incrementAndGet();
                    utteranceCutTheAgent = false;
                }
                answer(ctx);
            }
        }

        private void answer(ChannelHandlerContext ctx) {
            answers.incrementAndGet();
            String frame = "{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\""
                    + TONE_PAYLOAD + "\"}}";
            for (int i = 0; i < ANSWER_FRAMES; i++) {
                ctx.write(new TextWebSocketFrame(frame));
            }
            String name = "answer-" + ++replies;
            send(ctx, "{\"event\":\"mark\",\"streamSid\":\"" + streamSid + "\",\"mark\":{\"name\":\"" + name + "\"}}");
            marks.add(new SentMark(name, nextChunk - 1));
        }

        private void markEcho(JsonNode m, String raw) {
            String name = m.path("mark").path("name").asText();
            SentMark sent = marks.poll();
            if (sent == null || !sent.name.equals(name)) {
                violation("a mark echo of " + name + " when the next mark to echo is "
                        + (sent == null ? "none" : sent.name), raw);
                return;
            }
            int streamed = nextChunk - 1 - sent.callerChunk;
            rule(sent.cleared || streamed >= ANSWER_FRAMES / 2, "the mark echoed once its " + ANSWER_FRAMES
                    + " frames played, while the caller kept streaming (" + streamed + " caller frames meanwhile)",
                    raw);
        }

        private void stop(JsonNode m, String raw) {
            JsonNode s = m.path("stop");
            rule(s.path("accountSid").asText().equals(accountSid) && s.path("callSid").asText().equals(callSid),
                    "stop names the start's accountSid and callSid", raw);
            stopped = true;
            stops.incrementAndGet();
        }

        private void send(ChannelHandlerContext ctx, String text) {
            ctx.writeAndFlush(new TextWebSocketFrame(text));
        }

        private void rule(boolean kept, String rule, String raw) {
            if (!kept) {
                violation(rule, raw);
            }
        }

        private void violation(String rule, String raw) {
            violations.add(streamSid + " message " + messages + ": " + rule + " -- "
                    + (raw.length() > 300 ? raw.substring(0, 300) + "..." : raw));
        }
    }

    private static final class SentMark {
        final String name;
        /** The caller's last chunk when the mark went out. */
        final int callerChunk;
        boolean cleared;

        SentMark(String name, int callerChunk) {
            this.name = name;
            this.callerChunk = callerChunk;
        }
    }

    /** G.711 mu-law to 16-bit linear. */
    static int decodeMuLaw(byte b) {
        int u = ~b & 0xFF;
        int magnitude = ((((u & 0x0F) << 3) + 0x84) << ((u >> 4) & 0x07)) - 0x84;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    /** 16-bit linear to G.711 mu-law. */
    static byte encodeMuLaw(int pcm) {
        int sign = pcm < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(pcm), 32_635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }
}
