package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.core.Stage;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.media.MuLaw;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One media stream, one call: the agent side of the Twilio Media Streams protocol ({@code docs/connectors.md}).
 * It hears the end of the caller's speech in the audio, sends the words of the latest {@code callstorm.utterance}
 * as the caller's turn, answers with a {@code callstorm.transcript} and synthetic speech at real time ending in a
 * {@code turn-N-end} mark, and stops speaking (with a {@code clear}) when the caller talks over it; what the caller
 * said over it is then answered in turn. The {@code callstorm.*} events go only to a caller that agreed to them
 * ({@link MediaExtensions}); with any other the words are unknown and only the audio answers.
 *
 * <p>Everything runs on the channel's event loop: the caller's messages come from {@link MediaEndpoint}, ticks
 * from {@link MediaTicker}, and the agent's events (on the agent's loop) are posted there. So the state below
 * has one thread and no locks.
 */
final class MediaSession implements AgentCallListener {
    private static final Logger LOG = LoggerFactory.getLogger(MediaSession.class);
    /** Mean amplitude above which a frame is speech: mu-law silence decodes to 0, speech to a few thousand. */
    static final int SPEECH_LEVEL = 300;
    /** Frames below the speech level that end an utterance: 200 ms, half of the caller's usual silence tail. */
    static final int END_OF_SPEECH_FRAMES = 10;
    /** With no frame at all this long after speech, the utterance has ended too (a caller that sends no tail). */
    static final long END_OF_SPEECH_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    /** Consecutive speech frames over the agent's audio that stop it: 60 ms, more than a click. */
    static final int BARGE_IN_FRAMES = 3;
    /** Audio of a turn whose reply never comes (the agent dropped the turn) stops after 30 s. */
    private static final int MAX_FRAMES_WITHOUT_REPLY = 1_500;
    private static final int NONE = -1;

    private final Channel channel;
    private final ServedCalls calls;
    private final MediaTicker ticker;
    private final boolean extensions;

    private String streamSid = "";
    private String sidField = ""; // "streamSid":"..", escaped once
    private String mediaPrefix = ""; // an outgoing media frame up to its payload: no JSON tree per frame
    private AgentCall call;
    private boolean ended;
    private boolean ticking;

    // the caller's speech
    private long framesIn;
    private long lastFrameNanos;
    private boolean inSpeech;
    private boolean overAgent; // the utterance began over the agent's audio or cut it
    private boolean cutTheAgent; // the utterance stopped the agent's voice: a barge-in, to be answered
    private long firstSpeechFrame;
    private long lastSpeechFrame;
    private int speechRun;
    private int silenceRun;

    // the caller's words, announced by callstorm.utterance
    private boolean utterancePending;
    private long announcedAtFrame;
    private long announcedFrames;
    private int utteranceTurn = NONE;
    private String utteranceText = "";
    private boolean utteranceInterrupts; // announced as talking over the reply to utteranceTurn
    /** The turn whose reply, when it comes, answers an interruption of it rather than the turn itself. */
    private int interruptionTurn = NONE;
    private int lastSentTurn = NONE;
    private int lastAnsweredTurn = NONE;

    // the agent's audio
    private int audioTurn = NONE; // the latest turn whose audio started
    private boolean speaking;
    private int framesOut;
    private int framesTotal = NONE; // unknown until the reply
    private int cutTurn = NONE;
    private long voiceFrame;

    MediaSession(Channel channel, ServedCalls calls, MediaTicker ticker, boolean extensions) {
        this.channel = channel;
        this.calls = calls;
        this.ticker = ticker;
        this.extensions = extensions;
    }

    /** Whether the caller agreed to Callstorm's {@code callstorm.*} events. */
    boolean extensions() {
        return extensions;
    }

    /** {@code start}: opens the call on the agent. Empty strings stand for absent parameters. */
    void start(String streamSid, String callId, String personaId, String pathId) {
        if (call != null || ended) {
            LOG.debug("media stream {}: start after start or stop ignored", this.streamSid);
            return;
        }
        this.streamSid = streamSid.isEmpty() ? "MZ" + channel.id().asShortText() : streamSid;
        sidField = "\"streamSid\":" + ReferenceAgentServer.JSON.getNodeFactory().textNode(this.streamSid);
        mediaPrefix = "{\"event\":\"media\"," + sidField + ",\"media\":{\"payload\":\"";
        Persona persona = Personas.byId(personaId).orElse(Personas.builtIns().get(0));
        CallSetup setup = new CallSetup(callId.isEmpty() ? this.streamSid : callId, persona,
                pathId.isEmpty() ? "unknown" : pathId, Map.of());
        calls.opened(this);
        call = calls.agent().open(setup, this);
    }

