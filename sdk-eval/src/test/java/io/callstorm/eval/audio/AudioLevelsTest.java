package io.callstorm.eval.audio;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AudioLevelsTest {
    static final int RATE = 8_000;

    /** A sine of {@code amplitude}, clamped to 16 bits as a clipping recorder would. */
    static short[] sine(double amplitude, double hz, int millis) {
        short[] s = new short[RATE * millis / 1000];
        for (int i = 0; i < s.length; i++) {
            double v = amplitude * Math.sin(2 * Math.PI * hz * i / RATE);
            s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
        }
        return s;
    }

    static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void aCleanSineHasTheLevelTheoryPredicts() {
        // amplitude 3277 is -20 dBFS peak; a sine's RMS is 3 dB below its peak
        AudioLevels l = AudioLevels.measure(PcmAudio.of(sine(3277, 440, 1000), RATE));
        assertThat(l.levelDbfs()).isCloseTo(-23.0, within(0.1));
        assertThat(l.peakDbfs()).isCloseTo(-20.0, within(0.1));
        assertThat(l.clippingRatio()).isZero();
        assertThat(l.silenceRatio()).isZero();
        assertThat(l.durationMillis()).isEqualTo(1000);
    }

    @Test
    void anOverdrivenSineClips() {
        AudioLevels l = AudioLevels.measure(PcmAudio.of(sine(60_000, 440, 1000), RATE));
        assertThat(l.clippingRatio()).isGreaterThan(0.3);
        assertThat(l.peakDbfs()).isCloseTo(0.0, within(0.01));
    }

    @Test
    void silenceIsCountedByFrameAndLeftOutOfTheLevel() {
        short[] audio = concat(sine(3277, 440, 600), new short[RATE * 400 / 1000]);
        AudioLevels l = AudioLevels.measure(PcmAudio.of(audio, RATE));
        assertThat(l.silenceRatio()).isCloseTo(0.4, within(0.001));
        assertThat(l.levelDbfs()).isCloseTo(-23.0, within(0.1)); // the speech level, not diluted by the gap
    }

    @Test
    void digitalSilenceHasTheFloorLevel() {
        AudioLevels l = AudioLevels.measure(PcmAudio.of(new short[RATE], RATE));
        assertThat(l.silenceRatio()).isEqualTo(1.0);
        assertThat(l.levelDbfs()).isEqualTo(AudioLevels.FLOOR_DBFS);
    }

    @Test
    void readsLittleEndianBytes() {
        short[] samples = {0, 1000, -1000, 32767, -32768};
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            b.putShort(s);
        }
        assertThat(PcmAudio.fromLittleEndian(b.array(), RATE)).isEqualTo(PcmAudio.of(samples, RATE));
        assertThatThrownBy(() -> PcmAudio.fromLittleEndian(new byte[3], RATE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("even");
        assertThatThrownBy(() -> PcmAudio.of(new short[1], 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AudioLevels.measure(PcmAudio.of(new short[0], RATE)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
