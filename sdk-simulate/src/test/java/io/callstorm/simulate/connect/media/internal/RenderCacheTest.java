package io.callstorm.simulate.connect.media.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RenderCacheTest {
    @Test
    void callersAskingForARenderInFlightShareIt() {
        RenderCache cache = new RenderCache(10, 1_000);
        AtomicInteger renders = new AtomicInteger();
        CompletableFuture<byte[]> slow = new CompletableFuture<>();

        CompletableFuture<byte[]> first = cache.get("hello", () -> {
            renders.incrementAndGet();
            return slow;
        });
        CompletableFuture<byte[]> second = cache.get("hello", () -> {
            renders.incrementAndGet();
            return CompletableFuture.completedFuture(new byte[1]);
        });
        slow.complete(new byte[] {7});

        assertThat(renders).hasValue(1);
        assertThat(first.join()).containsExactly(7);
        assertThat(second.join()).containsExactly(7);
        assertThat(cache.get("hello", () -> CompletableFuture.failedFuture(new AssertionError("rendered again"))))
                .isCompletedWithValueMatching(b -> b[0] == 7);
    }

    @Test
    void failuresAreNotKept() {
        RenderCache cache = new RenderCache(10, 1_000);

        assertThat(cache.get("x", () -> CompletableFuture.failedFuture(new IllegalStateException("boom"))))
                .isCompletedExceptionally();
        assertThat(cache.get("x", () -> {
            throw new IllegalStateException("thrown, not returned");
        })).isCompletedExceptionally();
        assertThat(cache.get("x", () -> CompletableFuture.completedFuture(new byte[2]))).isCompleted();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void theLeastRecentlyUsedGoWhenEntriesOrBytesRunOut() {
        RenderCache cache = new RenderCache(3, 100);
        cache.get("a", () -> CompletableFuture.completedFuture(new byte[40]));
        cache.get("b", () -> CompletableFuture.completedFuture(new byte[40]));
        cache.get("a", () -> CompletableFuture.failedFuture(new AssertionError("a is cached"))); // a used last
        cache.get("c", () -> CompletableFuture.completedFuture(new byte[40])); // 120 bytes: b goes

        assertThat(cache.bytes()).isEqualTo(80);
        AtomicInteger renders = new AtomicInteger();
        cache.get("b", () -> {
            renders.incrementAndGet();
            return CompletableFuture.completedFuture(new byte[1]);
        });
        cache.get("too-big", () -> CompletableFuture.completedFuture(new byte[101]));

        assertThat(renders).hasValue(1);
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.bytes()).isEqualTo(81);
    }
}
