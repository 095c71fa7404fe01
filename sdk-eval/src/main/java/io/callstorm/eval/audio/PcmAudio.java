package io.callstorm.eval.audio;

import java.util.Arrays;

/**
 * Mono 16-bit linear PCM audio with its sample rate, as a connector records it (decode mu-law first).
 * Immutable: the samples are copied in and never handed out.
 *
 * <pre>{@code
 * PcmAudio audio = PcmAudio.fromLittleEndian(bytes, 8_000);
 * AudioLevels levels = AudioLevels.measure(audio);
 * }</pre>
 */
public final class PcmAudio {
    private final short[] samples;
    private final int sampleRateHz;

    private PcmAudio(short[] samples, int sampleRateHz) {
        if (sampleRateHz < 1_000 || sampleRateHz > 192_000) {
            throw new IllegalArgumentException("sampleRateHz must be between 1000 and 192000, was " + sampleRateHz);
        }
        this.samples = samples;
        this.sampleRateHz = sampleRateHz;
    }

    /** Audio from signed 16-bit samples. */
    public static PcmAudio of(short[] samples, int sampleRateHz) {
        return new PcmAudio(samples.clone(), sampleRateHz);
    }

    /** Audio from little-endian signed 16-bit PCM bytes (WAV's byte order); the length must be even. */
    public static PcmAudio fromLittleEndian(byte[] pcm16le, int sampleRateHz) {
        if (pcm16le.length % 2 != 0) {
            throw new IllegalArgumentException("16-bit PCM needs an even number of bytes, got " + pcm16le.length);
        }
        short[] s = new short[pcm16le.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) ((pcm16le[2 * i] & 0xff) | (pcm16le[2 * i + 1] << 8));
        }
        return new PcmAudio(s, sampleRateHz);
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

    /** A copy of the samples (e.g. to write them to a file). */
    public short[] samples() {
        return samples.clone();
    }

    /** One sample, for measurements in this package without copying. */
    short sample(int index) {
        return samples[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcmAudio other && other.sampleRateHz == sampleRateHz
                && Arrays.equals(other.samples, samples);
    }

    @Override
    public int hashCode() {
        return 31 * sampleRateHz + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "PcmAudio[" + samples.length + " samples at " + sampleRateHz + " Hz, " + durationMillis() + " ms]";
    }
}
