package io.callstorm.reference.server;

import io.callstorm.simulate.connect.media.MuLaw;

import java.util.Arrays;
import java.util.Base64;

/**
 * The served agent's voice: four seconds of a voiced synthetic signal (a harmonic tone whose pitch glides between
 * 120 and 180 Hz, shaped into four syllables a second), mu-law encoded and base64'd once into 20 ms frame
 * payloads. Speaking is slicing, so the media ticker does no signal processing per frame.
 */
final class SyntheticVoice {
    /** Frames in the loop: 4 s. */
    static final int FRAMES = 200;
    private static final int HARMONICS = 6;
    private static final double PEAK = 9_000;
    private static final String[] PAYLOADS = synthesize();

    private SyntheticVoice() {
    }

    /** The base64 payload of frame {@code n}, looping after {@link #FRAMES}. */
    static String payload(long n) {
        return PAYLOADS[(int) Math.floorMod(n, (long) FRAMES)];
    }

    private static String[] synthesize() {
        int samples = FRAMES * MuLaw.FRAME_BYTES;
        short[] pcm = new short[samples];
        double phase = 0;
        for (int i = 0; i < samples; i++) {
            double t = (double) i / MuLaw.SAMPLE_RATE;
            // a 2 s pitch contour and 250 ms syllables both divide 4 s, and the envelope is 0 at both ends,
            // so the loop joins without a click
            double f0 = 150 + 30 * Math.sin(2 * Math.PI * t / 2);
            phase += 2 * Math.PI * f0 / MuLaw.SAMPLE_RATE;
            double voiced = 0;
            for (int h = 1; h <= HARMONICS; h++) {
                voiced += Math.sin(h * phase) / h;
            }
            double syllable = Math.sin(Math.PI * 4 * t);
            pcm[i] = (short) Math.round(PEAK / 2 * syllable * syllable * voiced);
        }
        byte[] mulaw = MuLaw.encode(pcm);
        String[] out = new String[FRAMES];
        Base64.Encoder b64 = Base64.getEncoder();
        for (int f = 0; f < FRAMES; f++) {
            int from = f * MuLaw.FRAME_BYTES;
            out[f] = b64.encodeToString(Arrays.copyOfRange(mulaw, from, from + MuLaw.FRAME_BYTES));
        }
        return out;
    }
}
