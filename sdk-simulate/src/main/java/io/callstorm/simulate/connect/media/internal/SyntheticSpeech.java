package io.callstorm.simulate.connect.media.internal;

import io.callstorm.simulate.connect.media.MuLaw;

import java.util.Arrays;

/**
 * A speech-like signal for a sentence, without a speech synthesiser: each word becomes voiced syllables (a
 * harmonic tone whose harmonic mix follows the syllable's vowel, shaped by a raised-cosine swell), words are
 * separated by short silences, and the pitch drifts down over the sentence (and up at the end of a question) the
 * way a speaker's does. An agent's voice-activity detector hears speech from the first sample to the last, and a
 * pause between words shorter than any end-of-turn window.
 *
 * <p>Everything is table lookups and integer phase accumulators, deterministic for the same arguments.
 */
public final class SyntheticSpeech {
    /** Linear level at the loudest point of a syllable: a normal telephone speaking level. */
    static final int PEAK = 9_000;
    /** Silence between words, as a share of the average word, within [MIN_GAP, MAX_GAP]. */
    private static final double GAP_SHARE = 0.15;
    private static final int MIN_GAP = 40 * 8;
    private static final int MAX_GAP = 80 * 8;
    /** Onset and release of a word, so that it starts and stops without a click. */
    private static final int RAMP = 12 * 8;
    /** A syllable swells from this share of full level at its edges to full level in its middle. */
    private static final float SWELL_FLOOR = 0.6f;
    /** Samples over which one syllable's vowel turns into the next's (5 ms). */
    private static final int BLEND = 5 * 8;

    private static final int TABLE_BITS = 12;
    private static final int TABLE_SIZE = 1 << TABLE_BITS;
    private static final int HUMP_SIZE = 1_024;
    /** One period of a vowel-like harmonic tone for a, e, i, o, u; peak 1. */
    private static final float[][] TIMBRES = {
            period(0.6, 0.8, 1.0, 0.9, 0.6, 0.35, 0.2, 0.12),
            period(0.7, 1.0, 0.5, 0.3, 0.25, 0.35, 0.3, 0.15),
            period(1.0, 0.8, 0.3, 0.15, 0.1, 0.2, 0.3, 0.25),
            period(0.8, 1.0, 0.8, 0.45, 0.2, 0.1, 0.06, 0.04),
            period(1.0, 0.7, 0.3, 0.12, 0.06, 0.04, 0.03, 0.02)};
    /** sin^2(pi x) for x in [0, 1]: the raised-cosine swell of a syllable. */
    private static final float[] HUMP = hump();

    private SyntheticSpeech() {
    }

    /**
     * The sentence as {@code durationMillis} of 8 kHz mu-law around {@code pitchHz}; empty when the text has no
     * words.
     */
    public static byte[] render(String text, long durationMillis, double pitchHz) {
        if (durationMillis < 0) {
            throw new IllegalArgumentException("durationMillis must be >= 0, was " + durationMillis);
        }
        if (!(pitchHz >= 50 && pitchHz <= 400)) {
            throw new IllegalArgumentException("pitchHz must be between 50 and 400, was " + pitchHz);
        }
        Sentence sentence = Sentence.parse(text);
        int words = sentence.words();
        int total = words == 0 ? 0 : Math.toIntExact(durationMillis * MuLaw.SAMPLE_RATE / 1_000);
        byte[] out = new byte[total];
        if (total == 0) {
            return out;
        }
        Arrays.fill(out, MuLaw.SILENCE); // the pauses between words; the words overwrite the rest
        int slot = total / words;
        int gap = words == 1 ? 0 : Math.min(slot / 4, clamp((int) Math.round(slot * GAP_SHARE), MIN_GAP, MAX_GAP));
        long voiced = total - (long) (words - 1) * gap;
        int syllables = sentence.syllables();
        long seed = text.hashCode() * 0x9E3779B97F4A7C15L;
        int done = 0;
        for (int w = 0; w < words; w++) {
            int start = (int) (voiced * done / syllables) + w * gap;
            done += sentence.syllablesOf(w);
            int end = (int) (voiced * done / syllables) + w * gap;
            double progress = (double) start / total;
            double wordPitch = pitchHz * (1.06 - 0.12 * progress);
            boolean rising = sentence.question() && w == words - 1;
            renderWord(out, start, end, sentence, w, wordPitch, rising, seed);
        }
        return out;
    }