    /**
     * {@code callstorm.utterance}: the words of the speech that follows ({@code turn} < 0: the next turn) and how
     * long it lasts ({@code speechMillis} <= 0: unknown); {@code interruption}: the caller talks over the reply to
     * {@code turn} instead of taking a new turn. A pause inside announced speech (a recorded or espeak-ng voice
     * pauses at commas) does not end it, as a production agent's longer end-of-speech window would not.
     */
    void utterance(int turn, String text, long speechMillis, boolean interruption) {
        utteranceTurn = turn < 0 ? lastSentTurn + 1 : turn;
        utteranceText = text;
        utteranceInterrupts = interruption;
        utterancePending = true;
        announcedAtFrame = framesIn;
        announcedFrames = Math.max(0, speechMillis / MuLaw.FRAME_MILLIS);
    }

    /** {@code media}: one frame of the caller's audio. */
    void media(byte[] mulaw) {
        if (call == null || ended) {
            return;
        }
        framesIn++;
        lastFrameNanos = System.nanoTime();
        if (MuLaw.meanAmplitude(mulaw, 0, mulaw.length) > SPEECH_LEVEL) {
            speech();
        } else {
            silence();
        }
    }

    /** {@code stop}, or the channel closed: hangs up the agent's call, once. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        speaking = false;
        inSpeech = false;
        if (call != null) {
            calls.closed(this);
            call.hangUp();
        }
    }

    /** One 20 ms tick; false when the session needs no more until it speaks or hears speech again. */
    boolean tick(long nowNanos) {
        if (!ended && inSpeech && nowNanos - lastFrameNanos > END_OF_SPEECH_GAP_NANOS) {
            endOfSpeech();
        }
        if (!ended && speaking) {
            writeFrame();
            channel.flush();
        }
        ticking = !ended && (speaking || inSpeech);
        return ticking;
    }

    private void speech() {
        speechRun++;
        silenceRun = 0;
        if (!inSpeech) {
            inSpeech = true;
            firstSpeechFrame = framesIn;
            overAgent = speaking;
            cutTheAgent = false;
            tickFromNow(); // for the 300 ms check
        }
        lastSpeechFrame = framesIn;
        if (speaking && speechRun >= BARGE_IN_FRAMES) {
            LOG.debug("media stream {}: barge-in on turn {}", streamSid, audioTurn);
            overAgent = true;
            cutTheAgent = true;
            stopSpeaking();
            channel.flush();
        }
    }

    private void silence() {
        speechRun = 0;
        boolean announcedSpeechGoesOn = utterancePending && framesIn - announcedAtFrame < announcedFrames;
        if (inSpeech && ++silenceRun >= END_OF_SPEECH_FRAMES && !announcedSpeechGoesOn) {
            endOfSpeech();
        }
    }

    private void endOfSpeech() {
        inSpeech = false;
        speechRun = 0;
        silenceRun = 0;
        Duration spoken = Duration.ofMillis((lastSpeechFrame - firstSpeechFrame + 1) * MuLaw.FRAME_MILLIS);
        boolean announced = utterancePending;
        utterancePending = false;
        boolean newTurn = announced && !utteranceInterrupts;
        if (newTurn && (!overAgent || utteranceTurn > lastAnsweredTurn)) {
            sendTurn(utteranceTurn, utteranceText, spoken, false);
        } else if ((cutTheAgent || announced && utteranceInterrupts && overAgent) && lastSentTurn != NONE) {
            // the caller stopped the agent to say something: answer it, as a new request within the turn it cut
            LOG.debug("media stream {}: answering an interruption of turn {}", streamSid, lastSentTurn);
            sendTurn(lastSentTurn, announced ? utteranceText : "", spoken, true);
        } else if (!announced && !overAgent) {
            sendTurn(lastSentTurn + 1, "", spoken, false); // a caller without the extension: no words
        } else {
            // speech over the agent that did not stop it, and no new turn announced: a backchannel or noise
            LOG.debug("media stream {}: {} ms of speech over the agent taken as noise", streamSid, spoken.toMillis());
        }
        cutTheAgent = false;
    }

    private void sendTurn(int turn, String text, Duration spoken, boolean interruption) {
        interruptionTurn = interruption ? turn : NONE;
        if (speaking) {
            stopSpeaking(); // the agent drops the turn in progress when the next one comes; its voice stops too
            channel.flush();
        }
        lastSentTurn = turn;
        // a retry re-sends the same index: new work for the agent, with a voice of its own
        if (turn == cutTurn) {
            cutTurn = NONE;
        }
        if (turn == audioTurn) {
            audioTurn = NONE;
        }
        call.sendTurn(new CallerTurn(turn, text, spoken));
    }

