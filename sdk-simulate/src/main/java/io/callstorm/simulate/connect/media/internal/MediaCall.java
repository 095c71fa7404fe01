package io.callstorm.simulate.connect.media.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.Stage;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.RecordedAudio;
import io.callstorm.simulate.connect.internal.AgentExtension;
import io.callstorm.simulate.connect.internal.TraceIds;
import io.callstorm.simulate.connect.media.CallerVoice;
import io.callstorm.simulate.connect.media.MuLaw;
import io.callstorm.tracing.VoicePropagation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.opentelemetry.context.Context;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call over a media stream, as Twilio would play it: connects, announces the call, streams a frame every 20 ms
 * on its loop's pacer from the start to the hang-up (the caller's speech, and silence between), plays the agent's
 * audio through a queue drained at 8,000 bytes a second, echoes marks, honours {@code clear}, and turns what it
 * hears into first-audio, reply and error events. After a barge-in that the agent clears, the reply ends only once
 * the agent has answered the interjection (or failed to in time), so the next turn does not talk over that answer.
 * Every field is confined to the call's event loop; {@link #sendTurn} and {@link #hangUp} hop onto it.
 */
public final class MediaCall implements AgentCall, FramePacer.Paced {
    private static final VoicePropagation PROPAGATION = VoicePropagation.w3cTraceContext();
    private static final long NANOS_PER_BYTE = 1_000_000_000L / MuLaw.SAMPLE_RATE;
    private static final long FRAME_NANOS = MuLaw.FRAME_MILLIS * 1_000_000L;
    /** Frames a late tick may send at once to catch up, so that a stalled loop does not burst a whole second. */
    private static final int MAX_CATCH_UP_FRAMES = 3;

    private final MediaTransport transport;
    private final MediaSettings settings;
    private final CallerVoice voice;
    private final CallSetup setup;
    private final AgentCallListener listener;
    private final EventLoop loop;
    private final FramePacer pacer;
    private final String traceId = TraceIds.newTraceId();
    private final String streamSid = "MZ" + TraceIds.randomHex(16);
    private final String callSid = "CA" + TraceIds.randomHex(16);

    private Channel channel;
    private boolean connecting;
    private boolean streaming; // handshake done, start sent
    private boolean extensions; // the agent opted in to callstorm.* events on this stream
    private boolean hungUp;
    private boolean paced;
    private AgentException failure;
    /** The sequenceNumber of the last message sent: {@code start} is 1, {@code connected} has none. */
    private int seq;
    /** Media frames sent on this stream; frame {@code k} is due {@code (k - 1) * 20 ms} after its start. */
    private int chunk;
    /** Frame slots a silent caller skipped after falling behind: timestamps jump by them, chunks do not. */
    private long skippedFrames;
    private long streamStartNanos;
    private final ArrayDeque<Utterance> toSpeak = new ArrayDeque<>(2);
    /** The caller turn the agent owes an answer to (being spoken or awaited); -1 when none. */
    private int turnInHand = -1;

    // the utterance being spoken: its speech, then its tail of silence frames
    private Utterance speaking;
    private int spokenBytes;
    private int tailFrames;

    // the agent's answer to the turn whose speech ended
    private int awaitingTurn = -1;
    private long speechEndedNanos;
    private boolean heardFirstAudio;
    private long lastAgentAudioNanos;
    private long replyBytes;
    private JsonNode transcript;
    private final Map<String, String> replyAnnotations = new LinkedHashMap<>();
    private long bargeInAtNanos;
    private long bargedInAtNanos;
    /** The agent cleared its audio after the barge-in: the reply goes on until it answers the interjection. */
    private boolean interrupted;
    /** When the interjection's speech ended; 0 while it is spoken. */
    private long interjectionEndedNanos;
    private boolean heardAnswer;

