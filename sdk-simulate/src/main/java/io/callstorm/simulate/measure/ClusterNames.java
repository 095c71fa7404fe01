package io.callstorm.simulate.measure;

/**
 * The names of the error clusters: a degradation seen on a failed call's last reply points at one of them, and the
 * analysis names clusters by them. Kept here, beside the degradation signals, so that both ends use one spelling.
 */
public final class ClusterNames {
    public static final String RATE_LIMIT = "provider rate limit";
    public static final String CAPACITY = "provider capacity ceiling";
    public static final String GATEWAY_TIMEOUT = "gateway timeout";
    public static final String TOOL_TIMEOUT = "tool timeout cascade";
    public static final String POOL = "connection-pool exhaustion";
    public static final String CHURN = "connection churn";
    public static final String CONTEXT = "context overflow";
    public static final String CACHE_MISS = "prompt cache miss spike";
    public static final String SLOW_HANG_UP = "caller hang-up on slow response";
    public static final String RUN_END = "run ended mid-call";
    public static final String OTHER_PREFIX = "other: ";

    private ClusterNames() {
    }
}
