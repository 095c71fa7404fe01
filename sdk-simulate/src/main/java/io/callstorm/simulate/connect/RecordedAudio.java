package io.callstorm.simulate.connect;

import java.util.Arrays;

/**
 * The agent's audio as the caller heard it on one call, in the telephone encoding the media-stream protocol carries:
 * G.711 mu-law, 8 kHz, mono, one byte a sample. Immutable: the bytes are copied in and out.
 *
 * <p>It exists so that the connector API depends on no scoring module: a connector hands the harness the bytes that
 * crossed the wire from {@link AgentCall#agentAudio()}; the harness writes them to {@code recordings/} as they are,
 * and decodes them for the evaluators when it scores the call. A connector whose audio comes in another encoding
 * converts it first ({@code MuLaw.encode(samples)} for 16-bit PCM at 8 kHz).
 *
 * <pre>{@code
 * Optional<RecordedAudio> audio = Optional.of(RecordedAudio.ofMuLaw(bytesTheAgentSent));
 * }</pre>
 */
public final class RecordedAudio {
    /** Samples a second. */
    public static final int SAMPLE_RATE_HZ = 8_000;

    private final byte[] muLaw;

    private RecordedAudio(byte[] muLaw) {
        this.muLaw = muLaw;
    }

    /** Audio from mu-law bytes at 8 kHz, copied. */
    public static RecordedAudio ofMuLaw(byte[] muLaw) {
        return new RecordedAudio(muLaw.clone());
    }

    /** A copy of the mu-law bytes. */
    public byte[] muLaw() {
        return muLaw.clone();
    }

    public long durationMillis() {
        return muLaw.length * 1000L / SAMPLE_RATE_HZ;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedAudio other && Arrays.equals(other.muLaw, muLaw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(muLaw);
    }

    @Override
    public String toString() {
        return "RecordedAudio[" + muLaw.length + " mu-law bytes, " + durationMillis() + " ms]";
    }
}