    // the caller's playback of the agent's audio
    private long playedOutAtNanos;
    private final ArrayDeque<PendingMark> marks = new ArrayDeque<>(2);
    /** The agent audio of a recorded call; written on the loop, read by the harness after the hang-up. */
    private final java.io.ByteArrayOutputStream recording;

    private MediaCall(MediaTransport transport, MediaSettings settings, CallerVoice voice, CallSetup setup,
                      AgentCallListener listener) {
        this.transport = transport;
        this.settings = settings;
        this.voice = voice;
        this.setup = setup;
        this.listener = listener;
        this.loop = transport.nextLoop();
        this.pacer = transport.pacer(loop);
        this.recording = settings.recordShare() > 0 && share(setup.callId(), "record") < settings.recordShare()
                ? new java.io.ByteArrayOutputStream(64 * 1024) : null;
    }

    public static MediaCall open(MediaTransport transport, MediaSettings settings, CallerVoice voice, CallSetup setup,
                                 AgentCallListener listener) {
        MediaCall call = new MediaCall(transport, settings, voice, setup, listener);
        call.loop.execute(call::connect);
        return call;
    }

    // ---- AgentCall, from the harness loop

    @Override
    public void sendTurn(CallerTurn turn) {
        loop.execute(() -> speak(turn));
    }

    @Override
    public void hangUp() {
        loop.execute(this::stop);
    }

    // ---- connection

