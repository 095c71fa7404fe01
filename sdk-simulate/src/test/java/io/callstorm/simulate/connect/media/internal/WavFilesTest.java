package io.callstorm.simulate.connect.media.internal;

import io.callstorm.simulate.writer.WavWriter;

import io.callstorm.simulate.connect.media.MuLaw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WavFilesTest {
    @TempDir
    Path dir;

    @Test
    void aMuLawRecordingReadsBackByteForByte() throws Exception {
        byte[] mulaw = new byte[8_001]; // odd: the data chunk gets a pad byte
        for (int i = 0; i < mulaw.length; i++) {
            mulaw[i] = MuLaw.encode((int) (8_000 * Math.sin(i / 5.0)));
        }
        Path file = dir.resolve("call.wav");

        WavWriter.writeMuLawWav(file, mulaw);
        MonoAudio read = WavReader.read(file);

        assertThat(read.sampleRate()).isEqualTo(8_000);
        assertThat(read.samples()).hasSize(mulaw.length);
        for (int i = 0; i < mulaw.length; i++) {
            assertThat(MuLaw.encode(Math.round(read.samples()[i] * 32_768))).isEqualTo(mulaw[i]);
        }
        assertThat(TelephoneAudio.fromWavFile(file)).isEqualTo(mulaw); // nothing to trim, nothing to resample
    }

    @Test
    void aStereoRecordingHasTheCallerLeftAndTheAgentRight() throws Exception {
        byte[] caller = {MuLaw.encode(1_000), MuLaw.encode(2_000), MuLaw.SILENCE};
        byte[] agent = {MuLaw.SILENCE, MuLaw.encode(-3_000), MuLaw.encode(500)};
        Path file = dir.resolve("stereo.wav");

        WavWriter.writeMuLawWav(file, caller, agent);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(b.getInt(4)).isEqualTo(bytes.length - 8);
        assertThat(b.getShort(20)).as("format: mu-law").isEqualTo((short) 7);
        assertThat(b.getShort(22)).as("channels").isEqualTo((short) 2);
        assertThat(b.getInt(24)).as("sample rate").isEqualTo(8_000);
        assertThat(new String(bytes, bytes.length - 6 - 8, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
        assertThat(Arrays.copyOfRange(bytes, bytes.length - 6, bytes.length))
                .containsExactly(caller[0], agent[0], caller[1], agent[1], caller[2], agent[2]);
        assertThat(WavReader.read(file).samples()).as("mixed down on reading").hasSize(3);
    }

    @Test
    void channelsOfDifferentLengthsAreRefused() {
        assertThatThrownBy(() -> WavWriter.muLawWav(new byte[3], new byte[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("caller and agent").hasMessageContaining("3 and 4");
    }

    @Test
    void stereoIsMixedDownAndEightBitIsUnsigned() throws Exception {
        Path file = TestWavs.pcm16(dir.resolve("lr.wav"), 16_000, 2, new short[] {16_384, 0, -16_384, -16_384});
        assertThat(WavReader.read(file).samples()).containsExactly(0.25f, -0.5f);

        byte[] eightBit = withFormat(1, 1, 8, new byte[] {(byte) 128, (byte) 192, 0});
        assertThat(WavReader.read(eightBit, "u8").samples()).containsExactly(0f, 0.5f, -1f);
    }

    @Test
    void floatAndALawAreRead() throws Exception {
        ByteBuffer floats = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putFloat(-1f);
        assertThat(WavReader.read(withFormat(3, 1, 32, floats.array()), "f32").samples())
                .containsExactly(0.25f, -1f);

        // A-law 0xD5 is the smallest positive step, 0x2A the largest negative
        float[] alaw = WavReader.read(withFormat(6, 1, 8, new byte[] {(byte) 0xD5, (byte) 0x2A}), "alaw").samples();
        assertThat(alaw[0] * 32_768).isEqualTo(8f);
        assertThat(alaw[1] * 32_768).isEqualTo(-32_256f);
    }

    @Test
    void aPipeWrittenDataChunkOfUnknownLengthIsReadToTheEnd() throws Exception {
        byte[] wav = withFormat(1, 1, 16, new byte[] {0, 64, 0, (byte) 192});
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0x7FFFF000).putInt(40, 0x7FFFF000);

        assertThat(WavReader.read(wav, "espeak-ng output").samples()).containsExactly(0.5f, -0.5f);
    }

    @Test
    void errorsNameTheFileAndWhatWasFound() throws IOException {
        Path mp3 = Files.write(dir.resolve("hello.wav"), "ID3\u0004\u0000 not really audio".getBytes(
                StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> WavReader.read(mp3))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(mp3.toString()).hasMessageContaining("not a WAV file").hasMessageContaining("ID3");

        Path adpcm = Files.write(dir.resolve("adpcm.wav"), withFormat(0x11, 1, 4, new byte[16]));
        assertThatThrownBy(() -> WavReader.read(adpcm))
                .hasMessageContaining(adpcm.toString()).hasMessageContaining("format 17 (IMA ADPCM)")
                .hasMessageContaining("supported: PCM");

        assertThatThrownBy(() -> WavReader.read(withFormat(1, 1, 12, new byte[4]), "odd.wav"))
                .hasMessageContaining("odd.wav").hasMessageContaining("PCM with 12 bits");
    }

    /** A WAV file with a 16-byte fmt chunk and the given data. */
    private static byte[] withFormat(int format, int channels, int bits, byte[] data) {
        int blockAlign = Math.max(1, channels * bits / 8);
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data.length);
        b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) format).putShort((short) channels).putInt(8_000).putInt(8_000 * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return b.array();
    }
}
