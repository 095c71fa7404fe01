package io.callstorm.eval.pool;

import io.callstorm.core.secret.Secrets;
import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalInput;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Scores conversations off the call path: a fixed number of worker threads behind a bounded queue. What
 * happens when the queue is full is explicit ({@link QueuePolicy}); under {@link QueuePolicy#DROP_AND_COUNT},
 * the default, {@link #submit} never blocks, so a slow or failing judge never slows the load, and the
 * conversations it could not take are counted in {@link #stats()}.
 *
 * <p>Every evaluator scores every conversation; an evaluator that throws gets an {@linkplain EvalResult#error
 * error} result for that conversation and the others still run. The callback runs on the worker thread once
 * all results are in; it must be quick and thread-safe, and an exception from it is logged, never rethrown.
 *
 * <pre>{@code
 * try (EvaluationPool pool = EvaluationPool.builder(evaluators)
 *         .threads(4).queueCapacity(10_000).whenFull(QueuePolicy.DROP_AND_COUNT).build()) {
 *     pool.submit(conversation, scored -> sink.record(scored.results()));
 *     ...
 * }   // close() scores what is queued, then stops
 * EvaluationStats stats = pool.stats();   // done, failed, dropped
 * }</pre>
 */
public final class EvaluationPool implements AutoCloseable {
    public static final int DEFAULT_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationPool.class);

    private record Task(EvalInput input, Consumer<ScoredConversation> callback) {
    }

    private final List<Evaluator> evaluators;
    private final QueuePolicy policy;
    private final Duration closeTimeout;
    private final BlockingQueue<Task> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean callbackFailureLogged = new AtomicBoolean();
    private final LongAdder done = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder scored = new LongAdder();
    private final LongAdder conversationsDropped = new LongAdder();

    private EvaluationPool(Builder b) {
        this.evaluators = List.copyOf(b.evaluators);
        this.policy = b.policy;
        this.closeTimeout = b.closeTimeout;
        this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
        for (int i = 1; i <= b.threads; i++) {
            Thread t = new Thread(this::work, b.threadNamePrefix + "-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    /** A builder scoring with these evaluators, which may mix local, judge and remote ones. */
    public static Builder builder(List<? extends Evaluator> evaluators) {
        return new Builder(evaluators);
    }

    /**
     * Queues a conversation for scoring. Under {@link QueuePolicy#DROP_AND_COUNT} returns at once, false when the
     * queue was full (the conversation is counted as dropped); under {@link QueuePolicy#WAIT} waits for room.
     * After {@link #close()} it drops and returns false.
     *
     * @param callback receives the results on a worker thread
     * @return whether the conversation was queued
     */
    public boolean submit(Conversation conversation, Consumer<ScoredConversation> callback) {
        return submit(EvalInput.of(Objects.requireNonNull(conversation, "conversation")), callback);
    }

    /** Queues inputs beyond a conversation (audio, speech-to-text output); see {@link #submit(Conversation, Consumer)}. */
    public boolean submit(EvalInput input, Consumer<ScoredConversation> callback) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(callback, "callback");
        Task task = new Task(input, callback);
        boolean queued;
        if (closed.get()) {
            queued = false;
        } else if (policy == QueuePolicy.WAIT) {
            try {
                queue.put(task);
                queued = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                queued = false;
            }
        } else {
            queued = queue.offer(task);
        }
        if (queued) {
            accepted.increment();
        } else {
            conversationsDropped.increment();
            dropped.add(evaluators.size());
        }
        return queued;
    }

    /** The counters now. */
    public EvaluationStats stats() {
        return new EvaluationStats(done.sum(), failed.sum(), dropped.sum(), accepted.sum(), scored.sum(),
                conversationsDropped.sum(), queue.size());
    }

    /** The evaluators every conversation is scored with, in result order. */
    public List<Evaluator> evaluators() {
        return evaluators;
    }

    /**
     * Waits until every queued conversation is scored, or the timeout passes.
     *
     * @return whether the pool went idle in time
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (scored.sum() < accepted.sum()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /**
     * Stops taking conversations, scores what is queued, and waits for the workers, at most the close timeout;
     * workers still busy after it are interrupted.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        try {
            for (Thread t : workers) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left > 0) {
                    t.join(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Thread t : workers) {
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        List<Task> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            LOG.warn("evaluation pool closed with {} conversations unscored after {} s", left.size(),
                    closeTimeout.toSeconds());
            conversationsDropped.add(left.size());
            dropped.add((long) left.size() * evaluators.size());
        }
    }

    @Override
    public String toString() {
        return "EvaluationPool{evaluators=" + evaluators.stream().map(Evaluator::rubric).toList() + ", threads="
                + workers.size() + ", policy=" + policy + ", " + stats() + "}";
    }

    private void work() {
        try {
            while (true) {
                Task task = queue.poll(50, TimeUnit.MILLISECONDS);
                if (task == null) {
                    if (closed.get() && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                run(task);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Task task) {
        List<EvalResult> results = new ArrayList<>(evaluators.size());
        for (Evaluator evaluator : evaluators) {
            EvalResult r;
            try {
                r = evaluator.evaluate(task.input());
            } catch (RuntimeException e) {
                r = EvalResult.error(evaluator.rubric(), "evaluator threw " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                LOG.debug("evaluator {} threw", evaluator.rubric(), Secrets.redact(e));
            }
            (r.isError() ? failed : done).increment();
            results.add(r);
        }
        try {
            task.callback().accept(new ScoredConversation(task.input(), results));
        } catch (RuntimeException e) {
            if (callbackFailureLogged.compareAndSet(false, true)) {
                LOG.warn("evaluation callback threw; further callback failures are logged at debug", Secrets.redact(e));
            } else {
                LOG.debug("evaluation callback threw", Secrets.redact(e));
            }
        } finally {
            scored.increment();
        }
    }

    /** Builder; every setting has a default. */
    public static final class Builder {
        private final List<Evaluator> evaluators;
        private int threads = DEFAULT_THREADS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private QueuePolicy policy = QueuePolicy.DROP_AND_COUNT;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private String threadNamePrefix = "callstorm-eval";

        private Builder(List<? extends Evaluator> evaluators) {
            Objects.requireNonNull(evaluators, "evaluators");
            evaluators.forEach(e -> Objects.requireNonNull(e, "evaluator"));
            this.evaluators = List.copyOf(evaluators);
        }

        /** Worker threads; {@link #DEFAULT_THREADS} (up to 4) unless set. Judges and remote calls like more. */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 1024) {
                throw new IllegalArgumentException("threads must be between 1 and 1024, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Conversations that may wait; {@value #DEFAULT_QUEUE_CAPACITY} unless set. */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be >= 1, was " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** What {@link #submit} does when the queue is full; {@link QueuePolicy#DROP_AND_COUNT} unless set. */
        public Builder whenFull(QueuePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How long {@link #close()} waits for queued work; {@link #DEFAULT_CLOSE_TIMEOUT} unless set. */
        public Builder closeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "closeTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must be >= 0, was " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /** Prefix of the worker thread names; {@code callstorm-eval} unless set. */
        public Builder threadNamePrefix(String prefix) {
            this.threadNamePrefix = Objects.requireNonNull(prefix, "threadNamePrefix");
            return this;
        }

        public EvaluationPool build() {
            return new EvaluationPool(this);
        }
    }
}
