package io.callstorm.simulate.load;

import io.callstorm.core.validation.ProblemCollector;

import java.time.Duration;

/**
 * How a caller retries a turn after a transient agent error (429, 5xx, reset): up to {@code maxAttempts}
 * tries, exponential backoff, and the agent's Retry-After honoured when it sends one. Backed by
 * Resilience4j's {@code Retry}. The caller hears the whole wait: retries add to the perceived gap.
 *
 * <pre>{@code
 * RetryPolicy retry = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(200)).build();
 * }</pre>
 */
public final class RetryPolicy {
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(250);
    public static final double DEFAULT_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    /** Each wait is stretched by a random 0..20%, so callers refused together do not retry together. */
    public static final double DEFAULT_JITTER = 0.2;
    /** The longest wait between attempts. */
    public static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final double multiplier;
    private final Duration maxBackoff;
    private final double jitter;

    private RetryPolicy(Builder b) {
        this.jitter = b.jitter;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.multiplier = b.multiplier;
        this.maxBackoff = b.maxBackoff;
    }

    public static RetryPolicy defaults() {
        return builder().build();
    }

    /** No retries: the first transient error fails the call. */
    public static RetryPolicy none() {
        return builder().maxAttempts(1).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Total tries of a turn, the first included. */
    public int maxAttempts() { return maxAttempts; }
    public Duration initialBackoff() { return initialBackoff; }
    public double multiplier() { return multiplier; }
    /** Cap on one wait, Retry-After included. */
    public Duration maxBackoff() { return maxBackoff; }
    /** Random stretch of each wait, as a fraction (0.2 = up to 20% longer). */
    public double jitter() { return jitter; }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff.toMillis()
                + "ms, multiplier=" + multiplier + ", maxBackoff=" + maxBackoff.toMillis() + "ms, jitter=" + jitter + "}";
    }

    /** Builds a {@link RetryPolicy}. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private double multiplier = DEFAULT_MULTIPLIER;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double jitter = DEFAULT_JITTER;

        private Builder() {
        }

        /** Each setter returns a changed copy, so a shared builder never changes under its holder. */
        private Builder copy() {
            Builder b = new Builder();
            b.maxAttempts = maxAttempts;
            b.initialBackoff = initialBackoff;
            b.multiplier = multiplier;
            b.maxBackoff = maxBackoff;
            b.jitter = jitter;
            return b;
        }

        public Builder maxAttempts(int v) { Builder b = copy(); b.maxAttempts = v; return b; }
        public Builder initialBackoff(Duration v) { Builder b = copy(); b.initialBackoff = v; return b; }
        public Builder multiplier(double v) { Builder b = copy(); b.multiplier = v; return b; }
        public Builder maxBackoff(Duration v) { Builder b = copy(); b.maxBackoff = v; return b; }
        public Builder jitter(double v) { Builder b = copy(); b.jitter = v; return b; }

        public RetryPolicy build() {
            ProblemCollector p = new ProblemCollector();
            p.check(maxAttempts >= 1 && maxAttempts <= 20, "retry.maxAttempts", "must be 1..20, was " + maxAttempts);
            p.check(initialBackoff != null && !initialBackoff.isNegative(), "retry.initialBackoff",
                    "must be >= 0, was " + initialBackoff);
            p.check(multiplier >= 1.0 && multiplier <= 10, "retry.multiplier", "must be 1..10, was " + multiplier);
            p.check(maxBackoff != null && !maxBackoff.isNegative() && !maxBackoff.isZero(), "retry.maxBackoff",
                    "must be > 0, was " + maxBackoff);
            p.check(jitter >= 0 && jitter <= 1, "retry.jitter", "must be 0..1, was " + jitter);
            // waits are timers in nanoseconds on the harness loop: an hour is already longer than any call
            p.check(initialBackoff == null || initialBackoff.compareTo(MAX_BACKOFF) <= 0, "retry.initialBackoff",
                    "must be <= 1 hour, was " + initialBackoff);
            p.check(maxBackoff == null || maxBackoff.compareTo(MAX_BACKOFF) <= 0, "retry.maxBackoff",
                    "must be <= 1 hour, was " + maxBackoff);
            p.throwIfAny("retry policy");
            return new RetryPolicy(this);
        }
    }
}
