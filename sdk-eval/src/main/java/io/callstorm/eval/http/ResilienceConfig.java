package io.callstorm.eval.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the judge and the remote eval client protect themselves and the service they call. Immutable; start
 * from {@link #defaults()} or {@link #custom()}.
 *
 * <ul>
 *   <li><b>timeouts</b>: each HTTP attempt must finish within {@code callTimeout} (OkHttp's call timeout:
 *       connect, write, wait and read together);</li>
 *   <li><b>retry</b>: 429, 5xx and I/O errors (a reset connection, a timeout) are retried up to
 *       {@code maxAttempts} attempts in all, waiting {@code initialBackoff} * {@code backoffMultiplier}^(n-1),
 *       at most {@code maxBackoff}, spread by +/- {@code jitter}; a {@code Retry-After} header is honoured
 *       instead, up to {@code maxRetryAfter}. 400, 401 and 403 are never retried;</li>
 *   <li><b>rate limiter</b>: at most {@code requestsPerSecond} attempts start per second; a caller waits up to
 *       {@code maxWaitForPermit} for one;</li>
 *   <li><b>bulkhead</b>: at most {@code maxConcurrentCalls} attempts in flight; a caller waits up to
 *       {@code maxWaitForPermit} for a slot;</li>
 *   <li><b>circuit breaker</b>: when at least {@code failureRateThresholdPercent} of the last
 *       {@code slidingWindowSize} attempts (once there were {@code minimumNumberOfCalls}) failed with a 429,
 *       5xx or I/O error, calls fail fast for {@code waitInOpenState}; then {@code permittedCallsInHalfOpenState}
 *       trial calls decide whether it closes again.</li>
 * </ul>
 *
 * <pre>{@code
 * ResilienceConfig config = ResilienceConfig.custom()
 *     .callTimeout(Duration.ofSeconds(20))
 *     .maxAttempts(4)
 *     .requestsPerSecond(20)
 *     .build();
 * }</pre>
 */
public final class ResilienceConfig {
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    public static final double DEFAULT_JITTER = 0.5;
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);
    public static final int DEFAULT_REQUESTS_PER_SECOND = 50;
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 16;
    public static final Duration DEFAULT_MAX_WAIT_FOR_PERMIT = Duration.ofSeconds(30);
    public static final int DEFAULT_FAILURE_RATE_THRESHOLD_PERCENT = 50;
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;
    public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 10;
    public static final Duration DEFAULT_WAIT_IN_OPEN_STATE = Duration.ofSeconds(30);
    public static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 2;

    private static final ResilienceConfig DEFAULTS = custom().build();

    private final Duration callTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final double backoffMultiplier;
    private final Duration maxBackoff;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final int requestsPerSecond;
    private final int maxConcurrentCalls;
    private final Duration maxWaitForPermit;
    private final int failureRateThresholdPercent;
    private final int slidingWindowSize;
    private final int minimumNumberOfCalls;
    private final Duration waitInOpenState;
    private final int permittedCallsInHalfOpenState;

    private ResilienceConfig(Builder b) {
        this.callTimeout = b.callTimeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.backoffMultiplier = b.backoffMultiplier;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.maxRetryAfter = b.maxRetryAfter;
        this.requestsPerSecond = b.requestsPerSecond;
        this.maxConcurrentCalls = b.maxConcurrentCalls;
        this.maxWaitForPermit = b.maxWaitForPermit;
        this.failureRateThresholdPercent = b.failureRateThresholdPercent;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumNumberOfCalls = b.minimumNumberOfCalls;
        this.waitInOpenState = b.waitInOpenState;
        this.permittedCallsInHalfOpenState = b.permittedCallsInHalfOpenState;
    }

    /** The defaults, the {@code DEFAULT_*} constants. */
    public static ResilienceConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.callTimeout = callTimeout;
        b.maxAttempts = maxAttempts;
        b.initialBackoff = initialBackoff;
        b.backoffMultiplier = backoffMultiplier;
        b.maxBackoff = maxBackoff;
        b.jitter = jitter;
        b.maxRetryAfter = maxRetryAfter;
        b.requestsPerSecond = requestsPerSecond;
        b.maxConcurrentCalls = maxConcurrentCalls;
        b.maxWaitForPermit = maxWaitForPermit;
        b.failureRateThresholdPercent = failureRateThresholdPercent;
        b.slidingWindowSize = slidingWindowSize;
        b.minimumNumberOfCalls = minimumNumberOfCalls;
        b.waitInOpenState = waitInOpenState;
        b.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
        return b;
    }

    public Duration callTimeout() { return callTimeout; }
    public int maxAttempts() { return maxAttempts; }
    public Duration initialBackoff() { return initialBackoff; }
    public double backoffMultiplier() { return backoffMultiplier; }
    public Duration maxBackoff() { return maxBackoff; }
    public double jitter() { return jitter; }
    public Duration maxRetryAfter() { return maxRetryAfter; }
    public int requestsPerSecond() { return requestsPerSecond; }
    public int maxConcurrentCalls() { return maxConcurrentCalls; }
    public Duration maxWaitForPermit() { return maxWaitForPermit; }
    public int failureRateThresholdPercent() { return failureRateThresholdPercent; }
    public int slidingWindowSize() { return slidingWindowSize; }
    public int minimumNumberOfCalls() { return minimumNumberOfCalls; }
    public Duration waitInOpenState() { return waitInOpenState; }
    public int permittedCallsInHalfOpenState() { return permittedCallsInHalfOpenState; }

    @Override
    public String toString() {
        return "ResilienceConfig{callTimeout=" + callTimeout + ", maxAttempts=" + maxAttempts
                + ", initialBackoff=" + initialBackoff + ", backoffMultiplier=" + backoffMultiplier
                + ", maxBackoff=" + maxBackoff + ", jitter=" + jitter + ", maxRetryAfter=" + maxRetryAfter
                + ", requestsPerSecond=" + requestsPerSecond + ", maxConcurrentCalls=" + maxConcurrentCalls
                + ", maxWaitForPermit=" + maxWaitForPermit
                + ", failureRateThresholdPercent=" + failureRateThresholdPercent
                + ", slidingWindowSize=" + slidingWindowSize + ", minimumNumberOfCalls=" + minimumNumberOfCalls
                + ", waitInOpenState=" + waitInOpenState
                + ", permittedCallsInHalfOpenState=" + permittedCallsInHalfOpenState + "}";
    }

    /** Builder; each setter checks its value and says what is wrong. */
    public static final class Builder {
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double jitter = DEFAULT_JITTER;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private int requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;
        private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
        private Duration maxWaitForPermit = DEFAULT_MAX_WAIT_FOR_PERMIT;
        private int failureRateThresholdPercent = DEFAULT_FAILURE_RATE_THRESHOLD_PERCENT;
        private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
        private int minimumNumberOfCalls = DEFAULT_MINIMUM_NUMBER_OF_CALLS;
        private Duration waitInOpenState = DEFAULT_WAIT_IN_OPEN_STATE;
        private int permittedCallsInHalfOpenState = DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE;

        private Builder() {
        }

        /** Longest time one HTTP attempt may take, end to end. */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = positive("callTimeout", timeout);
            return this;
        }

        /** Attempts in all, including the first; 1 disables retries. */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = atLeast("maxAttempts", attempts, 1);
            return this;
        }

        /** Wait before the first retry when the server gave no Retry-After. */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = notNegative("initialBackoff", backoff);
            return this;
        }

        /** Factor on the wait for each further retry; at least 1. */
        public Builder backoffMultiplier(double multiplier) {
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("backoffMultiplier must be >= 1, was " + multiplier);
            }
            this.backoffMultiplier = multiplier;
            return this;
        }

        /** Longest wait between retries without a Retry-After. */
        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = notNegative("maxBackoff", backoff);
            return this;
        }

        /** Random spread of each backoff, 0 (none) to 1 (anywhere from 0 to twice the wait). */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /** Longest Retry-After honoured; a longer one is cut to this. */
        public Builder maxRetryAfter(Duration max) {
            this.maxRetryAfter = notNegative("maxRetryAfter", max);
            return this;
        }

        /** Attempts started per second, at most. */
        public Builder requestsPerSecond(int perSecond) {
            this.requestsPerSecond = atLeast("requestsPerSecond", perSecond, 1);
            return this;
        }

        /** Attempts in flight at once, at most. */
        public Builder maxConcurrentCalls(int calls) {
            this.maxConcurrentCalls = atLeast("maxConcurrentCalls", calls, 1);
            return this;
        }

        /** Longest wait for a rate-limiter permit or a bulkhead slot before failing. */
        public Builder maxWaitForPermit(Duration wait) {
            this.maxWaitForPermit = notNegative("maxWaitForPermit", wait);
            return this;
        }

        /** Failure rate, in percent, that opens the circuit. */
        public Builder failureRateThresholdPercent(int percent) {
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("failureRateThresholdPercent must be between 1 and 100, was " + percent);
            }
            this.failureRateThresholdPercent = percent;
            return this;
        }

        /** How many recent attempts the failure rate is computed over. */
        public Builder slidingWindowSize(int size) {
            this.slidingWindowSize = atLeast("slidingWindowSize", size, 1);
            return this;
        }

        /** Attempts needed before the failure rate can open the circuit. */
        public Builder minimumNumberOfCalls(int calls) {
            this.minimumNumberOfCalls = atLeast("minimumNumberOfCalls", calls, 1);
            return this;
        }

        /** How long an open circuit fails calls fast before letting trial calls through. */
        public Builder waitInOpenState(Duration wait) {
            this.waitInOpenState = positive("waitInOpenState", wait);
            return this;
        }

        /** Trial calls in the half-open state. */
        public Builder permittedCallsInHalfOpenState(int calls) {
            this.permittedCallsInHalfOpenState = atLeast("permittedCallsInHalfOpenState", calls, 1);
            return this;
        }

        public ResilienceConfig build() {
            if (minimumNumberOfCalls > slidingWindowSize) {
                throw new IllegalArgumentException("minimumNumberOfCalls (" + minimumNumberOfCalls
                        + ") must not exceed slidingWindowSize (" + slidingWindowSize + ")");
            }
            return new ResilienceConfig(this);
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, was " + d);
            }
            return d;
        }

        private static Duration notNegative(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must be >= 0, was " + d);
            }
            return d;
        }

        private static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
            }
            return value;
        }
    }
}
