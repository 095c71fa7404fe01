package io.callstorm.eval.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds every {@link Cue} phrase in a text in one pass, as whole words: an Aho-Corasick automaton over a
 * 29-symbol alphabet (letters folded to lower case, the apostrophe, one symbol for any run of spaces and
 * punctuation, one for any other character, digits included: no phrase holds one), compiled to a full transition
 * table of {@code char}s at class load (about 0.6 MB for 9,600 states, small enough to stay in the CPU's cache).
 * Rows are 32 wide rather than 29: each character's step waits for the last one's, and a shift finds a row sooner
 * than a multiplication.
 *
 * <p>Why not a library: scoring runs for every simulated call, and the rules only need which cues a turn holds,
 * a bit mask; the Aho-Corasick libraries on Maven Central return a list of match objects per text, which costs
 * more than the whole scan.
 */
final class CueMatcher {
    static final int APOSTROPHE = 26;
    static final int SPACE = 27;
    private static final int OTHER = 28;
    private static final int SYMBOLS = 29;
    private static final int ROW_SHIFT = 5;

    private static final char[] DELTA;
    private static final long[] OUT;
    /** One bit per state: whether any cue ends there. Most steps find none, and this fits the fastest cache. */
    private static final long[] ENDS_CUE;

    static {
        List<int[]> gotoRows = new ArrayList<>();
        List<Long> outs = new ArrayList<>();
        gotoRows.add(newRow());
        outs.add(0L);
        for (Cue cue : Cue.values()) {
            for (String phrase : cue.phrases()) {
                int state = 0;
                for (int sym : symbols(" " + phrase + " ")) {
                    int next = gotoRows.get(state)[sym];
                    if (next < 0) {
                        next = gotoRows.size();
                        gotoRows.add(newRow());
                        outs.add(0L);
                        gotoRows.get(state)[sym] = next;
                    }
                    state = next;
                }
                outs.set(state, outs.get(state) | cue.bit());
            }
        }
        int states = gotoRows.size();
        int[] fail = new int[states];
        if (states > Character.MAX_VALUE) {
            throw new IllegalStateException(states + " states do not fit a char transition table");
        }
        DELTA = new char[states << ROW_SHIFT];
        OUT = new long[states];
        for (int s = 0; s < states; s++) {
            OUT[s] = outs.get(s);
        }
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < SYMBOLS; c++) {
            int next = gotoRows.get(0)[c];
            if (next < 0) {
                DELTA[c] = 0;
            } else {
                DELTA[c] = (char) next;
                fail[next] = 0;
                queue.add(next);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            OUT[s] |= OUT[fail[s]];
            for (int c = 0; c < SYMBOLS; c++) {
                int next = gotoRows.get(s)[c];
                if (next < 0) {
                    DELTA[(s << ROW_SHIFT) + c] = DELTA[(fail[s] << ROW_SHIFT) + c];
                } else {
                    DELTA[(s << ROW_SHIFT) + c] = (char) next;
                    fail[next] = DELTA[(fail[s] << ROW_SHIFT) + c];
                    queue.add(next);
                }
            }
        }
        ENDS_CUE = new long[(states + 63) / 64];
        for (int s = 0; s < states; s++) {
            if (OUT[s] != 0) {
                ENDS_CUE[s >>> 6] |= 1L << s;
            }
        }
        // every phrase ends at a space, so only a step on SPACE finds a cue: TurnText looks for cues only then
        for (int i = 0; i < DELTA.length; i++) {
            if ((i & ((1 << ROW_SHIFT) - 1)) != SPACE && OUT[DELTA[i]] != 0) {
                throw new IllegalStateException("a cue that does not end at a space");
            }
        }
    }

    private CueMatcher() {
    }

    /** The start state, as if a space had just been read. */
    static int start() {
        return step(0, SPACE);
    }

    static int step(int state, int symbol) {
        return DELTA[(state << ROW_SHIFT) | symbol];
    }

    /** The cues that end at {@code state}. */
    static long cues(int state) {
        return (ENDS_CUE[state >>> 6] & 1L << state) == 0 ? 0 : OUT[state];
    }

    /** The symbol of one character: 0-25 letters, 26 apostrophe, {@link #SPACE}, or other (digits among them). */
    static int symbol(char ch) {
        if (ch >= 'a' && ch <= 'z') {
            return ch - 'a';
        }
        if (ch >= 'A' && ch <= 'Z') {
            return ch - 'A';
        }
        if (ch >= '0' && ch <= '9') {
            return OTHER;
        }
        if (ch == '\'' || ch == '\u2019') {
            return APOSTROPHE;
        }
        if (ch < 128 || Character.isWhitespace(ch) || !Character.isLetterOrDigit(ch)) {
            return SPACE;
        }
        return OTHER;
    }

    /** The cues {@code text} holds (a convenience for tests and one-off checks; rules use {@link TurnText}). */
    static long scan(String text) {
        int state = start();
        long found = 0;
        int previous = SPACE;
        for (int i = 0, n = text.length(); i <= n; i++) {
            int sym = i == n ? SPACE : symbol(text.charAt(i));
            if (sym == SPACE && previous == SPACE) {
                continue;
            }
            previous = sym;
            state = step(state, sym);
            found |= cues(state);
        }
        return found;
    }

    private static int[] newRow() {
        int[] row = new int[SYMBOLS];
        java.util.Arrays.fill(row, -1);
        return row;
    }

    /** A phrase as symbols, runs of spaces folded into one. */
    private static int[] symbols(String phrase) {
        String p = phrase.toLowerCase(Locale.ROOT);
        int[] out = new int[p.length()];
        int n = 0;
        for (int i = 0; i < p.length(); i++) {
            int sym = symbol(p.charAt(i));
            if (sym == SPACE && n > 0 && out[n - 1] == SPACE) {
                continue;
            }
            out[n++] = sym;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
