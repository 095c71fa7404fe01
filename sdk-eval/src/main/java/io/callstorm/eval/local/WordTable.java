package io.callstorm.eval.local;

/**
 * A fixed table of word hashes with a value each, looked up in one or two probes (open addressing): the scan
 * checks every word of every turn against the stop words and the number words, so a binary search was its
 * hottest spot.
 */
final class WordTable {
    static final long ABSENT = Long.MIN_VALUE;

    private final long[] keys;
    private final long[] values;
    private final int mask;
    private final int shift;

    WordTable(String[] words, long[] wordValues) {
        this(hashes(words), wordValues);
    }

    /** A set of precomputed hashes (values unused). */
    WordTable(long[] hashes) {
        this(hashes, new long[hashes.length]);
    }

    private static long[] hashes(String[] words) {
        long[] hashes = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            hashes[i] = TurnText.wordHash(words[i]);
        }
        return hashes;
    }

    private WordTable(long[] hashesOfWords, long[] wordValues) {
        int size = Integer.highestOneBit(Math.max(4, hashesOfWords.length * 4) - 1) << 1;
        keys = new long[size];
        values = new long[size];
        mask = size - 1;
        shift = 64 - Integer.numberOfTrailingZeros(size);
        boolean[] used = new boolean[size];
        for (int i = 0; i < hashesOfWords.length; i++) {
            long key = hashesOfWords[i];
            if (key == 0) {
                throw new IllegalStateException("hash 0 marks an empty slot");
            }
            int slot = slot(key);
            while (used[slot] && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            keys[slot] = key;
            values[slot] = wordValues[i];
        }
    }

    /** The value of the word with hash {@code key}, or {@link #ABSENT}. */
    long get(long key) {
        int slot = slot(key);
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return values[slot];
            }
            if (k == 0) {
                return ABSENT;
            }
            slot = (slot + 1) & mask;
        }
    }

    boolean contains(long key) {
        return get(key) != ABSENT;
    }

    /** Fibonacci hashing: the top bits of the key times the golden ratio, so similar keys spread out. */
    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
