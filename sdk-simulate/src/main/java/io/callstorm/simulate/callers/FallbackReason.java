package io.callstorm.simulate.callers;

import java.util.Locale;

/** Why an improvising caller said its scripted turn instead of the model's: {@code report.json}'s reason names. */
public enum FallbackReason {
    /** The call's token budget ({@link CallerMode#tokenBudgetPerCall()}) could not pay for another request. */
    BUDGET,
    /** The run had sent {@link CallerMode#maxRequests()} requests already. */
    REQUEST_LIMIT,
    /** {@link CallerMode#maxConcurrentRequests()} were in flight and {@link CallerMode#maxQueuedRequests()} waiting. */
    QUEUE_FULL,
    /** No answer within {@link CallerMode#requestTimeout()}. */
    TIMEOUT,
    /** The model's endpoint failed (an HTTP error, retries exhausted, a circuit open, an exception). */
    ERROR,
    /** The answer was empty, cut at the token limit, too long, or spoke out of role. */
    UNUSABLE;

    /** The name in {@code report.json}, e.g. {@code queue_full}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
