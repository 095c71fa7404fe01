package io.callstorm.simulate.connect.media.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Rendered utterances by key, with renders in flight shared: when 2,000 calls ask for the same sentence at the
 * start of a run, one render runs and every call waits for it. Failures are not cached, so a later call tries
 * again.
 */
public final class RenderCache {
    /** Entries kept by the voices: a load test's distinct (persona, sentence) pairs fit comfortably. */
    public static final int DEFAULT_MAX_ENTRIES = 4_096;
    /** Bytes of mu-law kept at most (64 MiB: about 2.3 hours of audio). */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private final LruCache<String, byte[]> done;
    private final ConcurrentHashMap<String, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();

    public RenderCache(int maxEntries, long maxBytes) {
        this.done = new LruCache<>(maxEntries, maxBytes, b -> b.length);
    }

    public RenderCache() {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES);
    }

    /**
     * The cached audio for {@code key}, else the render in flight for it, else a new {@code render}. The returned
     * array is the cached one: callers hand out copies.
     */
    public CompletableFuture<byte[]> get(String key, Supplier<CompletableFuture<byte[]>> render) {
        byte[] hit = done.get(key);
        if (hit != null) {
            return CompletableFuture.completedFuture(hit);
        }
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        // a render may have finished between the first look and claiming the key
        hit = done.get(key);
        if (hit != null) {
            inFlight.remove(key, mine);
            mine.complete(hit);
            return mine;
        }
        CompletableFuture<byte[]> rendering;
        try {
            rendering = render.get();
        } catch (RuntimeException e) {
            rendering = CompletableFuture.failedFuture(e);
        }
        rendering.whenComplete((bytes, error) -> {
            if (error == null) {
                done.put(key, bytes); // before leaving inFlight, so that no caller sees neither
            }
            inFlight.remove(key, mine);
            if (error == null) {
                mine.complete(bytes);
            } else {
                mine.completeExceptionally(error);
            }
        });
        return mine;
    }

    public int size() {
        return done.size();
    }

    public long bytes() {
        return done.weight();
    }
}
