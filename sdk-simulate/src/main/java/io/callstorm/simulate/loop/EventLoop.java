package io.callstorm.simulate.loop;

import io.callstorm.core.secret.Secrets;
import org.HdrHistogram.Histogram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-threaded event loop with timers: the one thread that runs thousands of caller state machines
 * (or the reference agent's providers). Work submitted from other threads goes through a lock-free queue;
 * timers live in a heap that only the loop thread touches.
 *
 * <p>The loop measures its own lag: a probe timer fires every {@link #PROBE_INTERVAL_NANOS} and the
 * lateness of each firing goes into a histogram, so a report can say whether the harness kept up.
 *
 * <p>The loop owns its clock ({@link #nanoTime()}), and everything timed on the loop reads it there. On the
 * {@link SimulationClock#REAL real} clock that is {@link System#nanoTime()} and the loop parks until its next timer
 * is due. On the {@link SimulationClock#VIRTUAL virtual} clock time stands still while tasks run; when no task is
 * waiting and no timer is due, the loop moves its clock to the next timer's due time and runs it at once: timers
 * fire in (due time, scheduling order), each exactly on time, whatever the machine's speed. A virtual loop waits
 * (parks) only when it has no timer at all, or while its clock is {@linkplain #holdClock() held}, for work from another
 * thread.
 */
public final class EventLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    static final long PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final String name;
    private final SimulationClock clock;
    private final boolean virtual;
    /** The virtual clock's reading; written on the loop thread only. */
    private volatile long virtualNanos;
    private final Thread thread;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean parked = new AtomicBoolean();
    /** Holds on the virtual clock ({@link #holdClock()}): while any, simulated time stands still. */
    private final java.util.concurrent.atomic.AtomicInteger holds = new java.util.concurrent.atomic.AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Histogram lagMicros = new Histogram(TimeUnit.SECONDS.toMicros(60), 2);
    private final Histogram lagWindowMicros = new Histogram(TimeUnit.SECONDS.toMicros(60), 2);
    private volatile boolean running = true;
    private volatile Throwable lastFailure;
    private volatile long failures;
    private long sequence;
    private boolean probing;

    /** A loop on the real clock. */
    public EventLoop(String name) {
        this(name, SimulationClock.REAL);
    }

    /**
     * A loop on {@code clock}. A virtual clock starts at the real clock's reading, so that its times look like
     * {@link System#nanoTime()} readings (for span timestamps); only differences between readings mean anything.
     */
    public EventLoop(String name, SimulationClock clock) {
        this.name = name;
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.virtual = clock == SimulationClock.VIRTUAL;
        this.virtualNanos = System.nanoTime();
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Runs {@code task} on the loop thread, soon. Safe from any thread. */
    public void execute(Runnable task) {
        inbox.add(task);
        if (parked.get() && Thread.currentThread() != thread) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * The loop's clock, in nanoseconds, as {@link System#nanoTime()} reads: only differences mean anything. What is
     * timed on the loop reads it here (on the loop thread), so that a virtual loop's tasks see simulated time.
     */
    public long nanoTime() {
        return virtual ? virtualNanos : System.nanoTime();
    }

    /** The clock this loop runs on. */
    public SimulationClock clock() {
        return clock;
    }

    /**
     * Holds a virtual clock still until as many {@link #releaseClock()} calls: work of another thread that the loop
     * awaits (a caller's turn being written by a model) then takes no simulated time, however long it takes on the
     * machine, and the loop waits for it instead of firing the timers ahead of it. No effect on the real clock.
     * Safe from any thread.
     */
    public void holdClock() {
        holds.incrementAndGet();
    }

    /** Ends one {@link #holdClock()}. Safe from any thread. */
    public void releaseClock() {
        if (holds.decrementAndGet() < 0) {
            holds.incrementAndGet();
            throw new IllegalStateException("releaseClock() without holdClock()");
        }
        execute(() -> { }); // a loop parked for the hold looks at its timers again
    }

    /** Schedules {@code task} after {@code delayNanos}. Loop thread only. */
    public Timer schedule(long delayNanos, Runnable task) {
        assert inLoop() : "schedule() off the loop thread";
        Timer t = new Timer(nanoTime() + Math.max(0, delayNanos), sequence++, task);
        timers.add(t);
        return t;
    }

    /** Starts measuring lag. Loop thread only. */
    public void startLagProbe() {
        if (!probing) {
            probing = true;
            probe(nanoTime() + PROBE_INTERVAL_NANOS);
        }
    }

    private void probe(long due) {
        Timer t = new Timer(due, sequence++, null);
        t.task = () -> {
            long late = nanoTime() - due;
            long micros = Math.min(lagMicros.getHighestTrackableValue(), Math.max(0, late / 1000));
            lagMicros.recordValue(micros);
            lagWindowMicros.recordValue(micros);
            if (probing) {
                probe(due + PROBE_INTERVAL_NANOS * Math.max(1, 1 + late / PROBE_INTERVAL_NANOS));
            }
        };
        timers.add(t);
    }

    /** Lag histogram in microseconds. Read it on the loop thread, or after {@link #close()}. */
    public Histogram lagMicros() {
        return lagMicros;
    }

    /**
     * The same lateness as {@link #lagMicros()}, since the last time its reader reset it: for a health check over a
     * window. Read and reset it on the loop thread.
     */
    public Histogram lagWindowMicros() {
        return lagWindowMicros;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** The last exception a task threw, if any; tasks that throw are logged here and the loop goes on. */
    public Throwable lastFailure() {
        return lastFailure;
    }

    private void loop() {
        try {
            while (running) {
                runInbox();
                long now = nanoTime();
                Timer next;
                while ((next = timers.peek()) != null && next.due <= now) {
                    timers.poll();
                    if (!next.cancelled) {
                        run(next.task);
                    }
                    if ((next.sequence & 63) == 0) {
                        runInbox(); // keep cross-thread events flowing during a burst of timers
                        now = nanoTime();
                    }
                }
                if (!inbox.isEmpty()) {
                    continue;
                }
                if (virtual && holds.get() == 0 && (next = timers.peek()) != null) {
                    virtualNanos = Math.max(now, next.due); // nothing to do now: the next timer's time has come
                    continue;
                }
                parked.set(true);
                if (inbox.isEmpty() && running) {
                    next = timers.peek();
                    if (next == null || virtual) { // virtual: no timer, or time held for work elsewhere
                        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(50));
                    } else {
                        long wait = next.due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(this, wait);
                        }
                    }
                }
                parked.set(false);
            }
        } finally {
            stopped.countDown();
        }
    }

    private void runInbox() {
        Runnable task;
        while ((task = inbox.poll()) != null) {
            run(task);
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) { // one broken task must not stop every call on the loop
            failures++;
            if (lastFailure == null) {
                LOG.warn("{}: a task failed; the loop goes on (further failures are counted)", name, Secrets.redact(t));
            }
            lastFailure = t;
        }
    }

    /** Tasks that threw so far. */
    public long failures() {
        return failures;
    }

    /** Stops measuring lag (the probe's timer lapses). Loop thread only. */
    public void stopLagProbe() {
        probing = false;
    }

    /** Stops the loop after the task in progress; pending timers are dropped. */
    @Override
    public void close() {
        running = false;
        probing = false;
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread) {
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "EventLoop{" + name + ", " + clock + ", timers=" + timers.size() + "}";
    }

    /** A scheduled task; cancel it from the loop thread. */
    public static final class Timer implements Comparable<Timer> {
        private final long due;
        private final long sequence;
        private Runnable task;
        private boolean cancelled;

        private Timer(long due, long sequence, Runnable task) {
            this.due = due;
            this.sequence = sequence;
            this.task = task;
        }

        public void cancel() {
            cancelled = true;
            task = null;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }
}
