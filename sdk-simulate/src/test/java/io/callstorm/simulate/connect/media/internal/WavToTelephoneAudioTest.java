package io.callstorm.simulate.connect.media.internal;

import io.callstorm.simulate.connect.media.MuLaw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class WavToTelephoneAudioTest {
    @TempDir
    Path dir;

    @Test
    void aStereo44kToneKeepsItsDurationAndPitchAt8kHz() throws Exception {
        Path file = TestWavs.tone(dir.resolve("tone.wav"), 44_100, 2, 440, 1.5, 0.5);

        byte[] mulaw = TelephoneAudio.fromWavFile(file);

        assertThat(mulaw.length).isCloseTo(12_000, within(MuLaw.FRAME_BYTES));
        short[] pcm = MuLaw.decode(mulaw, 0, mulaw.length);
        double seconds = pcm.length / 8_000.0;
        assertThat(TestWavs.risingZeroCrossings(pcm) / seconds).isCloseTo(440, withinPercentage(5));
        assertThat(TestWavs.meanAbs(pcm, 800, pcm.length - 800)).as("level: 0.5 of full scale, mean |sin| = 2/pi")
                .isCloseTo(0.5 * 32_767 * 2 / Math.PI, withinPercentage(5));
    }

    @Test
    void aToneAboveTheNewNyquistFrequencyIsFilteredOutNotFoldedIn() throws Exception {
        double level = rmsAt8k(TestWavs.tone(dir.resolve("440.wav"), 44_100, 1, 440, 1, 0.5));
        // 5 kHz would alias to 3 kHz, squarely in the speech band, without the low-pass
        double aliased = rmsAt8k(TestWavs.tone(dir.resolve("5k.wav"), 44_100, 1, 5_000, 1, 0.5));

        assertThat(aliased).isLessThan(level / 100); // at least 40 dB down
    }

    @Test
    void thePassBandKeepsTelephoneSpeechFrequencies() throws Exception {
        double low = rmsAt8k(TestWavs.tone(dir.resolve("300.wav"), 22_050, 1, 300, 1, 0.5));
        double high = rmsAt8k(TestWavs.tone(dir.resolve("3000.wav"), 22_050, 1, 3_000, 1, 0.5));

        assertThat(high).isCloseTo(low, withinPercentage(3));
    }

    @Test
    void silenceBeforeAndAfterTheSoundIsTrimmed() throws Exception {
        short[] samples = new short[16_000 * 2];
        for (int i = 8_000; i < 24_000; i++) { // 1 s of tone between two 0.5 s of silence
            samples[i] = (short) (10_000 * Math.sin(2 * Math.PI * 200 * i / 16_000.0));
        }
        Path file = TestWavs.pcm16(dir.resolve("padded.wav"), 16_000, 1, samples);

        byte[] mulaw = TelephoneAudio.fromWavFile(file);

        assertThat(mulaw.length).isBetween(8_000, 8_000 + 2 * 80 + 2 * 40);
    }

    @Test
    void allSilenceIsNoAudio() throws Exception {
        Path file = TestWavs.pcm16(dir.resolve("silent.wav"), 8_000, 1, new short[8_000]);

        assertThat(TelephoneAudio.fromWavFile(file)).isEmpty();
    }

    private static double rmsAt8k(Path file) throws Exception {
        byte[] mulaw = TelephoneAudio.fromWavFile(file);
        short[] pcm = MuLaw.decode(mulaw, 0, mulaw.length);
        return TestWavs.rms(pcm, 800, pcm.length - 800);
    }
}
