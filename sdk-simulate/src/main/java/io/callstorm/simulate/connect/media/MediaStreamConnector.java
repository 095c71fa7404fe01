package io.callstorm.simulate.connect.media;

import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.NetworkConnectorBuilder;
import io.callstorm.simulate.connect.internal.ConnectorChecks;
import io.callstorm.simulate.connect.internal.NetworkSettings;
import io.callstorm.simulate.connect.media.internal.MediaCall;
import io.callstorm.simulate.connect.media.internal.MediaSettings;
import io.callstorm.simulate.connect.media.internal.MediaTransport;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The caller side of the Twilio Media Streams protocol: each call is a WebSocket to the agent carrying
 * {@code connected}, {@code start} (with the persona and trace context as custom parameters), a continuous stream
 * of 20 ms {@code media} frames of base64 mu-law 8 kHz in real time (the caller's speech, silence between),
 * {@code mark} echoes and {@code stop}, numbered as Twilio numbers them; the agent's {@code media}, {@code mark}
 * and {@code clear} are honoured as Twilio would (a playback queue at 8,000 bytes a second). The gap is measured
 * from the caller's last speech frame to the agent's first audio frame. Callstorm's own {@code callstorm.*} events
 * are exchanged only with an agent that opts in ({@link Builder#callstormExtensions}).
 *
 * <pre>{@code
 * try (MediaStreamConnector agent = MediaStreamConnector.builder(URI.create("wss://agent.example.com/media"))
 *         .voice(SyntheticVoice.create())
 *         .bearerTokenFromEnv("AGENT_API_KEY")
 *         .bargeInRate(0.1)
 *         .build()) {
 *     SimulationReport report = Simulation.builder().agent(definition, agent) ... .run();
 * }
 * }</pre>
 *
 * <p>Every call shares a small Netty event-loop group ({@link Builder#ioThreads}, default 1): one 20 ms pacer per
 * loop sends every call's next frame and checks every call's timers, so open calls cost a socket and a
 * few objects, never a thread or a timer each. See {@code docs/connectors.md} for the wire protocol.
 */
public final class MediaStreamConnector implements AgentConnector {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_FIRST_AUDIO_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SILENCE_TAIL = Duration.ofMillis(400);
    public static final Duration DEFAULT_REPLY_QUIET_PERIOD = Duration.ofMillis(800);
    public static final Duration DEFAULT_BARGE_IN_AFTER = Duration.ofMillis(800);
    public static final Duration DEFAULT_BARGE_IN_CLEAR_TIMEOUT = Duration.ofMillis(1500);
    /** What the caller says when it talks over the agent. */
    public static final String DEFAULT_INTERJECTION = "sorry, wait";

    private final MediaSettings settings;
    private final CallerVoice voice;
    private final MediaTransport transport;
    private final NetworkSettings network;

    private MediaStreamConnector(Builder b, NetworkSettings network) {
        this.voice = b.voice == null ? SyntheticVoice.create() : b.voice;
        this.network = network;
        // the handshake carries the token as a header, so MediaSettings is never printed; toString names
        // the headers only
        this.settings = new MediaSettings(b.url, network.headersWithAuthorization(), Map.copyOf(b.customParameters),
                b.offerExtensions, b.sendUtteranceText, b.silenceTail, network.connectTimeout(), b.firstAudioTimeout,
                b.replyQuietPeriod, b.bargeInRate, b.bargeInAfter, b.bargeInClearTimeout, b.interjection,
                b.recordShare);
        this.transport = MediaTransport.start(network.ioThreads());
    }

    /** A builder for an agent's media-stream WebSocket at {@code url} ({@code ws://} or {@code wss://}). */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    @Override
    public AgentCall open(CallSetup setup, AgentCallListener listener) {
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(listener, "listener");
        return MediaCall.open(transport, settings, voice, setup, listener);
    }

    @Override
    public boolean streamsCallerSpeech() {
        return true;
    }

    @Override
    public String describe() {
        return "ws-media:" + settings.url() + " (voice " + voice.describe() + ")";
    }

    /** The voice callers speak with. */
    public CallerVoice voice() {
        return voice;
    }

    /** Calls whose WebSocket is open now. */
    public int openStreams() {
        return transport.openStreams();
    }

    @Override
    public void close() {
        try {
            transport.close();
        } finally {
            voice.close();
        }
    }

    @Override
    public String toString() {
        return "MediaStreamConnector{url=" + settings.url() + ", voice=" + voice.describe() + ", headers="
                + settings.headers().keySet() + ", bearerToken=" + network.redactedToken()
                + ", bargeInRate=" + settings.bargeInRate() + ", recordShare=" + settings.recordShare() + '}';
    }

    Optional<String> bearerToken() {
        return network.bearerToken();
    }

    /**
     * Configures a {@link MediaStreamConnector}. Setters validate and say what is wrong. Headers of the WebSocket
     * handshake, the bearer token (sent in the handshake), the timeout of TCP connect plus handshake (default 5 s)
     * and the {@link #ioThreads(int) event-loop threads} for every call's socket (default 1, at most 16) are set as
     * for every network connector.
     */
    public static final class Builder extends NetworkConnectorBuilder<Builder> {
        private final URI url;
        private CallerVoice voice;
        private final Map<String, String> customParameters = new LinkedHashMap<>();
        private boolean offerExtensions = true;
        private boolean sendUtteranceText = true;
        private Duration silenceTail = DEFAULT_SILENCE_TAIL;
        private Duration firstAudioTimeout = DEFAULT_FIRST_AUDIO_TIMEOUT;
        private Duration replyQuietPeriod = DEFAULT_REPLY_QUIET_PERIOD;
        private double bargeInRate;
        private Duration bargeInAfter = DEFAULT_BARGE_IN_AFTER;
        private Duration bargeInClearTimeout = DEFAULT_BARGE_IN_CLEAR_TIMEOUT;
        private String interjection = DEFAULT_INTERJECTION;
        private double recordShare;

        private Builder(URI url) {
            super(DEFAULT_CONNECT_TIMEOUT, 1, 16);
            this.url = ConnectorChecks.absoluteUrl(url, "url", "ws:// or wss://", "ws", "wss");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Where callers' speech comes from (default {@link SyntheticVoice}); closed with the connector. */
        public Builder voice(CallerVoice voice) {
            this.voice = Objects.requireNonNull(voice, "voice");
            return this;
        }

        /** A custom parameter of every call's {@code start} message, besides callId, persona, path, traceparent. */
        public Builder customParameter(String name, String value) {
            customParameters.put(ConnectorChecks.requireText(name, "custom parameter name"), Objects.requireNonNull(value, name));
            return this;
        }

        /**
         * Whether the handshake offers Callstorm's {@code callstorm.*} events with an
         * {@code X-Callstorm-Extensions: v1} header (default true). They are sent and read only when the agent's
         * handshake answer carries the same header; otherwise, or with {@code false}, the stream is Twilio's
         * messages and nothing else, and the connector measures from the audio alone.
         */
        public Builder callstormExtensions(boolean offer) {
            this.offerExtensions = offer;
            return this;
        }

        /**
         * Whether to announce each turn's words in a {@code callstorm.utterance} event when the agent opted in to
         * Callstorm's events (default true).
         */
        public Builder sendUtteranceText(boolean send) {
            this.sendUtteranceText = send;
            return this;
        }

        /**
         * The least silence after each utterance before the caller speaks again (400 ms), so that the agent's
         * voice-activity detector ends one utterance before the next begins. Silence goes on streaming after it.
         */
        public Builder silenceTail(Duration tail) {
            Objects.requireNonNull(tail, "silenceTail");
            if (tail.isNegative() || tail.toMillis() > 10_000) {
                throw new IllegalArgumentException("silenceTail must be between 0 and 10 s, was " + tail);
            }
            this.silenceTail = tail;
            return this;
        }

        /** From the end of the caller's speech to the agent's first audio; past it, TIMEOUT (default 10 s). */
        public Builder firstAudioTimeout(Duration timeout) {
            this.firstAudioTimeout = ConnectorChecks.positive(timeout, "firstAudioTimeout");
            return this;
        }

        /** No agent audio for this long, and the queue played out, ends the agent's turn without a mark (800 ms). */
        public Builder replyQuietPeriod(Duration quiet) {
            this.replyQuietPeriod = ConnectorChecks.positive(quiet, "replyQuietPeriod");
            return this;
        }

        /**
         * The share of agent replies the caller talks over, {@code after} into the reply's audio, expecting a
         * {@code clear} (default 0: never).
         */
        public Builder bargeIn(double rate, Duration after) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("bargeIn rate must be between 0 and 1, was " + rate);
            }
            this.bargeInRate = rate;
            this.bargeInAfter = ConnectorChecks.positive(after, "bargeIn after");
            return this;
        }

        /** {@link #bargeIn(double, Duration)} with the default delay of 800 ms. */
        public Builder bargeInRate(double rate) {
            return bargeIn(rate, bargeInAfter);
        }

        /** How long a barge-in waits for the agent's {@code clear} before it counts as ignored (1.5 s). */
        public Builder bargeInClearTimeout(Duration timeout) {
            this.bargeInClearTimeout = ConnectorChecks.positive(timeout, "bargeInClearTimeout");
            return this;
        }

        /** What the caller says when it barges in (default {@value #DEFAULT_INTERJECTION}). */
        public Builder interjection(String text) {
            this.interjection = ConnectorChecks.requireText(text, "interjection");
            return this;
        }

        /**
         * The share of calls whose agent audio is kept (default 0): scored by the {@code audio_quality} rubric and
         * written as {@code recordings/<callId>.wav} in the run's output directory. Audio costs 8 KB a second a
         * call, so record a sample.
         */
        public Builder recordAudio(double share) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("recordAudio share must be between 0 and 1, was " + share);
            }
            this.recordShare = share;
            return this;
        }

        public MediaStreamConnector build() {
            if (firstAudioTimeout.compareTo(replyQuietPeriod) < 0) {
                throw new IllegalArgumentException("firstAudioTimeout (" + firstAudioTimeout
                        + ") must not be shorter than replyQuietPeriod (" + replyQuietPeriod + ")");
            }
            return new MediaStreamConnector(this, networkSettings());
        }
    }
}
