package io.callstorm.simulate.callers;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one improvising call may still spend on model requests, in tokens ({@link CallerMode#tokenBudgetPerCall()}).
 * A request is sent only when the call can pay for its prompt and the longest answer; it is charged what the model
 * reports it used (the estimate when it reports nothing). Answers from the cache are free.
 */
public final class CallBudget {
    private final AtomicLong remaining;

    CallBudget(long tokens) {
        this.remaining = new AtomicLong(tokens);
    }

    /** Tokens the call may still spend. */
    public long remaining() {
        return remaining.get();
    }

    boolean canPay(long tokens) {
        return remaining.get() >= tokens;
    }

    void spend(long tokens) {
        remaining.addAndGet(-tokens);
    }
}
