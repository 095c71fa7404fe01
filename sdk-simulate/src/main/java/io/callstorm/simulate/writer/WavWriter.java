package io.callstorm.simulate.writer;

import io.callstorm.simulate.connect.media.MuLaw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes call audio as WAV files in the line's own encoding (format 7, G.711 mu-law, 8 kHz), so that a recording
 * holds exactly the bytes that crossed the wire, at half the size of 16-bit PCM. Every common player and audio
 * library reads it.
 */
public final class WavWriter {
    private static final int MU_LAW = 7;

    private WavWriter() {
    }

    /** Writes mono mu-law audio to {@code file}, replacing it. */
    public static void writeMuLawWav(Path file, byte[] mulaw) throws IOException {
        Files.write(file, muLawWav(mulaw));
    }

    /**
     * Writes a two-channel recording of a call to {@code file}, replacing it: the caller on the left channel,
     * the agent on the right, so that overlaps (barge-in) are visible side by side.
     *
     * @throws IllegalArgumentException when the channels differ in length
     */
    public static void writeMuLawWav(Path file, byte[] caller, byte[] agent) throws IOException {
        Files.write(file, muLawWav(caller, agent));
    }

    /** A mono mu-law WAV file's bytes. */
    public static byte[] muLawWav(byte[] mulaw) {
        Objects.requireNonNull(mulaw, "mulaw");
        return wav(mulaw, 1);
    }

    /** A two-channel (caller left, agent right) mu-law WAV file's bytes. */
    public static byte[] muLawWav(byte[] caller, byte[] agent) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(agent, "agent");
        if (caller.length != agent.length) {
            throw new IllegalArgumentException("caller and agent channels must have the same length, were "
                    + caller.length + " and " + agent.length + " bytes");
        }
        byte[] interleaved = new byte[caller.length * 2];
        for (int i = 0; i < caller.length; i++) {
            interleaved[2 * i] = caller[i];
            interleaved[2 * i + 1] = agent[i];
        }
        return wav(interleaved, 2);
    }

    private static byte[] wav(byte[] data, int channels) {
        int pad = data.length & 1;
        int fmtSize = 18; // non-PCM formats carry cbSize
        int riffSize = 4 + (8 + fmtSize) + (8 + 4) + (8 + data.length + pad);
        ByteBuffer b = ByteBuffer.allocate(8 + riffSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(riffSize);
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(fmtSize);
        b.putShort((short) MU_LAW).putShort((short) channels).putInt(MuLaw.SAMPLE_RATE)
                .putInt(MuLaw.SAMPLE_RATE * channels).putShort((short) channels).putShort((short) 8)
                .putShort((short) 0);
        // the fact chunk (sample frames) is required for every format but PCM
        b.put("fact".getBytes(StandardCharsets.US_ASCII)).putInt(4).putInt(data.length / channels);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return b.array(); // a pad byte, if any, is already 0
    }
}
