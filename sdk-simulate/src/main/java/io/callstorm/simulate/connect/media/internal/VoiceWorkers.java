package io.callstorm.simulate.connect.media.internal;

import io.callstorm.simulate.connect.media.CallerVoiceException;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The small thread pool a slow voice renders on, off the caller's event loop: daemon threads named
 * {@code callstorm-voice-<name>-N} and a bounded queue, so that a flood of distinct utterances fails fast with a
 * clear message instead of queueing without limit.
 */
public final class VoiceWorkers {
    private final String name;
    private final int queueCapacity;
    private final ThreadPoolExecutor executor;

    public VoiceWorkers(String name, int threads, int queueCapacity) {
        this.name = name;
        this.queueCapacity = queueCapacity;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "callstorm-voice-" + name + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs {@code work} on a worker; a full queue or a closed pool completes the future exceptionally. */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            String why = executor.isShutdown() ? "the " + name + " voice is closed"
                    : "the " + name + " voice has " + queueCapacity + " utterances waiting to render; try again later";
            return CompletableFuture.failedFuture(new CallerVoiceException(why, e));
        }
    }

    public ExecutorService executor() {
        return executor;
    }

    /** Stops the workers; renders in progress are interrupted. */
    public void close() {
        executor.shutdownNow();
    }
}