    @Override
    public void onFirstAudio(int turnIndex, long atNanos) {
        onLoop(() -> {
            if (turnIndex == lastSentTurn && turnIndex != cutTurn && turnIndex != audioTurn) {
                startSpeaking(turnIndex);
                channel.flush();
            }
        });
    }

    @Override
    public void onReply(AgentReply reply) {
        onLoop(() -> reply(reply));
    }

    @Override
    public void onError(int turnIndex, AgentException error) {
        onLoop(() -> error(turnIndex, error));
    }

    private void onLoop(Runnable event) {
        try {
            channel.eventLoop().execute(() -> {
                if (!ended) {
                    event.run();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // the server is closing; the channel closes with its loop
        }
    }

    private void reply(AgentReply reply) {
        int turn = reply.turnIndex();
        if (extensions) {
            ObjectNode msg = ReferenceAgentServer.JSON.createObjectNode()
                    .put("event", "callstorm.transcript").put("streamSid", streamSid);
            ObjectNode transcript = msg.putObject("transcript").put("turn", turn);
            if (turn == interruptionTurn) {
                transcript.put("interruption", true);
            }
            transcript.put("role", "agent").put("text", reply.text()).put("final", true);
            ReplyExtension.putInto(transcript, reply);
            channel.write(text(msg.toString()));
        }
        lastAnsweredTurn = Math.max(lastAnsweredTurn, turn);
        if (turn == lastSentTurn && turn != cutTurn) {
            if (turn != audioTurn) {
                startSpeaking(turn); // no first audio came for it: the voice starts with the reply
            }
            if (speaking && audioTurn == turn) {
                long ms = reply.audioDuration().toMillis();
                framesTotal = (int) Math.max(1, (ms + MuLaw.FRAME_MILLIS - 1) / MuLaw.FRAME_MILLIS);
                if (framesOut >= framesTotal) {
                    endOfAudio();
                }
            }
        }
        channel.flush();
    }

    private void error(int turn, AgentException e) {
        if (speaking && audioTurn == turn) {
            speaking = false; // no answer, so no end mark: the caller's quiet period ends the turn
        }
        if (!extensions) {
            channel.flush(); // a Twilio caller hears only silence: its first-audio timeout tells it
            return;
        }
        boolean rateLimited = e.kind() == AgentErrorKind.RATE_LIMITED;
        String type = rateLimited ? "rate_limit" : e.kind() == AgentErrorKind.TIMEOUT ? "timeout" : "server_error";
        int status = rateLimited ? 429 : e.status().orElse(e.kind() == AgentErrorKind.TIMEOUT ? 504 : 500);
        ObjectNode msg = ReferenceAgentServer.JSON.createObjectNode()
                .put("event", "callstorm.error").put("streamSid", streamSid);
        ObjectNode err = msg.putObject("error").put("turn", turn);
        if (turn == interruptionTurn) {
            err.put("interruption", true);
        }
        err.put("type", type)
                .put("stage", e.stage().map(Stage::wireName).orElse("")).put("status", status);
        e.retryAfter().ifPresent(d -> err.put("retry_after_ms", Math.max(1, d.toMillis())));
        err.put("message", String.valueOf(e.getMessage()));
        channel.writeAndFlush(text(msg.toString()));
    }

    private void startSpeaking(int turn) {
        audioTurn = turn;
        speaking = true;
        framesOut = 0;
        framesTotal = NONE;
        writeFrame(); // the first frame at once: the caller measures its gap to it, not to the next tick
        tickFromNow();
    }

    /** Writes the next frame of the voice (flushed by the caller) and, after the reply's last one, the mark. */
    private void writeFrame() {
        channel.write(text(mediaPrefix + SyntheticVoice.payload(voiceFrame++) + "\"}}"));
        framesOut++;
        if (framesTotal != NONE && framesOut >= framesTotal) {
            endOfAudio();
        } else if (framesTotal == NONE && framesOut >= MAX_FRAMES_WITHOUT_REPLY) {
            LOG.debug("media stream {}: no reply for turn {} after {} frames; stopped", streamSid, audioTurn, framesOut);
            speaking = false;
        }
    }

    private void endOfAudio() {
        channel.write(text("{\"event\":\"mark\"," + sidField + ",\"mark\":{\"name\":\"turn-" + audioTurn + "-end\"}}"));
        speaking = false;
    }

    /** Stops the voice at once and tells the caller to drop what it has queued (written, not flushed). */
    private void stopSpeaking() {
        cutTurn = audioTurn;
        speaking = false;
        channel.write(text("{\"event\":\"clear\"," + sidField + "}"));
    }

    private void tickFromNow() {
        if (!ticking) {
            ticking = true;
            ticker.add(this, channel.eventLoop());
        }
    }

    private TextWebSocketFrame text(String json) {
        return new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), json));
    }

    @Override
    public String toString() {
        return "MediaSession{" + streamSid + '}';
    }
}
