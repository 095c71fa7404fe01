package io.callstorm.simulate.connect;

import java.util.Arrays;

/**
 * The agent's audio as the caller heard it on one call: mono 16-bit linear PCM samples and their sample rate
 * (a mu-law stream is decoded first). Immutable: the samples are copied in and never handed out.
 *
 * <p>It exists so that the connector API depends on no scoring module: a connector hands the harness this plain
 * value from {@link AgentCall#agentAudio()}, and the harness converts it to what the evaluators take when it scores
 * the call, and writes it to {@code recordings/} when the run keeps files.
 *
 * <pre>{@code
 * RecordedAudio audio = RecordedAudio.of(MuLaw.decode(bytes, 0, bytes.length), MuLaw.SAMPLE_RATE);
 * }</pre>
 */
public final class RecordedAudio {
    private final short[] samples;
    private final int sampleRateHz;

    private RecordedAudio(short[] samples, int sampleRateHz) {
        // the evaluators' own bounds: a recording this accepts can always be scored
        if (sampleRateHz < 1_000 || sampleRateHz > 192_000) {
            throw new IllegalArgumentException("sampleRateHz must be between 1000 and 192000, was " + sampleRateHz);
        }
        this.samples = samples;
        this.sampleRateHz = sampleRateHz;
    }

    /** Audio from signed 16-bit samples, copied. */
    public static RecordedAudio of(short[] samples, int sampleRateHz) {
        return new RecordedAudio(samples.clone(), sampleRateHz);
    }

    public int sampleRateHz() {
        return sampleRateHz;
    }

    public int sampleCount() {
        return samples.length;
    }

    public long durationMillis() {
        return samples.length * 1000L / sampleRateHz;
    }

    /** A copy of the samples. */
    public short[] samples() {
        return samples.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedAudio other && other.sampleRateHz == sampleRateHz
                && Arrays.equals(other.samples, samples);
    }

    @Override
    public int hashCode() {
        return 31 * sampleRateHz + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "RecordedAudio[" + samples.length + " samples at " + sampleRateHz + " Hz, " + durationMillis() + " ms]";
    }
}
