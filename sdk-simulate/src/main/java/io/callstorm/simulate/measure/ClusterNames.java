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
    /**
     * Connections to the agent reset or closed, and connections it refused: two clusters under one name, each with
     * its own root cause and fixes (the name is kept from earlier versions; the evidence shows the kind).
     */
    public static final String CHURN = "connection churn";
    /** The agent answered a turn with a 5xx (other than 503/529 and 504) or an error event mid-stream. */
    public static final String SERVER_ERROR = "agent server error";
    /** The agent's stream could not be parsed: a malformed chunk or event, bytes that are not HTTP. */
    public static final String PROTOCOL = "agent protocol error";
    /** The agent answered 200 with a body that is not an event stream (an HTML page, a JSON object). */
    public static final String NOT_SSE = "non-SSE response";
    /** The agent's stream ended mid-answer, before {@code [DONE]} and with no {@code finish_reason}. */
    public static final String TRUNCATED = "stream cut before [DONE]";
    public static final String CONTEXT = "context overflow";
    public static final String CACHE_MISS = "prompt cache miss spike";
    public static final String SLOW_HANG_UP = "caller hang-up on slow response";
    public static final String RUN_END = "run ended mid-call";
    public static final String OTHER_PREFIX = "other: ";

    private ClusterNames() {
    }
}
