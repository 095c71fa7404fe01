package io.callstorm.simulate.evaluate;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.eval.pool.EvaluationPool;
import io.callstorm.eval.pool.QueuePolicy;

import java.time.Duration;
import java.util.Objects;

/**
 * How a simulation scores its finished calls off the call path: an {@link EvaluationPool} of {@code threads}
 * workers behind a queue of {@code queueCapacity} calls, and what happens when the queue is full. Immutable;
 * start from {@link #defaults()} or {@link #builder()}.
 *
 * <p>Under {@link QueuePolicy#DROP_AND_COUNT}, the default, handing a call over never blocks the harness: a call
 * the queue cannot take is not scored, its line is still written to {@code calls.jsonl} (marked {@code
 * "scoring": "dropped"}) and it is counted in the report, so a slow or failing judge never slows the load.
 * {@link QueuePolicy#WAIT} scores every call but lets a slow evaluator hold the harness back: the load it applies
 * is then no longer the profile's.
 *
 * <pre>{@code
 * Simulation.builder()
 *     ...
 *     .judge(judge, Rubrics.IS_POLITE, Rubrics.IS_HELPFUL)
 *     .evaluation(EvaluationConfig.builder().threads(16).queueCapacity(20_000).build())
 * }</pre>
 */
public final class EvaluationConfig {
    /** Enough that the local scorers never drop at the demo's ~900 calls/s. */
    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;
    /** The largest queue: each queued call holds its transcript in memory. */
    public static final int MAX_QUEUE_CAPACITY = 10_000_000;
    public static final int DEFAULT_THREADS = EvaluationPool.DEFAULT_THREADS;
    public static final QueuePolicy DEFAULT_POLICY = QueuePolicy.DROP_AND_COUNT;
    public static final Duration DEFAULT_FINISH_TIMEOUT = EvaluationPool.DEFAULT_CLOSE_TIMEOUT;

    private static final EvaluationConfig DEFAULTS = builder().build();

    private final int threads;
    private final int queueCapacity;
    private final QueuePolicy whenFull;
    private final Duration finishTimeout;
    private final double sample;

    private EvaluationConfig(Builder b) {
        this.threads = b.threads;
        this.queueCapacity = b.queueCapacity;
        this.whenFull = b.whenFull;
        this.finishTimeout = b.finishTimeout;
        this.sample = b.sample;
    }

    /** {@value #DEFAULT_QUEUE_CAPACITY} calls, up to 4 threads, drop and count when full, 5 minutes to finish. */
    public static EvaluationConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().threads(threads).queueCapacity(queueCapacity).whenFull(whenFull)
                .finishTimeout(finishTimeout).sample(sample);
    }

    /** Worker threads scoring calls. */
    public int threads() { return threads; }
    /** Calls that may wait to be scored. */
    public int queueCapacity() { return queueCapacity; }
    /** What handing over a call does when the queue is full. */
    public QueuePolicy whenFull() { return whenFull; }
    /**
     * How long the end of a run waits for queued calls to be scored; calls still unscored then are written
     * unscored and counted as dropped.
     */
    public Duration finishTimeout() { return finishTimeout; }

    /**
     * The share of calls scored, above 0 and up to 1 (all, the default). Which calls are in the sample follows from
     * their call ids alone, so the same run scores the same calls; the others are written marked
     * {@code "scoring": "sampled-out"} and counted, never as dropped.
     */
    public double sample() { return sample; }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationConfig c && threads == c.threads && queueCapacity == c.queueCapacity
                && whenFull == c.whenFull && finishTimeout.equals(c.finishTimeout) && sample == c.sample;
    }

    @Override
    public int hashCode() {
        return Objects.hash(threads, queueCapacity, whenFull, finishTimeout, sample);
    }

    @Override
    public String toString() {
        return "EvaluationConfig{threads=" + threads + ", queueCapacity=" + queueCapacity + ", whenFull=" + whenFull
                + ", finishTimeout=" + finishTimeout + ", sample=" + sample + "}";
    }

    /** Builds an {@link EvaluationConfig}; {@link #build()} lists every problem at once. */
    public static final class Builder {
        private int threads = DEFAULT_THREADS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private QueuePolicy whenFull = DEFAULT_POLICY;
        private Duration finishTimeout = DEFAULT_FINISH_TIMEOUT;
        private double sample = 1;

        private Builder() {
        }

        /** Each setter returns a changed copy, so a shared builder never changes under its holder. */
        private Builder copy() {
            Builder b = new Builder();
            b.threads = threads;
            b.queueCapacity = queueCapacity;
            b.whenFull = whenFull;
            b.finishTimeout = finishTimeout;
            b.sample = sample;
            return b;
        }

        /** Worker threads, 1..1024; a judge or a remote API, whose calls wait on the network, wants more. */
        public Builder threads(int threads) { Builder b = copy(); b.threads = threads; return b; }
        /** Calls that may wait to be scored, at least 1. */
        public Builder queueCapacity(int capacity) { Builder b = copy(); b.queueCapacity = capacity; return b; }
        /** What handing over a call does when the queue is full. */
        public Builder whenFull(QueuePolicy policy) { Builder b = copy(); b.whenFull = policy; return b; }
        /** How long the end of a run waits for queued calls to be scored. */
        public Builder finishTimeout(Duration timeout) { Builder b = copy(); b.finishTimeout = timeout; return b; }
        /**
         * The share of calls to score, above 0 and up to 1: a costly judge on a 10% sample of a 100,000-call run
         * still gives pass rates per concurrency bucket, at a tenth of the cost.
         */
        public Builder sample(double share) { Builder b = copy(); b.sample = share; return b; }

        /** @throws io.callstorm.core.validation.ConfigurationException listing every problem */
        public EvaluationConfig build() {
            ProblemCollector p = new ProblemCollector();
            p.check(threads >= 1 && threads <= 1024, "evaluation.threads", "must be 1..1024, was " + threads);
            p.check(queueCapacity >= 1 && queueCapacity <= MAX_QUEUE_CAPACITY, "evaluation.queueCapacity",
                    "must be between 1 and 10,000,000, was " + queueCapacity);
            p.check(whenFull != null, "evaluation.whenFull", "must be WAIT or DROP_AND_COUNT, was null");
            p.check(finishTimeout == null || finishTimeout.compareTo(java.time.Duration.ofDays(30)) <= 0,
                    "evaluation.finishTimeout", "must be <= 30 days, was " + finishTimeout);
            p.check(finishTimeout != null && !finishTimeout.isNegative(), "evaluation.finishTimeout",
                    "must be >= 0, was " + finishTimeout);
            p.check(sample > 0 && sample <= 1, "evaluation.sample",
                    "must be a share of calls above 0 and up to 1, was " + sample);
            p.throwIfAny("evaluation");
            return new EvaluationConfig(this);
        }
    }
}
