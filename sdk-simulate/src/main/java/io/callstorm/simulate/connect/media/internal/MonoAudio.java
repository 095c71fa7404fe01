package io.callstorm.simulate.connect.media.internal;

/**
 * Decoded audio on its way to the phone line: one channel of samples in [-1, 1] at {@code sampleRate}. The
 * array is shared, not copied: this only passes between the steps of one conversion.
 */
public record MonoAudio(int sampleRate, float[] samples) {
    public MonoAudio {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be > 0, was " + sampleRate);
        }
    }

    public long durationMillis() {
        return samples.length * 1000L / sampleRate;
    }
}
