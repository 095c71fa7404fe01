package io.callstorm.simulate.connect.media.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used map bounded by entry count and by total weight (bytes of audio): utterances repeat across
 * thousands of calls, but a long run with many distinct texts must not grow the heap without limit. Thread-safe;
 * every operation holds one short lock, so it is fine on an event loop.
 */
public final class LruCache<K, V> {
    private final int maxEntries;
    private final long maxWeight;
    private final ToLongFunction<V> weigher;
    private final LinkedHashMap<K, V> map = new LinkedHashMap<>(64, 0.75f, true);
    private long weight;

    public LruCache(int maxEntries, long maxWeight, ToLongFunction<V> weigher) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
        }
        if (maxWeight < 1) {
            throw new IllegalArgumentException("maxWeight must be >= 1, was " + maxWeight);
        }
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    /** The value, or null when absent (internal API: the voices turn absence into a render). */
    public synchronized V get(K key) {
        return map.get(key);
    }

    /** Stores the value unless it alone outweighs the whole cache, then evicts the least recently used. */
    public synchronized void put(K key, V value) {
        long w = weigher.applyAsLong(value);
        if (w > maxWeight) {
            return;
        }
        V old = map.put(key, value);
        if (old != null) {
            weight -= weigher.applyAsLong(old);
        }
        weight += w;
        Iterator<Map.Entry<K, V>> eldest = map.entrySet().iterator();
        while ((map.size() > maxEntries || weight > maxWeight) && eldest.hasNext()) {
            Map.Entry<K, V> e = eldest.next();
            weight -= weigher.applyAsLong(e.getValue());
            eldest.remove();
        }
    }

    public synchronized int size() {
        return map.size();
    }

    public synchronized long weight() {
        return weight;
    }
}
