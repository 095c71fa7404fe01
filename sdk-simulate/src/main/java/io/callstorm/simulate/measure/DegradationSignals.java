package io.callstorm.simulate.measure;

import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the degradations of one agent reply from what the agent reported about it: its annotations, by naming
 * convention ({@code <component>.cache_hit=false}, {@code <component>.fallback}, {@code <component>.overload},
 * {@code <component>.context_dropped_turns}, {@code <component>.region=failover}), and the statuses of its tool
 * calls. Nothing here knows an agent's settings: a reply either carries a signal or it does not.
 */
public final class DegradationSignals {
    /** A kind of degradation: what a reply carried, and what it means. */
    public record Kind(String name, String signal, String stage, String rootCause, String quickFix, String longTermFix,
                String failureCluster) {
    }

    public static final Kind CACHE_MISS = new Kind("prompt cache miss spike", "llm.cache_hit=false", "llm_ttft",
            "The LLM provider's prompt cache missed: the whole prompt was processed again, adding hundreds of ms to "
                    + "time to first token. A miss rate that rises with concurrency means live conversations outgrow "
                    + "the cache and it thrashes.",
            "Shorten the system prompt so more conversation prefixes fit in the cache.",
            "Partition the cache per tenant and pre-warm it before peak.", ClusterNames.CACHE_MISS);
    public static final Kind TOOL_TIMEOUT = new Kind("tool timeout cascade", "tool.fallback | tool_call.status=TIMEOUT",
            "tool_call",
            "A tool call timed out and the agent answered with a fallback instead of the result; timed-out requests "
                    + "still load the backend, so under load timeouts feed more timeouts.",
            "Retry the tool once with a short backoff before falling back.",
            "Give tools a latency budget and capacity for peak; write fallback replies that still move the task on.",
            ClusterNames.TOOL_TIMEOUT);
    public static final Kind TOOL_ERROR = new Kind("tool error", "tool_call.status=ERROR", "tool_call",
            "A tool call failed and the agent answered without its result.", "Retry idempotent tool calls once.",
            "Find the failing dependency behind the tool.", ClusterNames.SLOW_HANG_UP);
    public static final Kind CONTEXT = new Kind("context overflow", "llm.context_dropped_turns", "llm_ttft",
            "The conversation outgrew the model's context window and early turns were dropped: the agent forgets "
                    + "what the caller said at the start (an account number, the problem).",
            "Summarise older turns instead of dropping them.",
            "Keep structured conversation state (slots) outside the prompt; cap tool output in the context.",
            ClusterNames.CONTEXT);
    public static final Kind TTS_FALLBACK = new Kind("TTS non-streaming fallback", "tts.fallback", "tts_first_audio",
            "No streaming TTS connection was free (connection-pool exhaustion), so the reply was synthesised "
                    + "without streaming: first audio comes later.",
            "Grow the TTS streaming connection pool.",
            "Add an overflow TTS provider; pre-warm connections at call start.", ClusterNames.POOL);
    public static final Kind STT_OVERLOAD = new Kind("STT overload", "stt.overload", "stt_ttft",
            "The speech-to-text provider ran over its capacity (provider capacity ceiling): transcripts fall "
                    + "behind real time and every stage after them waits.",
            "Fail over streams beyond the capacity to a second region.",
            "A capacity reservation with the STT provider, or multi-provider fan-out.", ClusterNames.CAPACITY);
    public static final Kind STT_FAILOVER = new Kind("STT region failover", "stt.region=failover", "stt_ttft",
            "The primary STT region was full and the stream was served by the failover region, with its extra "
                    + "network round trip.",
            "Nothing urgent: failover is working; watch the failover region's own capacity.",
            "Reserve capacity in the primary region for the expected peak.", ClusterNames.CAPACITY);

