package io.callstorm.simulate.callers;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How simulated callers find their words: {@linkplain #scripted() scripted} (the default: each turn a phrasing of the
 * scenario step, in the persona's language and style) or {@linkplain #improvising(CallerModel) improvising} (each turn
 * written by a model given the persona, the path's goal, the row's hidden facts and the call so far, the scripted turn
 * being the fallback). Immutable: each setter returns a changed copy and checks its value at once.
 *
 * <p>Improvising is bounded, so that 10,000 calls do not mean 60,000 model requests:
 * <ul>
 *   <li>a <b>cache</b> of answers keyed by (persona, path, step, the call so far with its numbers masked): every
 *       caller in the same situation gets the one answer, and identical requests in flight are sent once, the others
 *       waiting for it ({@link #cacheSize(int)});</li>
 *   <li>a <b>token budget per call</b>: a call whose next request could overrun it says its scripted turns from then
 *       on ({@link #tokenBudgetPerCall(long)}); a cached answer costs nothing;</li>
 *   <li>a <b>cap on requests in flight</b> with a bounded queue behind it: a request that finds both full is not
 *       sent, and the caller says its scripted turn at once ({@link #maxConcurrentRequests(int)},
 *       {@link #maxQueuedRequests(int)});</li>
 *   <li>a <b>limit of requests per run</b> ({@link #maxRequests(long)}) and a <b>timeout</b> per turn
 *       ({@link #requestTimeout(Duration)}).</li>
 * </ul>
 * The model is never waited for on the harness loop: the caller's turn waits on the answer as it would think, then
 * speaks. On the virtual clock simulated time stands still while a model request is out.
 *
 * <pre>{@code
 * Simulation.builder()...
 *     .callers(CallerMode.improvising(CallerModel.chatCompletions(chat, 0.7))
 *         .tokenBudgetPerCall(3_000).maxConcurrentRequests(16).cacheSize(20_000))
 * }</pre>
 */
public final class CallerMode {
    public static final long DEFAULT_TOKEN_BUDGET_PER_CALL = 4_000;
    public static final int DEFAULT_MAX_TOKENS_PER_TURN = 80;
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 8;
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = 256;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    public static final long DEFAULT_MAX_REQUESTS = 5_000;

    private static final CallerMode SCRIPTED = new CallerMode(null, DEFAULT_TOKEN_BUDGET_PER_CALL,
            DEFAULT_MAX_TOKENS_PER_TURN, DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_MAX_QUEUED_REQUESTS,
            DEFAULT_REQUEST_TIMEOUT, DEFAULT_CACHE_SIZE, DEFAULT_MAX_REQUESTS);

    private final CallerModel model;
    private final long tokenBudgetPerCall;
    private final int maxTokensPerTurn;
    private final int maxConcurrentRequests;
    private final int maxQueuedRequests;
    private final Duration requestTimeout;
    private final int cacheSize;
    private final long maxRequests;

    private CallerMode(CallerModel model, long tokenBudgetPerCall, int maxTokensPerTurn, int maxConcurrentRequests,
                       int maxQueuedRequests, Duration requestTimeout, int cacheSize, long maxRequests) {
        this.model = model;
        this.tokenBudgetPerCall = tokenBudgetPerCall;
        this.maxTokensPerTurn = maxTokensPerTurn;
        this.maxConcurrentRequests = maxConcurrentRequests;
        this.maxQueuedRequests = maxQueuedRequests;
        this.requestTimeout = requestTimeout;
        this.cacheSize = cacheSize;
        this.maxRequests = maxRequests;
    }

    /** Callers say their scenario's phrasings: the default. */
    public static CallerMode scripted() {
        return SCRIPTED;
    }

    /** Callers improvise through {@code model}, with the default bounds. */
    public static CallerMode improvising(CallerModel model) {
        Objects.requireNonNull(model, "model");
        return new CallerMode(model, DEFAULT_TOKEN_BUDGET_PER_CALL, DEFAULT_MAX_TOKENS_PER_TURN,
                DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_MAX_QUEUED_REQUESTS, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_CACHE_SIZE, DEFAULT_MAX_REQUESTS);
    }

    /** The most prompt and answer tokens one call may spend on requests; 1 to 1,000,000. */
    public CallerMode tokenBudgetPerCall(long tokens) {
        check(tokens >= 1 && tokens <= 1_000_000, "tokenBudgetPerCall", "between 1 and 1,000,000", tokens);
        return new CallerMode(model, tokens, maxTokensPerTurn, maxConcurrentRequests, maxQueuedRequests,
                requestTimeout, cacheSize, maxRequests);
    }

    /** The most tokens one answer may have ({@code max_tokens}); 8 to 1,000. */
    public CallerMode maxTokensPerTurn(int tokens) {
        check(tokens >= 8 && tokens <= 1_000, "maxTokensPerTurn", "between 8 and 1,000", tokens);
        return new CallerMode(model, tokenBudgetPerCall, tokens, maxConcurrentRequests, maxQueuedRequests,
                requestTimeout, cacheSize, maxRequests);
    }

    /** The most requests in flight at once, each on a worker thread of the run's; 1 to 256. */
    public CallerMode maxConcurrentRequests(int requests) {
        check(requests >= 1 && requests <= 256, "maxConcurrentRequests", "between 1 and 256", requests);
        return new CallerMode(model, tokenBudgetPerCall, maxTokensPerTurn, requests, maxQueuedRequests,
                requestTimeout, cacheSize, maxRequests);
    }

    /**
     * The most requests waiting for one of the {@link #maxConcurrentRequests()}; past it a caller does not wait and
     * says its scripted turn ({@link FallbackReason#QUEUE_FULL}); 0 (never wait) to 100,000.
     */
    public CallerMode maxQueuedRequests(int requests) {
        check(requests >= 0 && requests <= 100_000, "maxQueuedRequests", "between 0 and 100,000", requests);
        return new CallerMode(model, tokenBudgetPerCall, maxTokensPerTurn, maxConcurrentRequests, requests,
                requestTimeout, cacheSize, maxRequests);
    }

    /** How long a caller waits for its turn's answer, queue included, before it says the scripted turn. */
    public CallerMode requestTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "requestTimeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("requestTimeout must be > 0 and <= 5 minutes, was " + timeout);
        }
        return new CallerMode(model, tokenBudgetPerCall, maxTokensPerTurn, maxConcurrentRequests, maxQueuedRequests,
                timeout, cacheSize, maxRequests);
    }

    /**
     * How many answers the cache keeps, the least recently used going first; 0 keeps none (every turn asks, and
     * identical requests are no longer sent once); 0 to 10,000,000.
     */
    public CallerMode cacheSize(int entries) {
        check(entries >= 0 && entries <= 10_000_000, "cacheSize", "between 0 and 10,000,000", entries);
        return new CallerMode(model, tokenBudgetPerCall, maxTokensPerTurn, maxConcurrentRequests, maxQueuedRequests,
                requestTimeout, entries, maxRequests);
    }

    /** The most requests the run sends in all; past it callers say their scripted turns; 1 to 100,000,000. */
    public CallerMode maxRequests(long requests) {
        check(requests >= 1 && requests <= 100_000_000, "maxRequests", "between 1 and 100,000,000", requests);
        return new CallerMode(model, tokenBudgetPerCall, maxTokensPerTurn, maxConcurrentRequests, maxQueuedRequests,
                requestTimeout, cacheSize, requests);
    }

    /** Whether callers improvise. */
    public boolean improvises() {
        return model != null;
    }

    /** The model of an improvising mode; empty when scripted. */
    public Optional<CallerModel> model() {
        return Optional.ofNullable(model);
    }

    /** {@code scripted} or {@code improvising}, as {@code report.json} names the mode. */
    public String wireName() {
        return model == null ? "scripted" : "improvising";
    }

    public long tokenBudgetPerCall() { return tokenBudgetPerCall; }
    public int maxTokensPerTurn() { return maxTokensPerTurn; }
    public int maxConcurrentRequests() { return maxConcurrentRequests; }
    public int maxQueuedRequests() { return maxQueuedRequests; }
    public Duration requestTimeout() { return requestTimeout; }
    public int cacheSize() { return cacheSize; }
    public long maxRequests() { return maxRequests; }

    @Override
    public String toString() {
        return model == null ? "CallerMode[scripted]" : "CallerMode[improvising with " + model.describe()
                + ", tokenBudgetPerCall=" + tokenBudgetPerCall + ", maxTokensPerTurn=" + maxTokensPerTurn
                + ", maxConcurrentRequests=" + maxConcurrentRequests + ", maxQueuedRequests=" + maxQueuedRequests
                + ", requestTimeout=" + requestTimeout + ", cacheSize=" + cacheSize + ", maxRequests=" + maxRequests
                + "]";
    }

    private static void check(boolean ok, String name, String allowed, long value) {
        if (!ok) {
            throw new IllegalArgumentException(name + " must be " + allowed + ", was " + value);
        }
    }
}
