package io.callstorm.reference.internal;

import io.callstorm.simulate.loop.EventLoop;
import io.callstorm.reference.ReferenceAgentConfig;

import java.util.ArrayDeque;
import java.util.function.Supplier;
import java.util.function.Consumer;

/**
 * The TTS provider's streaming WebSocket connections: a fixed pool. A call takes one at its first reply and
 * keeps it until it hangs up. When none is free the turn waits for one up to the acquire timeout, then falls
 * back to non-streaming synthesis (slower first audio) and tries again next turn.
 */
final class TtsPool {
    private final ReferenceAgentConfig.Tts config;
    /** The agent's current loop (see {@code ReferenceAgentRuntime.loop}). */
    private final Supplier<EventLoop> loop;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int free;

    TtsPool(ReferenceAgentConfig.Tts config, Supplier<EventLoop> loop) {
        this.config = config;
        this.loop = loop;
        this.free = config.poolSize();
    }

    /** Asks for a connection; {@code granted} gets true with one, false after the acquire timeout. */
    void acquire(Consumer<Boolean> granted) {
        if (free > 0) {
            free--;
            granted.accept(true);
            return;
        }
        Waiter w = new Waiter(granted);
        waiters.add(w);
        w.timer = loop.get().schedule(config.acquireTimeoutMillis() * 1_000_000L, () -> {
            if (!w.done) { // left in the queue and skipped on release: removal from the middle is O(n)
                w.done = true;
                w.granted.accept(false);
            }
        });
    }

    void release() {
        Waiter w;
        while ((w = waiters.poll()) != null && w.done) {
            // timed out already
        }
        if (w != null) {
            w.done = true;
            w.timer.cancel();
            w.granted.accept(true);
        } else {
            free++;
        }
    }

    int inUse() {
        return config.poolSize() - free;
    }

    private static final class Waiter {
        final Consumer<Boolean> granted;
        EventLoop.Timer timer;
        boolean done;

        Waiter(Consumer<Boolean> granted) {
            this.granted = granted;
        }
    }
}
