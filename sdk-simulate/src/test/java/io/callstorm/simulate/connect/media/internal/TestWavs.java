package io.callstorm.simulate.connect.media.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** WAV files written independently of the code under test, as recording tools write them. */
public final class TestWavs {
    private TestWavs() {
    }

    /** A 16-bit PCM file of a sine tone on every channel. */
    public static Path tone(Path file, int sampleRate, int channels, double hz, double seconds, double amplitude)
            throws IOException {
        int frames = (int) Math.round(sampleRate * seconds);
        short[] samples = new short[frames * channels];
        for (int f = 0; f < frames; f++) {
            short v = (short) Math.round(amplitude * 32_767 * Math.sin(2 * Math.PI * hz * f / sampleRate));
            for (int c = 0; c < channels; c++) {
                samples[f * channels + c] = v;
            }
        }
        return pcm16(file, sampleRate, channels, samples);
    }

    /** A 16-bit PCM file of interleaved samples. */
    public static Path pcm16(Path file, int sampleRate, int channels, short[] interleaved) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + interleaved.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + interleaved.length * 2);
        b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) 1).putShort((short) channels).putInt(sampleRate).putInt(sampleRate * channels * 2)
                .putShort((short) (channels * 2)).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(interleaved.length * 2);
        for (short s : interleaved) {
            b.putShort(s);
        }
        Files.write(file, b.array());
        return file;
    }

    /** Upward zero crossings: one per period of a pure tone. */
    public static int risingZeroCrossings(short[] samples) {
        int n = 0;
        for (int i = 1; i < samples.length; i++) {
            if (samples[i - 1] < 0 && samples[i] >= 0) {
                n++;
            }
        }
        return n;
    }

    /** Root mean square: unlike the mean absolute value, exact for a sampled tone of any frequency. */
    public static double rms(short[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    public static double meanAbs(short[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += Math.abs(samples[i]);
        }
        return sum / (to - from);
    }
}