    private static final Map<String, Kind> KNOWN = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        for (Kind k : List.of(STT_OVERLOAD, STT_FAILOVER, CACHE_MISS, CONTEXT, TOOL_TIMEOUT, TOOL_ERROR, TTS_FALLBACK)) {
            KNOWN.put(k.name(), k);
        }
    }

    private DegradationSignals() {
    }

    /** The kinds of degradation one agent reply shows, each once, in a stable order. */
    public static List<Kind> of(CallLine.Turn turn) {
        List<Kind> kinds = new ArrayList<>(2);
        for (Map.Entry<String, String> a : turn.annotations().entrySet()) {
            Kind k = fromAnnotation(a.getKey(), a.getValue());
            if (k != null && !kinds.contains(k)) {
                kinds.add(k);
            }
        }
        for (ToolCall t : turn.toolCalls()) {
            Kind k = t.status() == ToolCallStatus.TIMEOUT ? TOOL_TIMEOUT : t.status() == ToolCallStatus.ERROR ? TOOL_ERROR : null;
            if (k != null && !kinds.contains(k)) {
                kinds.add(k);
            }
        }
        if (kinds.size() > 1) {
            kinds.sort((x, y) -> x.name().compareTo(y.name())); // annotation maps have no order of their own
        }
        return kinds;
    }

    /** The kind an annotation signals, or null when it is informational (e.g. {@code llm.prompt_tokens}). */
    public static Kind fromAnnotation(String key, String value) {
        int dot = key.lastIndexOf('.');
        if (dot <= 0 || !isSignal(key, dot + 1)) {
            return null; // most annotations are informational (token counts): no substring, no lower-casing
        }
        String component = key.substring(0, dot);
        String attribute = key.substring(dot + 1);
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        switch (attribute) {
            case "cache_hit":
                return v.equals("false") ? known(component, "llm", CACHE_MISS, "cache miss", key + "=false") : null;
            case "fallback":
                if (v.isEmpty() || v.equals("false")) {
                    return null;
                }
                if (component.equals("tool")) {
                    return TOOL_TIMEOUT;
                }
                return known(component, "tts", TTS_FALLBACK, "fallback", key);
            case "overload":
                return isAbove(v, 1.0) ? known(component, "stt", STT_OVERLOAD, "overload", key) : null;
            case "context_dropped_turns":
                return isAbove(v, 0.0) ? CONTEXT : null;
            case "region":
                return v.equals("failover") ? known(component, "stt", STT_FAILOVER, "region failover", key + "=failover")
                        : null;
            default:
                return null;
        }
    }

    private static final List<String> SIGNALS = List.of("cache_hit", "fallback", "overload", "context_dropped_turns",
            "region");

    /** Whether the attribute of {@code key} starting at {@code from} is one of those {@link #fromAnnotation} reads. */
    private static boolean isSignal(String key, int from) {
        int length = key.length() - from;
        for (String s : SIGNALS) {
            if (s.length() == length && key.startsWith(s, from)) {
                return true;
            }
        }
        return false;
    }

    /** The catalogued kind for a well-known component, else a generic kind named after the component. */
    private static Kind known(String component, String knownComponent, Kind knownKind, String what, String signal) {
        if (component.equals(knownComponent)) {
            return knownKind;
        }
        String stage = stageOf(component);
        String name = component + " " + what;
        return KNOWN.computeIfAbsent(name, n -> new Kind(n, signal, stage,
                "The agent reported " + signal + " on its replies: " + component + " degraded without failing.",
                "Compare its rate at the lowest and the peak concurrency to see whether load causes it.",
                "Add capacity or a fallback for " + component + ".", knownKind.failureCluster()));
    }

    private static boolean isAbove(String v, double limit) {
        try {
            return Double.parseDouble(v) > limit;
        } catch (NumberFormatException e) {
            return !v.isEmpty() && !v.equals("false"); // a non-numeric value still says it happened
        }
    }

    /** The stage a component's latency shows in, by the usual component names; {@code agent} otherwise. */
    static String stageOf(String component) {
        return switch (component) {
            case "stt", "asr" -> "stt_ttft";
            case "llm", "model" -> "llm_ttft";
            case "tts" -> "tts_first_audio";
            case "tool", "tools" -> "tool_call";
            default -> "agent";
        };
    }
}