    private void connect() {
        if (hungUp || connecting || channel != null && channel.isActive()) {
            return;
        }
        connecting = true;
        failure = null;
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
        transport.connect(loop, settings.url(), settings.headers(), settings.offerExtensions(), timeout,
                new Stream()).addListener(
                (ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        connecting = false;
                        failed(MediaFaults.connectFailure(f.cause(), settings.url()));
                    } else {
                        channel = f.channel();
                    }
                });
    }

    private void handshake(ChannelHandlerContext ctx, Object evt) {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            connecting = false;
            if (hungUp) {
                ctx.close();
                return;
            }
            begin();
        } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            connecting = false;
            failed(AgentException.of(AgentErrorKind.TIMEOUT, "WebSocket handshake with " + settings.url()
                    + " not finished within " + settings.connectTimeout().toMillis() + " ms"));
        }
    }

    private void begin() {
        streaming = true;
        extensions = settings.offerExtensions() && CallstormExtensions.accepted(channel);
        streamStartNanos = System.nanoTime();
        seq = 0;
        chunk = 0;
        skippedFrames = 0;
        transport.streamOpened();
        if (!paced) {
            pacer.add(this);
            paced = true;
        }
        Map<String, String> params = new LinkedHashMap<>(setup.metadata());
        params.putAll(settings.customParameters());
        params.put("callId", setup.callId());
        params.putIfAbsent("persona", setup.persona().id());
        params.putIfAbsent("path", setup.pathId());
        PROPAGATION.injectStartParameters(Context.current(), params);
        params.putIfAbsent("traceparent", TraceIds.traceparent(traceId));
        write(MediaMessages.connected()); // Twilio numbers every message but this one, from start = 1
        write(MediaMessages.start(++seq, streamSid, callSid, params));
    }

    // ---- the caller speaks

    private void speak(CallerTurn turn) {
        if (hungUp) {
            return;
        }
        if (failure != null && !connecting) {
            AgentException previous = failure;
            if (!previous.isTransient()) {
                listener.onError(turn.index(), previous);
                return;
            }
            connect(); // a transient failure: the retried turn goes on a new stream
        } else if (channel == null && !connecting) {
            connect();
        }
        resetReply(-1);
        turnInHand = turn.index();
        voice.speak(setup.persona(), turn.text()).whenComplete((audio, error) -> loop.execute(() -> {
            if (hungUp || turnInHand != turn.index()) {
                return; // hung up, or the stream failed meanwhile and the turn was told so
            }
            if (error != null) {
                listener.onError(turn.index(), AgentException.wrap(AgentErrorKind.OTHER, "the caller's voice "
                        + voice.describe() + " failed: " + error.getMessage(), error));
                return;
            }
            toSpeak.add(new Utterance(turn, turn.text(), -1, audio));
        }));
    }

    /** Frames of silence after each utterance before the caller may speak again. */
    private int tailFrames() {
        return (int) ((settings.silenceTail().toMillis() + MuLaw.FRAME_MILLIS - 1) / MuLaw.FRAME_MILLIS);
    }

    /**
     * Sends the frames due by {@code now}: Twilio streams from start to stop, silence included. Speech that fell
     * behind catches up a few frames a tick; silence that fell behind is dropped, as a lossy network drops it, so
     * that an overloaded loop is not handed three times the frames of the calls that have nothing to say.
     */
    private void sendFrames(long now) {
        long due = (now - streamStartNanos) / FRAME_NANOS + 1 - chunk - skippedFrames;
        if (due > 1 && speaking == null && toSpeak.isEmpty()) {
            skippedFrames += due - 1;
            due = 1;
        }
        for (long i = Math.min(MAX_CATCH_UP_FRAMES, due); i > 0 && streaming; i--) {
            sendFrame(now);
        }
    }

    private void sendFrame(long now) {
        if (speaking == null && !toSpeak.isEmpty()) {
            nextUtterance(now);
        }
        long timestamp = (chunk + skippedFrames) * MuLaw.FRAME_MILLIS; // its time from the start of the stream
        chunk++;
        if (speaking != null && spokenBytes < speaking.speech().length) {
            byte[] speech = speaking.speech();
            int length = Math.min(MuLaw.FRAME_BYTES, speech.length - spokenBytes);
            write(MediaMessages.media(++seq, streamSid, chunk, timestamp, speech, spokenBytes, length));
            spokenBytes += length;
            if (spokenBytes >= speech.length) {
                speechEnded(now);
                if (tailFrames == 0) {
                    speaking = null;
                }
            }
            return;
        }
        write(MediaMessages.silence(++seq, streamSid, chunk, timestamp));
        if (speaking != null && --tailFrames <= 0) {
            speaking = null;
        }
    }

    private void nextUtterance(long now) {
        speaking = toSpeak.poll();
        spokenBytes = 0;
        tailFrames = tailFrames();
        if (extensions && settings.sendUtteranceText()) {
            int turn = speaking.turn() != null ? speaking.turn().index() : speaking.interrupts();
            write(MediaMessages.utterance(++seq, streamSid, turn, speaking.turn() == null, speaking.text(),
                    speaking.speech().length * 1000L / MuLaw.SAMPLE_RATE));
        }
        if (speaking.turn() != null) {
            resetReply(-1); // the agent's audio from before this turn is not its answer to it
        }
        if (speaking.speech().length == 0) {
            speechEnded(now); // a voice that rendered nothing: the turn is over at once
        }
    }

    private void speechEnded(long now) {
        CallerTurn turn = speaking.turn();
        if (turn == null) { // an interjection: the agent's answer to it ends the reply it interrupted
            if (speaking.interrupts() == awaitingTurn && bargedInAtNanos != 0) {
                interjectionEndedNanos = now;
            }
            return;
        }
        resetReply(turn.index());
        speechEndedNanos = now;
        listener.onSpeechEnded(turn.index(), now);
    }

    // ---- the agent speaks

    private void frame(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame text) {
                read(text.content());
            } else if (msg instanceof CloseWebSocketFrame close) {
                closedByAgent(close.statusCode(), close.reasonText());
            } else if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
                garbage("a binary or fragmented frame; the protocol sends JSON text frames");
            } else if (!(msg instanceof WebSocketFrame)) {
                ctx.fireChannelRead(ReferenceCountUtil.retain(msg));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void read(ByteBuf content) {
        MediaMessages.Inbound in;
        try {
            byte[] bytes = ByteBufUtil.getBytes(content);
            in = MediaMessages.read(bytes, 0, bytes.length);
        } catch (java.io.IOException e) {
            garbage("a frame that is not a protocol message (" + e.getMessage() + ")");
            return;
        }
        long now = System.nanoTime();
        switch (in.event()) {
            case "media" -> agentAudio(in.payload(), now);
            case "mark" -> marks.add(new PendingMark(in.markName() == null ? "" : in.markName(),
                    Math.max(now, playedOutAtNanos), endsReply() ? awaitingTurn : -1));
            case "clear" -> clear(now);
            case "callstorm.transcript" -> {
                if (extensions) {
                    transcript(in.body());
                }
            }
            case "callstorm.error" -> {
                if (extensions) {
                    agentError(in.body());
                }
            }
            default -> { } // other events (e.g. dtmf), and extensions the agent did not opt in to
        }
    }

    private void agentAudio(String payload, long now) {
        byte[] audio;
        try {
            audio = payload == null ? null : Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            audio = null;
        }
        if (audio == null) {
            garbage("a media message without a base64 payload");
            return;
        }
        playedOutAtNanos = Math.max(now, playedOutAtNanos) + audio.length * NANOS_PER_BYTE;
        if (recording != null) {
            recording.writeBytes(audio);
        }
        if (awaitingTurn < 0) {
            return; // audio before a turn ended (a greeting, or over the caller): played, not an answer
        }
        lastAgentAudioNanos = now;
        replyBytes += audio.length;
        if (interrupted && interjectionEndedNanos != 0 && !heardAnswer) {
            heardAnswer = true;
            replyAnnotations.put("barge_in.answer_ms", Long.toString((now - interjectionEndedNanos) / 1_000_000L));
        }
        if (!heardFirstAudio) {
            heardFirstAudio = true;
            listener.onFirstAudio(awaitingTurn, now);
            if (settings.bargeInRate() > 0
                    && share(setup.callId(), "barge-in:" + awaitingTurn) < settings.bargeInRate()) {
                bargeInAtNanos = now + settings.bargeInAfter().toNanos();
            }
        }
    }

    private void clear(long now) {
        long unplayed = Math.max(0, playedOutAtNanos - now);
        playedOutAtNanos = now;
        while (!marks.isEmpty()) { // Twilio echoes the marks of cleared audio at once
            write(MediaMessages.mark(++seq, streamSid, marks.poll().name()));
        }
        if (awaitingTurn >= 0 && heardFirstAudio) {
            replyBytes = Math.max(0, replyBytes - unplayed / NANOS_PER_BYTE);
            if (bargedInAtNanos == 0) {
                replyAnnotations.put("agent.cleared", "true");
                completeReply();
            } else if (!interrupted) { // the barge-in worked: now the caller waits for the agent's answer to it
                interrupted = true;
                replyAnnotations.put("barge_in.clear_ms", Long.toString((now - bargedInAtNanos) / 1_000_000L));
            }
        }
    }

    /** Whether a mark the agent sends now ends its reply once played: not the marks of audio a barge-in cut. */
    private boolean endsReply() {
        return awaitingTurn >= 0 && heardFirstAudio && (!interrupted || heardAnswer);
    }

    private void transcript(JsonNode body) {
        if (body == null || !body.isObject()) {
            garbage("a callstorm.transcript without a transcript object");
            return;
        }
        if (body.path("interruption").asBoolean(false)) {
            return; // the words of the agent's answer to an interjection: the turn's transcript stays its reply's
        }
        int turn = body.path("turn").asInt(awaitingTurn);
        if (turn == awaitingTurn || awaitingTurn < 0 && speaking != null && speaking.turn() != null
                && speaking.turn().index() == turn) {
            transcript = body;
        }
    }

    private void agentError(JsonNode body) {
        if (body == null || !body.isObject()) {
            garbage("a callstorm.error without an error object");
            return;
        }
        int turn = body.path("turn").asInt(awaitingTurn);
        AgentException e = MediaFaults.agentError(body);
        if (turn == awaitingTurn && interrupted) { // the reply was heard; only the answer to the interjection failed
            replyAnnotations.put("barge_in.unanswered", "true");
            completeReply();
        } else if (turn == awaitingTurn) {
            resetReply(-1);
            turnInHand = -1;
            listener.onError(turn, e);
        }
    }

    // ---- the pacer

    @Override
    public void tick(long now) {
        if (!streaming) {
            return;
        }
        sendFrames(now);
        while (!marks.isEmpty() && marks.peek().playAtNanos() <= now) {
            PendingMark m = marks.poll();
            write(MediaMessages.mark(++seq, streamSid, m.name()));
            if (m.turn() >= 0 && m.turn() == awaitingTurn && heardFirstAudio) {
                completeReply();
            }
        }
        if (awaitingTurn < 0) {
            return;
        }
        if (!heardFirstAudio) {
            if (now - speechEndedNanos > settings.firstAudioTimeout().toNanos()) {
                int turn = awaitingTurn;
                resetReply(-1);
                turnInHand = -1;
                listener.onError(turn, AgentException.withStatus(AgentErrorKind.TIMEOUT, Stage.USER_PERCEIVED_GAP,
                        0, "no agent audio within " + settings.firstAudioTimeout().toMillis()
                                + " ms of the end of the caller's speech"));
            }
            return;
        }
        if (bargeInAtNanos != 0 && now >= bargeInAtNanos) {
            bargeInAtNanos = 0;
            if (playedOutAtNanos > now) { // the agent is still talking: talk over it
                bargedInAtNanos = now;
                interject();
            }
        }
        if (bargedInAtNanos != 0 && !interrupted && !replyAnnotations.containsKey("barge_in.ignored")
                && now - bargedInAtNanos > settings.bargeInClearTimeout().toNanos()) {
            replyAnnotations.put("barge_in.ignored", "true");
        }
        if (interrupted && !heardAnswer) {
            if (interjectionEndedNanos != 0 && now - interjectionEndedNanos > settings.firstAudioTimeout().toNanos()) {
                replyAnnotations.put("barge_in.unanswered", "true");
                completeReply();
            }
            return; // the caller still speaks over the cleared agent, or waits for its answer
        }
        if (playedOutAtNanos <= now && now - lastAgentAudioNanos >= settings.replyQuietPeriod().toNanos()) {
            completeReply();
        }
    }

    private void interject() {
        int turn = awaitingTurn;
        voice.speak(setup.persona(), settings.interjection()).whenComplete((audio, error) -> loop.execute(() -> {
            if (hungUp) {
                return;
            }
            if (error != null) { // nothing to say after all: the agent owes no answer
                if (awaitingTurn == turn && bargedInAtNanos != 0) {
                    interjectionEndedNanos = System.nanoTime();
                }
                return;
            }
            toSpeak.addFirst(new Utterance(null, settings.interjection(), turn, audio)); // on the next frame
        }));
    }

    private void completeReply() {
        int turn = awaitingTurn;
        JsonNode t = transcript == null ? MediaMessages.JSON.createObjectNode() : transcript;
        Map<String, String> annotations = new HashMap<>(replyAnnotations);
        AgentExtension.annotations(t, annotations);
        AgentReply reply = new AgentReply(turn, t.path("text").asText(""),
                Duration.ofNanos(replyBytes * NANOS_PER_BYTE), AgentExtension.toolResults(t),
                AgentExtension.stages(AgentExtension.serverTiming(t)), annotations);
        resetReply(-1);
        turnInHand = -1;
        listener.onReply(reply);
    }

    private void resetReply(int turn) {
        awaitingTurn = turn;
        heardFirstAudio = false;
        replyBytes = 0;
        transcript = null;
        replyAnnotations.clear();
        bargeInAtNanos = 0;
        bargedInAtNanos = 0;
        interrupted = false;
        interjectionEndedNanos = 0;
        heardAnswer = false;
        lastAgentAudioNanos = 0;
    }

    // ---- endings

    private void stop() {
        if (hungUp) {
            return;
        }
        hungUp = true;
        if (channel != null && channel.isActive()) {
            if (streaming) {
                write(MediaMessages.stop(++seq, streamSid, callSid));
                channel.writeAndFlush(new CloseWebSocketFrame(1000, "caller hung up"))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.close();
            }
        }
        ended();
    }

    private void inactive(ChannelHandlerContext ctx) {
        if (!hungUp && ctx.channel() == channel) {
            failed(AgentException.of(AgentErrorKind.CONNECTION_RESET, "the agent's stream closed without a close "
                    + "frame"));
        }
        if (ctx.channel() == channel) { // not an earlier stream closing after a reconnect began
            connecting = false;
            channel = null;
            ended();
        }
    }

    private void exception(ChannelHandlerContext ctx, Throwable cause) {
        if (!hungUp && (ctx.channel() == channel || channel == null)) {
            failed(MediaFaults.classify(cause, settings.url()));
        }
        ctx.close();
    }

    private void closedByAgent(int code, String reason) {
        if (!hungUp) {
            failed(MediaFaults.closeFrame(code, reason));
        }
        channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
    }

    private void garbage(String what) {
        if (!hungUp) {
            failed(AgentException.of(AgentErrorKind.PROTOCOL, "the agent sent " + what));
        }
        if (channel != null) {
            channel.writeAndFlush(new CloseWebSocketFrame(1007, "not a media-stream message"))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The stream is lost: the turn in the agent's hands fails now; a later turn gets the same error. */
    private void failed(AgentException e) {
        if (failure != null) {
            return; // the first cause is the one to report
        }
        failure = e;
        connecting = false;
        int turn = turnInHand;
        turnInHand = -1;
        speaking = null;
        toSpeak.clear();
        marks.clear();
        resetReply(-1);
        if (streaming) {
            streaming = false;
            transport.streamClosed();
        }
        if (turn >= 0) {
            listener.onError(turn, e);
        }
    }

    private void ended() {
        if (streaming) {
            streaming = false;
            transport.streamClosed();
        }
        if (paced) {
            pacer.remove(this);
            paced = false;
        }
        speaking = null;
        toSpeak.clear();
    }

    @Override
    public java.util.Optional<RecordedAudio> agentAudio() {
        if (recording == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(RecordedAudio.ofMuLaw(recording.toByteArray()));
    }

    private void write(String message) {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), message)),
                    channel.voidPromise());
        }
    }

    private static double share(String callId, String salt) {
        long h = (callId + '#' + salt).hashCode() * 0x9E3779B97F4A7C15L;
        return ((h >>> 11) & ((1L << 53) - 1)) / (double) (1L << 53);
    }

    /** The handler of one WebSocket of this call (a reconnect makes another); events of a closed one are late. */
    private final class Stream extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (ctx.channel() == channel || channel == null) {
                channel = ctx.channel();
                handshake(ctx, evt);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (ctx.channel() != channel) {
                ReferenceCountUtil.release(msg);
                return;
            }
            frame(ctx, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            inactive(ctx);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            exception(ctx, cause);
        }
    }

    /**
     * An utterance to stream: a caller turn's speech, or an interjection ({@code turn} null) over the agent's reply
     * to turn {@code interrupts}.
     */
    private record Utterance(CallerTurn turn, String text, int interrupts, byte[] speech) {
    }

    /** A mark of the agent's, echoed when the audio before it has played; {@code turn} the reply it ends, or -1. */
    private record PendingMark(String name, long playAtNanos, int turn) {
    }

    @Override
    public String toString() {
        return "MediaCall{" + setup.callId() + ", " + streamSid + '}';
    }
}
