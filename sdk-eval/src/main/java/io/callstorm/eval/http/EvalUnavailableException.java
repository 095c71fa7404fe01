package io.callstorm.eval.http;

import java.time.Duration;
import java.util.Optional;

/**
 * The service could not be used: it kept answering 429 or 5xx, the connection failed or timed out (after the
 * configured retries), or a protection refused the call (the circuit breaker is open, the bulkhead is full,
 * or no rate-limiter permit came in time).
 */
public final class EvalUnavailableException extends EvalHttpException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final transient Duration retryAfter;

    public EvalUnavailableException(String message, int statusCode, boolean retryable, Duration retryAfter,
                                    Throwable cause) {
        super(message, statusCode, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** Whether another attempt might succeed (429, 5xx, I/O error), as opposed to a refused call. */
    public boolean retryable() {
        return retryable;
    }

    /** The server's Retry-After, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
