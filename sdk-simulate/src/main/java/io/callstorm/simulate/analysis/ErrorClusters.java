package io.callstorm.simulate.analysis;

import io.callstorm.simulate.engine.internal.RunMetrics.ErrorEvent;
import io.callstorm.simulate.report.ErrorCluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups failed calls into named clusters with a root cause and fixes. An error's cluster comes from its
 * classification at the edge (kind, status, stage) and, for calls the caller abandoned or that timed out,
 * from what the agent reported on the last turn it answered (an overloaded STT region, a TTS fallback, a
 * prompt-cache miss).
 */
public final class ErrorClusters {
    private record Catalog(String name, String stage, String rootCause, String quickFix, String longTermFix) {
    }

    private static final Catalog RATE_LIMIT = new Catalog("provider rate limit", "llm_ttft",
            "The LLM provider's token budget is exhausted at this load; requests get 429 with Retry-After and the "
                    + "caller waits through the retries.",
            "Trim the system prompt (fewer uncached tokens per request) and honour Retry-After with jitter.",
            "Raise the provider quota or reserve throughput; spread load across deployments.");
    private static final Catalog STT_CEILING = new Catalog("provider capacity ceiling", "stt_ttft",
            "The STT region's stream capacity is exceeded; transcripts fall behind and callers hang up on the "
                    + "silence.",
            "Enable failover of overflow streams to a second region.",
            "A capacity reservation with the STT provider, or multi-provider fanout.");
    private static final Catalog TTS_POOL = new Catalog("connection-pool exhaustion", "tts_first_audio",
            "The TTS streaming connection pool is exhausted; new sessions wait, then fall back to slower "
                    + "non-streaming synthesis.",
            "Grow the TTS connection pool.", "Add an overflow TTS provider; pre-warm connections at call start.");
    private static final Catalog CACHE = new Catalog("prompt cache miss spike", "llm_ttft",
            "Live conversations outgrow the provider's prompt cache; misses add 200-400 ms to time to first token.",
            "Reduce the system prompt so more prefixes fit.", "Partition the cache per tenant; pre-warm before peak.");
    private static final Catalog GATEWAY_TIMEOUT = new Catalog("gateway timeout", "user_perceived_gap",
            "The agent did not answer a turn within the turn timeout.",
            "Find the slow stage in the latency curves and add capacity there.",
            "Budget each stage's latency and fail fast with a spoken fallback.");
    private static final Catalog SLOW_HANG_UP = new Catalog("caller hang-up on slow response", "user_perceived_gap",
            "The silence after the caller's turn exceeded the persona's patience.",
            "Play a short acknowledgement while the pipeline works.", "Cut the slowest stage's tail latency.");
    private static final Catalog CHURN = new Catalog("connection churn", "agent",
            "Connections to the agent were reset or refused mid-call.",
            "Retry connection setup with backoff.", "Keep connections alive; scale the agent's ingress.");
    private static final Catalog SERVER = new Catalog("agent server error", "agent",
            "The agent or a provider answered 5xx.", "Retry with backoff.", "Find the failing dependency in its logs.");

    private ErrorClusters() {
    }

    /** Clusters, largest first; shares add up to 1 over all failed calls. */
    public static List<ErrorCluster> cluster(List<ErrorEvent> events) {
        Map<String, Acc> groups = new LinkedHashMap<>();
        for (ErrorEvent e : events) {
            Catalog c = classify(e);
            String key = c == null ? "other: " + mask(e.message()) : c.name();
            Catalog cat = c != null ? c : new Catalog(key, e.stage(), "Unclassified error: " + mask(e.message()),
                    "Inspect calls.jsonl for this message.", "Add a classification for it.");
            Acc a = groups.computeIfAbsent(key, k -> new Acc(cat, mask(e.message())));
            if (a.count++ == 0) {
                a.firstSeen = e.concurrency(); // events arrive in time order: this is the first one
            }
        }
        long total = events.size();
        List<ErrorCluster> out = new ArrayList<>();
        for (Acc a : groups.values()) {
            out.add(new ErrorCluster(a.catalog.name(), a.catalog.stage(), a.count,
                    Math.round(10_000.0 * a.count / total) / 10_000.0, a.firstSeen, a.catalog.rootCause(),
                    a.catalog.quickFix(), a.catalog.longTermFix(), a.example));
        }
        out.sort(Comparator.comparingLong(ErrorCluster::count).reversed());
        return out;
    }

    private static Catalog classify(ErrorEvent e) {
        switch (e.kind()) {
            case "RATE_LIMITED":
                return RATE_LIMIT;
            case "SERVER_ERROR":
                return SERVER;
            case "CONNECTION_RESET", "CONNECTION_REFUSED":
                return CHURN;
            case "HUNG_UP", "TIMEOUT":
                Map<String, String> a = e.annotations();
                if (a.containsKey("stt.overload")) {
                    return STT_CEILING;
                }
                if (a.containsKey("tts.fallback")) {
                    return TTS_POOL;
                }
                if ("false".equals(a.get("llm.cache_hit"))) {
                    return CACHE;
                }
                return e.kind().equals("TIMEOUT") ? GATEWAY_TIMEOUT : SLOW_HANG_UP;
            default:
                return null;
        }
    }

    /** Masks numbers and ids so messages that differ only there group together. */
    static String mask(String message) {
        return message.replaceAll("\\b[A-Za-z]+-\\d+\\b", "<id>").replaceAll("\\d+(\\.\\d+)?", "<n>");
    }

    private static final class Acc {
        final Catalog catalog;
        final String example;
        long count;
        int firstSeen;

        Acc(Catalog catalog, String example) {
            this.catalog = catalog;
            this.example = example;
        }
    }
}
