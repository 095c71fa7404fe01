package io.callstorm.simulate.connect.media;

/**
 * G.711 mu-law, the telephone audio of the Twilio Media Streams protocol: 8,000 samples a second, one byte a
 * sample, 160 bytes a 20 ms frame. Encoding and decoding are table-free bit arithmetic (ITU-T G.711, with the
 * usual bias of 0x84 and clip at 32,635).
 */
public final class MuLaw {
    /** Samples (and bytes) per second. */
    public static final int SAMPLE_RATE = 8_000;
    /** Bytes in one 20 ms frame, the unit Twilio sends. */
    public static final int FRAME_BYTES = 160;
    /** Milliseconds of audio in one frame. */
    public static final int FRAME_MILLIS = 20;
    /** The byte of digital silence (linear 0). */
    public static final byte SILENCE = (byte) 0xFF;

    private static final int BIAS = 0x84;
    private static final int CLIP = 32_635;

    private MuLaw() {
    }

    /** Encodes one linear 16-bit sample. */
    public static byte encode(int sample) {
        int s = Math.max(-32_768, Math.min(32_767, sample));
        int sign = (s >> 8) & 0x80;
        if (sign != 0) {
            s = -s;
        }
        if (s > CLIP) {
            s = CLIP;
        }
        s += BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (s >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    /** Decodes one mu-law byte to a linear 16-bit sample. */
    public static short decode(byte mulaw) {
        int u = ~mulaw & 0xFF;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
        return (short) (sign != 0 ? -magnitude : magnitude);
    }

    /** Encodes linear 16-bit samples. */
    public static byte[] encode(short[] samples) {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = encode(samples[i]);
        }
        return out;
    }

    /** Decodes mu-law bytes to linear 16-bit samples. */
    public static short[] decode(byte[] mulaw, int offset, int length) {
        short[] out = new short[length];
        for (int i = 0; i < length; i++) {
            out[i] = decode(mulaw[offset + i]);
        }
        return out;
    }

    /**
     * The mean absolute linear amplitude of a stretch of mu-law audio (0 for digital silence, a few thousand for
     * speech at a normal level): what a simple voice-activity detector compares with a threshold.
     */
    public static int meanAmplitude(byte[] mulaw, int offset, int length) {
        if (length <= 0) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < length; i++) {
            sum += Math.abs(decode(mulaw[offset + i]));
        }
        return (int) (sum / length);
    }
}
