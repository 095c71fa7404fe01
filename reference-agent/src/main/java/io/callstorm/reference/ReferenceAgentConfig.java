package io.callstorm.reference;

import io.callstorm.core.validation.ProblemCollector;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every knob of the reference agent's capacity models. Immutable; start from {@link #defaults()} and
 * change what you need with {@link #toBuilder()}, or apply quick fixes with {@link #withFixes(Set)}.
 *
 * <p>The defaults give, at 100 concurrent calls, P95 latencies near a production support agent's
 * (STT ~130 ms, LLM TTFT ~250 ms, TTS ~110 ms, tool ~180 ms) and capacity ceilings inside 10,000
 * concurrent calls: the STT region at 2,800 streams, the TTS pool at 5,000 connections, the prompt cache
 * and token budget as conversations pile up.
 *
 * <pre>{@code
 * ReferenceAgentConfig config = ReferenceAgentConfig.defaults().toBuilder()
 *     .sttRegionStreamCapacity(4_000)
 *     .build()
 *     .withFixes(EnumSet.of(Fix.TTS_POOL));
 * }</pre>
 */
public final class ReferenceAgentConfig {
    /** The stream limit of the primary STT region (concurrent streams decoded in real time). */
    public static final int DEFAULT_STT_REGION_STREAM_CAPACITY = 2_800;
    public static final int DEFAULT_TTS_POOL_SIZE = 5_000;
    public static final int FIXED_TTS_POOL_SIZE = 12_000;
    public static final int DEFAULT_SYSTEM_PROMPT_TOKENS = 1_800;
    public static final int PROMPT_TRIM_TOKENS = 600;

    /**
     * Speech-to-text provider.
     *
     * @param regionStreamCapacity   streams the primary region decodes in real time; beyond it decoding work
     *                               queues and every stream's partials fall behind by the overload factor
     * @param networkRttMillis       round trip to the primary region
     * @param decodeMedianMillis     median decode time to the first partial, unloaded
     * @param finalizeMedianMillis   median time from end of speech to the final transcript, unloaded
     * @param failover               whether streams beyond capacity go to a second region
     * @param failoverStreamCapacity the second region's capacity
     * @param failoverExtraRttMillis extra round trip to the second region
     */
    public record Stt(int regionStreamCapacity, int networkRttMillis, int decodeMedianMillis,
                      int finalizeMedianMillis, boolean failover, int failoverStreamCapacity,
                      int failoverExtraRttMillis) {
    }

    /**
     * Language-model provider.
     *
     * @param systemPromptTokens       tokens of the system prompt and tool schemas sent on every request
     * @param ttftMedianMillis         median time to first token on a prompt-cache hit
     * @param cacheCapacityTokens      size of the provider's prompt-prefix cache, shared by all conversations
     * @param cacheMissMinMillis       least extra time to first token on a cache miss
     * @param cacheMissMaxMillis       most extra time to first token on a cache miss
     * @param tokenBudgetPerSecond     uncached input plus output tokens the account may use per second;
     *                                 beyond it requests get 429 with Retry-After
     * @param outputTokensPerSecond    generation speed after the first token
     * @param contextWindowTokens      the most prompt tokens a request may carry; older turns are dropped
     * @param summarize                whether older turns are summarized instead of dropped
     * @param summaryTokens            size of such a summary
     */
    public record Llm(int systemPromptTokens, int ttftMedianMillis, long cacheCapacityTokens,
                      int cacheMissMinMillis, int cacheMissMaxMillis, long tokenBudgetPerSecond,
                      int outputTokensPerSecond, int contextWindowTokens, boolean summarize, int summaryTokens) {
    }

    /**
     * Tool backend shared by the agent's tools.
     *
     * @param serviceMedianMillis    median service time of a tool call, unloaded
     * @param workers                requests served at once; more wait in a queue
     * @param contentionInFlight     in-flight requests at which service time has doubled (lock and cache
     *                               contention grow with load)
     * @param slowPathPercent        share of calls that take the slow path (a cold query), in percent
     * @param slowPathMillis         median time of the slow path, unloaded
     * @param timeoutMillis          the agent gives up on a tool after this and answers with a fallback
     * @param retryOnTimeout         whether a timed-out call is retried once
     * @param retryBackoffMillis     wait before that retry
     */
    public record Tools(int serviceMedianMillis, int workers, int contentionInFlight, double slowPathPercent,
                        int slowPathMillis, int timeoutMillis, boolean retryOnTimeout, int retryBackoffMillis) {
    }

    /**
     * Text-to-speech provider.
     *
     * @param poolSize                   streaming WebSocket connections; a call holds one for its life
     * @param acquireTimeoutMillis       how long a turn waits for a pooled connection before falling back
     * @param streamingFirstAudioMillis  median first-audio time over a streaming connection
     * @param fallbackFirstAudioMillis   median first-audio time of non-streaming synthesis
     */
    public record Tts(int poolSize, int acquireTimeoutMillis, int streamingFirstAudioMillis,
                      int fallbackFirstAudioMillis) {
    }

    private final long seed;
    private final Stt stt;
    private final Llm llm;
    private final Tools tools;
    private final Tts tts;
    private final Set<Fix> fixes;

    private ReferenceAgentConfig(Builder b) {
        this.seed = b.seed;
        this.stt = new Stt(b.sttRegionStreamCapacity, b.sttNetworkRttMillis, b.sttDecodeMedianMillis,
                b.sttFinalizeMedianMillis, b.sttFailover, b.sttFailoverStreamCapacity, b.sttFailoverExtraRttMillis);
        this.llm = new Llm(b.llmSystemPromptTokens, b.llmTtftMedianMillis, b.llmCacheCapacityTokens,
                b.llmCacheMissMinMillis, b.llmCacheMissMaxMillis, b.llmTokenBudgetPerSecond,
                b.llmOutputTokensPerSecond, b.llmContextWindowTokens, b.llmSummarize, b.llmSummaryTokens);
        this.tools = new Tools(b.toolServiceMedianMillis, b.toolWorkers, b.toolContentionInFlight,
                b.toolSlowPathPercent, b.toolSlowPathMillis, b.toolTimeoutMillis, b.toolRetryOnTimeout,
                b.toolRetryBackoffMillis);
        this.tts = new Tts(b.ttsPoolSize, b.ttsAcquireTimeoutMillis, b.ttsStreamingFirstAudioMillis,
                b.ttsFallbackFirstAudioMillis);
        this.fixes = Collections.unmodifiableSet(b.fixes.isEmpty() ? EnumSet.noneOf(Fix.class) : EnumSet.copyOf(b.fixes));
    }

    /** The defaults described above, no fixes applied. */
    public static ReferenceAgentConfig defaults() {
        return new Builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This configuration with the quick fixes applied on top (fixes already applied stay). */
    public ReferenceAgentConfig withFixes(Set<Fix> more) {
        Builder b = toBuilder();
        for (Fix fix : more) {
            if (fixes.contains(fix)) {
                continue;
            }
            b.fixes.add(fix);
            switch (fix) {
                case STT_FAILOVER -> b.sttFailover = true;
                case PROMPT_TRIM -> b.llmSystemPromptTokens = Math.max(200, b.llmSystemPromptTokens - PROMPT_TRIM_TOKENS);
                case TOOL_RETRY -> b.toolRetryOnTimeout = true;
                case TTS_POOL -> b.ttsPoolSize = Math.max(b.ttsPoolSize, FIXED_TTS_POOL_SIZE);
                case SUMMARIZE -> b.llmSummarize = true;
            }
        }
        return b.build();
    }

    public long seed() { return seed; }
    public Stt stt() { return stt; }
    public Llm llm() { return llm; }
    public Tools tools() { return tools; }
    public Tts tts() { return tts; }
    /** The quick fixes applied. */
    public Set<Fix> fixes() { return fixes; }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.seed = seed;
        b.sttRegionStreamCapacity = stt.regionStreamCapacity();
        b.sttNetworkRttMillis = stt.networkRttMillis();
        b.sttDecodeMedianMillis = stt.decodeMedianMillis();
        b.sttFinalizeMedianMillis = stt.finalizeMedianMillis();
        b.sttFailover = stt.failover();
        b.sttFailoverStreamCapacity = stt.failoverStreamCapacity();
        b.sttFailoverExtraRttMillis = stt.failoverExtraRttMillis();
        b.llmSystemPromptTokens = llm.systemPromptTokens();
        b.llmTtftMedianMillis = llm.ttftMedianMillis();
        b.llmCacheCapacityTokens = llm.cacheCapacityTokens();
        b.llmCacheMissMinMillis = llm.cacheMissMinMillis();
        b.llmCacheMissMaxMillis = llm.cacheMissMaxMillis();
        b.llmTokenBudgetPerSecond = llm.tokenBudgetPerSecond();
        b.llmOutputTokensPerSecond = llm.outputTokensPerSecond();
        b.llmContextWindowTokens = llm.contextWindowTokens();
        b.llmSummarize = llm.summarize();
        b.llmSummaryTokens = llm.summaryTokens();
        b.toolServiceMedianMillis = tools.serviceMedianMillis();
        b.toolWorkers = tools.workers();
        b.toolContentionInFlight = tools.contentionInFlight();
        b.toolSlowPathPercent = tools.slowPathPercent();
        b.toolSlowPathMillis = tools.slowPathMillis();
        b.toolTimeoutMillis = tools.timeoutMillis();
        b.toolRetryOnTimeout = tools.retryOnTimeout();
        b.toolRetryBackoffMillis = tools.retryBackoffMillis();
        b.ttsPoolSize = tts.poolSize();
        b.ttsAcquireTimeoutMillis = tts.acquireTimeoutMillis();
        b.ttsStreamingFirstAudioMillis = tts.streamingFirstAudioMillis();
        b.ttsFallbackFirstAudioMillis = tts.fallbackFirstAudioMillis();
        b.fixes.addAll(fixes);
        return b;
    }

    @Override
    public String toString() {
        return "ReferenceAgentConfig{stt=" + stt + ", llm=" + llm + ", tools=" + tools + ", tts=" + tts
                + ", fixes=" + fixes + "}";
    }

    /** Builds a {@link ReferenceAgentConfig}; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private long seed = 42;
        private int sttRegionStreamCapacity = DEFAULT_STT_REGION_STREAM_CAPACITY;
        private int sttNetworkRttMillis = 30;
        private int sttDecodeMedianMillis = 72;
        private int sttFinalizeMedianMillis = 45;
        private boolean sttFailover;
        private int sttFailoverStreamCapacity = 8_000;
        private int sttFailoverExtraRttMillis = 20;
        private int llmSystemPromptTokens = DEFAULT_SYSTEM_PROMPT_TOKENS;
        private int llmTtftMedianMillis = 175;
        private long llmCacheCapacityTokens = 11_000_000;
        private int llmCacheMissMinMillis = 200;
        private int llmCacheMissMaxMillis = 400;
        private long llmTokenBudgetPerSecond = 9_500_000;
        private int llmOutputTokensPerSecond = 90;
        private int llmContextWindowTokens = 3_100;
        private boolean llmSummarize;
        private int llmSummaryTokens = 150;
        private int toolServiceMedianMillis = 105;
        private int toolWorkers = 600;
        private int toolContentionInFlight = 800;
        private double toolSlowPathPercent = 2.0;
        private int toolSlowPathMillis = 620;
        private int toolTimeoutMillis = 1_000;
        private boolean toolRetryOnTimeout;
        private int toolRetryBackoffMillis = 500;
        private int ttsPoolSize = DEFAULT_TTS_POOL_SIZE;
        private int ttsAcquireTimeoutMillis = 150;
        private int ttsStreamingFirstAudioMillis = 78;
        private int ttsFallbackFirstAudioMillis = 210;
        private final Set<Fix> fixes = EnumSet.noneOf(Fix.class);

        private Builder() {
        }

        public Builder seed(long v) { seed = v; return this; }
        public Builder sttRegionStreamCapacity(int v) { sttRegionStreamCapacity = v; return this; }
        public Builder sttNetworkRttMillis(int v) { sttNetworkRttMillis = v; return this; }
        public Builder sttDecodeMedianMillis(int v) { sttDecodeMedianMillis = v; return this; }
        public Builder sttFinalizeMedianMillis(int v) { sttFinalizeMedianMillis = v; return this; }
        public Builder sttFailover(boolean v) { sttFailover = v; return this; }
        public Builder sttFailoverStreamCapacity(int v) { sttFailoverStreamCapacity = v; return this; }
        public Builder sttFailoverExtraRttMillis(int v) { sttFailoverExtraRttMillis = v; return this; }
        public Builder llmSystemPromptTokens(int v) { llmSystemPromptTokens = v; return this; }
        public Builder llmTtftMedianMillis(int v) { llmTtftMedianMillis = v; return this; }
        public Builder llmCacheCapacityTokens(long v) { llmCacheCapacityTokens = v; return this; }
        public Builder llmCacheMissMillis(int min, int max) { llmCacheMissMinMillis = min; llmCacheMissMaxMillis = max; return this; }
        public Builder llmTokenBudgetPerSecond(long v) { llmTokenBudgetPerSecond = v; return this; }
        public Builder llmOutputTokensPerSecond(int v) { llmOutputTokensPerSecond = v; return this; }
        public Builder llmContextWindowTokens(int v) { llmContextWindowTokens = v; return this; }
        public Builder llmSummarize(boolean v) { llmSummarize = v; return this; }
        public Builder llmSummaryTokens(int v) { llmSummaryTokens = v; return this; }
        public Builder toolServiceMedianMillis(int v) { toolServiceMedianMillis = v; return this; }
        public Builder toolWorkers(int v) { toolWorkers = v; return this; }
        public Builder toolContentionInFlight(int v) { toolContentionInFlight = v; return this; }
        public Builder toolSlowPathPercent(double v) { toolSlowPathPercent = v; return this; }
        public Builder toolSlowPathMillis(int v) { toolSlowPathMillis = v; return this; }
        public Builder toolTimeoutMillis(int v) { toolTimeoutMillis = v; return this; }
        public Builder toolRetryOnTimeout(boolean v) { toolRetryOnTimeout = v; return this; }
        public Builder toolRetryBackoffMillis(int v) { toolRetryBackoffMillis = v; return this; }
        public Builder ttsPoolSize(int v) { ttsPoolSize = v; return this; }
        public Builder ttsAcquireTimeoutMillis(int v) { ttsAcquireTimeoutMillis = v; return this; }
        public Builder ttsStreamingFirstAudioMillis(int v) { ttsStreamingFirstAudioMillis = v; return this; }
        public Builder ttsFallbackFirstAudioMillis(int v) { ttsFallbackFirstAudioMillis = v; return this; }

        public ReferenceAgentConfig build() {
            ProblemCollector p = new ProblemCollector();
            positive(p, "stt.regionStreamCapacity", sttRegionStreamCapacity);
            nonNegative(p, "stt.networkRttMillis", sttNetworkRttMillis);
            positive(p, "stt.decodeMedianMillis", sttDecodeMedianMillis);
            positive(p, "stt.finalizeMedianMillis", sttFinalizeMedianMillis);
            positive(p, "stt.failoverStreamCapacity", sttFailoverStreamCapacity);
            nonNegative(p, "stt.failoverExtraRttMillis", sttFailoverExtraRttMillis);
            positive(p, "llm.systemPromptTokens", llmSystemPromptTokens);
            positive(p, "llm.ttftMedianMillis", llmTtftMedianMillis);
            p.check(llmCacheCapacityTokens >= 0, "llm.cacheCapacityTokens", "must be >= 0, was " + llmCacheCapacityTokens);
            p.check(llmCacheMissMinMillis >= 0 && llmCacheMissMaxMillis >= llmCacheMissMinMillis, "llm.cacheMissMillis",
                    "must be 0 <= min <= max, was " + llmCacheMissMinMillis + ".." + llmCacheMissMaxMillis);
            p.check(llmTokenBudgetPerSecond > 0, "llm.tokenBudgetPerSecond", "must be > 0, was " + llmTokenBudgetPerSecond);
            positive(p, "llm.outputTokensPerSecond", llmOutputTokensPerSecond);
            p.check(llmContextWindowTokens > llmSystemPromptTokens + 200, "llm.contextWindowTokens",
                    "must exceed the system prompt by at least 200 tokens (" + (llmSystemPromptTokens + 200)
                            + "), was " + llmContextWindowTokens);
            positive(p, "llm.summaryTokens", llmSummaryTokens);
            positive(p, "tools.serviceMedianMillis", toolServiceMedianMillis);
            positive(p, "tools.workers", toolWorkers);
            positive(p, "tools.contentionInFlight", toolContentionInFlight);
            p.check(toolSlowPathPercent >= 0 && toolSlowPathPercent <= 100, "tools.slowPathPercent",
                    "must be between 0 and 100, was " + toolSlowPathPercent);
            positive(p, "tools.slowPathMillis", toolSlowPathMillis);
            positive(p, "tools.timeoutMillis", toolTimeoutMillis);
            nonNegative(p, "tools.retryBackoffMillis", toolRetryBackoffMillis);
            positive(p, "tts.poolSize", ttsPoolSize);
            nonNegative(p, "tts.acquireTimeoutMillis", ttsAcquireTimeoutMillis);
            positive(p, "tts.streamingFirstAudioMillis", ttsStreamingFirstAudioMillis);
            positive(p, "tts.fallbackFirstAudioMillis", ttsFallbackFirstAudioMillis);
            p.throwIfAny("reference agent configuration");
            return new ReferenceAgentConfig(this);
        }

        private static void positive(ProblemCollector p, String path, long value) {
            p.check(value > 0, path, "must be > 0, was " + value);
        }

        private static void nonNegative(ProblemCollector p, String path, long value) {
            p.check(value >= 0, path, "must be >= 0, was " + value);
        }
    }
}
