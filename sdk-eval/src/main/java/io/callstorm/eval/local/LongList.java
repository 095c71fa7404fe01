package io.callstorm.eval.local;

import java.util.Arrays;

/**
 * A growable list of longs, reused from one text or conversation to the next: no boxing, and its array is replaced
 * only when it grows. Reassigning an array field on every addition cost more than the addition: the lists live as
 * long as their thread, and the garbage collector's write barrier on a long-lived object can include a memory fence.
 */
final class LongList {
    private static final long[] NONE = new long[0];

    private long[] values;
    private int size;

    LongList(int capacity) {
        values = new long[capacity];
    }

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    void addAll(long[] more) {
        for (long v : more) {
            add(v);
        }
    }

    long get(int index) {
        return values[index];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    long[] toArray() {
        return size == 0 ? NONE : Arrays.copyOf(values, size);
    }
}