    private static void renderWord(byte[] out, int start, int end, Sentence sentence, int word, double pitch,
                                   boolean rising, long seed) {
        int length = end - start;
        int ramp = Math.max(1, Math.min(RAMP, length / 4));
        int count = sentence.syllablesOf(word);
        double toPhase = 4_294_967_296.0 / MuLaw.SAMPLE_RATE;
        int phase = 0; // carried from syllable to syllable: a restart would click
        float[] previous = TIMBRES[sentence.vowel(word, 0)];
        for (int s = 0; s < count; s++) {
            int from = start + (int) ((long) length * s / count);
            int to = start + (int) ((long) length * (s + 1) / count);
            int span = to - from;
            if (span <= 0) {
                continue;
            }
            float[] timbre = TIMBRES[sentence.vowel(word, s)];
            // a little pitch movement per syllable, as in speech; a question's last word rises
            double jitter = 1 + 0.05 * unit(seed + word * 31L + s);
            double f0 = pitch * jitter;
            double f1 = rising ? f0 * (1 + 0.2 * (s + 1) / count) : f0 * 0.97;
            if (rising) {
                f0 *= 1 + 0.2 * s / count;
            }
            long step = (long) (f0 * toPhase);
            long stepChange = (long) ((f1 - f0) * toPhase) / span;
            int blend = Math.min(BLEND, span);
            for (int i = 0; i < span; i++) {
                int at = from + i;
                float envelope = SWELL_FLOOR + (1 - SWELL_FLOOR) * HUMP[(int) ((long) i * (HUMP_SIZE - 1) / span)];
                int edge = Math.min(at - start, end - 1 - at);
                if (edge < ramp) {
                    envelope *= HUMP[edge * (HUMP_SIZE / 2) / ramp]; // the first half of the hump rises 0 -> 1
                }
                int index = phase >>> (32 - TABLE_BITS);
                float wave = timbre[index];
                if (i < blend) { // cross-fade from the last syllable's vowel, or the change would click
                    wave += (previous[index] - wave) * (blend - i) / blend;
                }
                out[at] = MuLaw.encode((int) (wave * envelope * PEAK));
                phase += (int) step;
                step += stepChange;
            }
            previous = timbre;
        }
    }

    /** A deterministic value in [-1, 1) from a seed (SplitMix64's finaliser). */
    private static double unit(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-52 - 1;
    }

    private static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }

    private static float[] period(double... harmonics) {
        float[] table = new float[TABLE_SIZE];
        double peak = 0;
        double[] raw = new double[TABLE_SIZE];
        for (int i = 0; i < TABLE_SIZE; i++) {
            double x = 2 * Math.PI * i / TABLE_SIZE;
            double v = 0;
            for (int h = 0; h < harmonics.length; h++) {
                int k = h + 1;
                v += harmonics[h] * Math.sin(k * x + Math.PI * k * k / harmonics.length); // Schroeder phases: low crest
            }
            raw[i] = v;
            peak = Math.max(peak, Math.abs(v));
        }
        for (int i = 0; i < TABLE_SIZE; i++) {
            table[i] = (float) (raw[i] / peak);
        }
        return table;
    }

    private static float[] hump() {
        float[] table = new float[HUMP_SIZE];
        for (int i = 0; i < HUMP_SIZE; i++) {
            double s = Math.sin(Math.PI * i / (HUMP_SIZE - 1));
            table[i] = (float) (s * s);
        }
        return table;
    }

    /** Words of a sentence as counts of syllables and their vowels, without allocating a string per word. */
    private static final class Sentence {
        private final int[] firstSyllable; // index into vowels, per word, plus one past the end
        private final byte[] vowels; // timbre per syllable
        private final boolean question;

        private Sentence(int[] firstSyllable, byte[] vowels, boolean question) {
            this.firstSyllable = firstSyllable;
            this.vowels = vowels;
            this.question = question;
        }

        static Sentence parse(String text) {
            int n = text.length();
            int[] first = new int[n / 2 + 2];
            byte[] vowels = new byte[n + 1];
            int words = 0;
            int syllables = 0;
            int i = 0;
            while (i < n) {
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i == n) {
                    break;
                }
                first[words++] = syllables;
                int letters = 0;
                int wordSyllables = 0;
                boolean inVowel = false;
                int hash = 0;
                for (; i < n && !Character.isWhitespace(text.charAt(i)); i++) {
                    char c = Character.toLowerCase(text.charAt(i));
                    int v = vowel(c);
                    if (Character.isLetterOrDigit(c)) {
                        letters++;
                        hash = hash * 31 + c;
                    }
                    if (v >= 0 && !inVowel) {
                        vowels[syllables + wordSyllables++] = (byte) v;
                    }
                    inVowel = v >= 0;
                }
                if (wordSyllables == 0) {
                    // digits, initials, "hmm": about one syllable per three characters, a vowel chosen by spelling
                    wordSyllables = Math.max(1, letters / 3);
                    for (int s = 0; s < wordSyllables; s++) {
                        vowels[syllables + s] = (byte) Math.floorMod(hash + s, TIMBRES.length);
                    }
                }
                syllables += wordSyllables;
            }
            first[words] = syllables;
            return new Sentence(Arrays.copyOf(first, words + 1), vowels,
                    text.stripTrailing().endsWith("?"));
        }

        private static int vowel(char c) {
            switch (c) {
                case 'a': return 0;
                case 'e': return 1;
                case 'i': case 'y': return 2;
                case 'o': return 3;
                case 'u': return 4;
                default: return -1;
            }
        }

        int words() {
            return firstSyllable.length - 1;
        }

        int syllables() {
            return firstSyllable[words()];
        }

        int syllablesOf(int word) {
            return firstSyllable[word + 1] - firstSyllable[word];
        }

        int vowel(int word, int syllable) {
            return vowels[firstSyllable[word] + syllable];
        }

        boolean question() {
            return question;
        }
    }
}
