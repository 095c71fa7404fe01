package io.callstorm.simulate.connect.media.internal;

import io.callstorm.simulate.connect.media.MuLaw;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns decoded audio into what a caller sends down the line: 8 kHz, mu-law, with the silence before the first
 * and after the last sound removed (the connector adds its own silence tail, and measures the agent's gap from
 * the last speech frame).
 */
public final class TelephoneAudio {
    /** Loudness window for finding where the sound starts and ends: 5 ms at 8 kHz. */
    private static final int WINDOW = 40;
    /** A window counts as sound above this share of the loudest window's level (-40 dB). */
    private static final float RELATIVE_FLOOR = 0.01f;
    /** ... and above this absolute level, so that a silent file trims to nothing rather than to its noise. */
    private static final float ABSOLUTE_FLOOR = 16f / 32_768f;
    /** Kept either side of the sound, so that a soft onset or release is not clipped. */
    private static final int MARGIN = 80;

    private TelephoneAudio() {
    }

    /** A WAV file as the caller's speech. @throws IOException when it cannot be read (the message names it) */
    public static byte[] fromWavFile(Path file) throws IOException {
        return fromAudio(WavReader.read(file));
    }

    /** WAV bytes as the caller's speech; {@code source} names them in errors. */
    public static byte[] fromWav(byte[] wav, String source) throws IOException {
        return fromAudio(WavReader.read(wav, source));
    }

    /** Decoded audio at any rate as trimmed 8 kHz mu-law. */
    public static byte[] fromAudio(MonoAudio audio) {
        float[] trimmed = trimSilence(Resampler.resample(audio.samples(), audio.sampleRate(), MuLaw.SAMPLE_RATE));
        byte[] out = new byte[trimmed.length];
        for (int i = 0; i < trimmed.length; i++) {
            out[i] = MuLaw.encode(Math.round(trimmed[i] * 32_767f));
        }
        return out;
    }

    /** {@code samples} (8 kHz) without the quiet before the first and after the last sound; empty if all quiet. */
    static float[] trimSilence(float[] samples) {
        int windows = (samples.length + WINDOW - 1) / WINDOW;
        float[] level = new float[windows];
        float loudest = 0;
        for (int w = 0; w < windows; w++) {
            int from = w * WINDOW;
            int to = Math.min(samples.length, from + WINDOW);
            float sum = 0;
            for (int i = from; i < to; i++) {
                sum += Math.abs(samples[i]);
            }
            level[w] = sum / (to - from);
            loudest = Math.max(loudest, level[w]);
        }
        float floor = Math.max(ABSOLUTE_FLOOR, loudest * RELATIVE_FLOOR);
        int first = 0;
        while (first < windows && level[first] <= floor) {
            first++;
        }
        if (first == windows) {
            return new float[0];
        }
        int last = windows - 1;
        while (level[last] <= floor) {
            last--;
        }
        int start = Math.max(0, first * WINDOW - MARGIN);
        int end = Math.min(samples.length, (last + 1) * WINDOW + MARGIN);
        return start == 0 && end == samples.length ? samples : Arrays.copyOfRange(samples, start, end);
    }
}
