package io.callstorm.reference.internal;

/**
 * The LLM account's per-second token budget as a token bucket (one second of burst). A new request that
 * does not fit is refused with the time until it would; follow-up requests within a turn are charged even
 * into debt, as providers bill tokens already in flight.
 */
final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    TokenBucket(long perSecond, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.capacity = perSecond;
        this.tokens = perSecond;
        this.lastNanos = nowNanos;
    }

    /** Takes {@code cost} tokens if available; returns 0, or the nanoseconds until it would fit. */
    long tryTake(long cost, long nowNanos) {
        refill(nowNanos);
        if (tokens >= cost) {
            tokens -= cost;
            return 0;
        }
        return (long) Math.ceil((cost - tokens) / perNano);
    }

    void charge(long cost, long nowNanos) {
        refill(nowNanos);
        tokens -= cost;
    }

    private void refill(long nowNanos) {
        // a reading before the last one (the agent moved from a run's simulated clock back to the real one) adds none
        tokens = Math.min(capacity, tokens + Math.max(0, nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
    }
}
