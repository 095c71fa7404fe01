package io.callstorm.simulate.callers.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The improvised answers by situation, the least recently used dropped past a size: each entry a future, so that a
 * request in flight is found like a finished one and callers in the same situation wait for the one request instead
 * of sending their own. A failed answer is {@linkplain #forget forgotten}, so that a later caller asks again. Safe
 * from any thread. Not API.
 *
 * @param <V> the answer
 */
public final class AnswerCache<V> {
    private final int maxEntries;
    private final LinkedHashMap<Situation, CompletableFuture<V>> entries;

    /** A cache of at most {@code maxEntries} answers; 0 keeps none. */
    public AnswerCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Situation, CompletableFuture<V>> eldest) {
                return size() > AnswerCache.this.maxEntries;
            }
        };
    }

    /**
     * The answer of {@code situation}: the one cached or in flight ({@code fresh} false), else a new one from
     * {@code ask} ({@code fresh} true), cached at once so that the next asker finds it in flight.
     */
    public Lookup<V> lookup(Situation situation, Function<Situation, CompletableFuture<V>> ask) {
        if (maxEntries == 0) {
            return new Lookup<>(ask.apply(situation), true);
        }
        CompletableFuture<V> found;
        CompletableFuture<V> mine;
        synchronized (entries) {
            found = entries.get(situation);
            if (found != null) {
                return new Lookup<>(found, false);
            }
            mine = new CompletableFuture<>();
            entries.put(situation, mine);
        }
        // asked outside the lock: asking may take a while (a full queue is found out by trying)
        ask.apply(situation).whenComplete((v, e) -> {
            if (e != null) {
                mine.completeExceptionally(e);
            } else {
                mine.complete(v);
            }
        });
        return new Lookup<>(mine, true);
    }

    /** The answer of {@code situation}, cached or in flight; empty when nobody asked for it (or it was dropped). */
    public java.util.Optional<CompletableFuture<V>> find(Situation situation) {
        if (maxEntries == 0) {
            return java.util.Optional.empty();
        }
        synchronized (entries) {
            return java.util.Optional.ofNullable(entries.get(situation));
        }
    }

    /** Drops {@code situation}'s entry if it is still {@code answer}: a failure must not be served to others. */
    public void forget(Situation situation, CompletableFuture<V> answer) {
        synchronized (entries) {
            entries.remove(situation, answer);
        }
    }

    /** How many answers are kept. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /**
     * An answer found or asked for.
     *
     * @param answer the answer, done or in flight
     * @param fresh  whether this lookup asked for it (else it was cached or in flight)
     */
    public record Lookup<V>(CompletableFuture<V> answer, boolean fresh) {
    }
}
