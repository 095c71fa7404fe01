package io.callstorm.simulate.loop;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirtualEventLoopTest {
    private static final long MS = 1_000_000L;

    @Test
    void timeJumpsToEachTimerWhichFiresExactlyOnTimeInDueThenSchedulingOrder() throws Exception {
        try (EventLoop loop = new EventLoop("virtual-test", SimulationClock.VIRTUAL)) {
            List<String> fired = new ArrayList<>();
            CompletableFuture<Long> origin = new CompletableFuture<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            long wallStart = System.nanoTime();
            loop.execute(() -> {
                long t0 = loop.nanoTime();
                origin.complete(t0);
                loop.schedule(3_600_000 * MS, () -> { // an hour of simulated time
                    fired.add("hour@" + (loop.nanoTime() - t0) / MS);
                    done.complete(null);
                });
                loop.schedule(20 * MS, () -> fired.add("b@" + (loop.nanoTime() - t0) / MS));
                loop.schedule(10 * MS, () -> {
                    fired.add("a@" + (loop.nanoTime() - t0) / MS);
                    // scheduled later, due at the same instant as "b": after it
                    loop.schedule(10 * MS, () -> fired.add("c@" + (loop.nanoTime() - t0) / MS));
                    loop.schedule(0, () -> fired.add("now@" + (loop.nanoTime() - t0) / MS));
                    loop.execute(() -> fired.add("queued@" + (loop.nanoTime() - t0) / MS));
                });
                loop.schedule(20 * MS, () -> fired.add("b2@" + (loop.nanoTime() - t0) / MS));
            });
            done.get(10, TimeUnit.SECONDS);

            assertThat(fired).containsExactly("a@10", "now@10", "queued@10", "b@20", "b2@20", "c@20", "hour@3600000");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - wallStart))
                    .as("an hour of timers takes no hour").isLessThan(5);
            assertThat(origin.get()).isPositive();
        }
    }

    @Test
    void aHeldClockFiresNoTimerUntilReleased() throws Exception {
        try (EventLoop loop = new EventLoop("virtual-test", SimulationClock.VIRTUAL)) {
            CompletableFuture<Long> fired = new CompletableFuture<>();
            CompletableFuture<Long> origin = new CompletableFuture<>();
            loop.holdClock(); // as a caller does while its model writes its turn on another thread
            loop.execute(() -> {
                long t0 = loop.nanoTime();
                origin.complete(t0);
                loop.schedule(1_000 * MS, () -> fired.complete(loop.nanoTime() - t0));
            });
            origin.get(10, TimeUnit.SECONDS);
            Thread.sleep(200); // a free virtual loop would have jumped to the timer in microseconds
            CompletableFuture<Boolean> firedWhileHeld = new CompletableFuture<>();
            loop.execute(() -> firedWhileHeld.complete(fired.isDone()));
            assertThat(firedWhileHeld.get(10, TimeUnit.SECONDS)).isFalse();

            loop.releaseClock();
            assertThat(fired.get(10, TimeUnit.SECONDS)).isEqualTo(1_000 * MS);
            assertThatThrownBy(loop::releaseClock).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void timeStandsStillWhileATaskRunsAndWhileTheLoopWaitsForWork() throws Exception {
        try (EventLoop loop = new EventLoop("virtual-test", SimulationClock.VIRTUAL)) {
            CompletableFuture<long[]> readings = new CompletableFuture<>();
            loop.execute(() -> {
                long before = loop.nanoTime();
                busy(20);
                readings.complete(new long[] {before, loop.nanoTime()});
            });
            long[] r = readings.get(10, TimeUnit.SECONDS);
            assertThat(r[1]).isEqualTo(r[0]);

            Thread.sleep(50); // no timer: the loop parks, and its clock does not move
            CompletableFuture<Long> later = new CompletableFuture<>();
            loop.execute(() -> later.complete(loop.nanoTime()));
            assertThat(later.get(10, TimeUnit.SECONDS)).isEqualTo(r[0]);
            assertThat(loop.clock()).isEqualTo(SimulationClock.VIRTUAL);
        }
    }

    @Test
    void cancelledTimersAreSkippedAndTheLoopWaitsForWorkWhenNoneIsLeft() throws Exception {
        try (EventLoop loop = new EventLoop("virtual-test", SimulationClock.VIRTUAL)) {
            List<String> fired = new ArrayList<>();
            CompletableFuture<Long> elapsed = new CompletableFuture<>();
            loop.execute(() -> {
                long t0 = loop.nanoTime();
                EventLoop.Timer cancelled = loop.schedule(5 * MS, () -> fired.add("cancelled"));
                loop.schedule(1 * MS, cancelled::cancel);
                loop.schedule(7 * MS, () -> fired.add("kept"));
                loop.schedule(8 * MS, () -> elapsed.complete(loop.nanoTime() - t0));
            });
            assertThat(elapsed.get(10, TimeUnit.SECONDS)).isEqualTo(8 * MS);
            assertThat(fired).containsExactly("kept");
        }
    }

    @Test
    void theRealClockIsTheMachinesAndTimersWaitForIt() throws Exception {
        try (EventLoop loop = new EventLoop("real-test")) {
            assertThat(loop.clock()).isEqualTo(SimulationClock.REAL);
            CompletableFuture<Long> waited = new CompletableFuture<>();
            long start = System.nanoTime();
            loop.execute(() -> loop.schedule(30 * MS, () -> waited.complete(System.nanoTime() - start)));
            assertThat(waited.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(30 * MS);
            long reading = loop.nanoTime();
            assertThat(Math.abs(reading - System.nanoTime())).isLessThan(TimeUnit.SECONDS.toNanos(1));
        }
    }

    private static void busy(long millis) {
        long end = System.nanoTime() + millis * MS;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
