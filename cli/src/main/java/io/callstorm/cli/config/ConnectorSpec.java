package io.callstorm.cli.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a run reaches its agent: the {@code agent.connector} section of a simulation file, or the demo's
 * {@code --connector}/{@code --target} options.
 *
 * @param kind              {@code in-process}, {@code http} (OpenAI-compatible SSE) or {@code ws} (Twilio media
 *                          streams)
 * @param url               the agent's URL; empty: the embedded reference agent, served by a child
 *                          {@code serve-agent} process for {@code http} and {@code ws}
 * @param headers           extra request or handshake headers
 * @param secretHeadersEnv  extra headers whose values are secrets: header name to the environment variable holding
 *                          the value (masked in every output, like the bearer token)
 * @param bearerTokenEnv    the environment variable holding the bearer token; the token itself is never in a file
 * @param model             the {@code model} of chat-completion requests ({@code http})
 * @param customParameters  extra {@code start} custom parameters ({@code ws})
 * @param voice             the callers' voice ({@code ws}): {@code synthetic}, {@code espeak-ng[:voice]} or
 *                          {@code files:DIR}
 * @param bargeInRate       the share of agent replies callers talk over ({@code ws})
 * @param recordAudio       the share of calls whose agent audio is recorded ({@code ws})
 * @param firstAudioTimeout from the end of a caller turn to the first token or audio frame; empty: the default
 */
public record ConnectorSpec(String kind, Optional<URI> url, Map<String, String> headers,
                            Map<String, String> secretHeadersEnv, Optional<String> bearerTokenEnv, Optional<String> model,
                            Map<String, String> customParameters, String voice, double bargeInRate,
                            double recordAudio, Optional<Duration> firstAudioTimeout) {
    public static final String IN_PROCESS = "in-process";
    public static final String HTTP = "http";
    public static final String WS = "ws";
    public static final String DEFAULT_VOICE = "synthetic";
    /** The longest first-audio timeout a file or option may set: a reply that takes longer is a failed turn. */
    public static final Duration MAX_FIRST_AUDIO_TIMEOUT = Duration.ofMinutes(10);

    public ConnectorSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        secretHeadersEnv = Map.copyOf(secretHeadersEnv);
        Objects.requireNonNull(bearerTokenEnv, "bearerTokenEnv");
        Objects.requireNonNull(model, "model");
        customParameters = Map.copyOf(customParameters);
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(firstAudioTimeout, "firstAudioTimeout");
    }

    /** The embedded reference agent in this process. */
    public static ConnectorSpec inProcess() {
        return of(IN_PROCESS, Optional.empty());
    }

    /** A connector of {@code kind} at {@code url} (empty: the served reference agent), all else default. */
    public static ConnectorSpec of(String kind, Optional<URI> url) {
        return new ConnectorSpec(kind, url, Map.of(), Map.of(), Optional.empty(), Optional.empty(), Map.of(), DEFAULT_VOICE, 0,
                0, Optional.empty());
    }

    /** What a voice setting may say, for error messages. */
    public static final String VOICES = "synthetic, espeak-ng, espeak-ng:VOICE or files:DIR";

    /** Whether {@code voice} names a caller voice: {@code synthetic}, {@code espeak-ng[:VOICE]} or {@code files:DIR}. */
    public static boolean isVoice(String voice) {
        return voice.equals("synthetic") || voice.equals("espeak-ng") || voice.startsWith("espeak-ng:")
                || voice.startsWith("files:") && voice.length() > "files:".length();
    }

    /** This spec with the media-stream options of the demo's command line. */
    public ConnectorSpec withMedia(String voice, double bargeInRate, double recordAudio) {
        return new ConnectorSpec(kind, url, headers, secretHeadersEnv, bearerTokenEnv, model, customParameters, voice, bargeInRate,
                recordAudio, firstAudioTimeout);
    }

    /** Whether the run talks to the embedded reference agent (in process or served), so its settings are known. */
    public boolean isReferenceAgent() {
        return url.isEmpty();
    }
}
