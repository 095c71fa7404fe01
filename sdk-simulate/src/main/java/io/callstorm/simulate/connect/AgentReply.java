package io.callstorm.simulate.connect;

import io.callstorm.core.secret.Secrets;
import io.callstorm.core.transcript.ToolCall;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The agent's complete answer to one caller turn.
 *
 * @param turnIndex     the caller turn it answers
 * @param text          what the agent said
 * @param audioDuration how long the answer takes to play, in real (unscaled) time
 * @param toolCalls     the tools the agent called for it
 * @param stages        stage latencies the agent reported
 * @param annotations   what the agent reported about how it produced the answer (e.g.
 *                      {@code llm.cache_hit=false}, {@code tool.fallback=get_open_tickets}); used to name
 *                      degradations; kept in key order, so that calls.jsonl lists them the same way in every run
 *                      (an immutable {@code Map.copyOf} iterates in an order that changes from one JVM to the next)
 */
public record AgentReply(int turnIndex, String text, Duration audioDuration, List<ToolCall> toolCalls,
                         List<StageTiming> stages, Map<String, String> annotations) {
    public AgentReply {
        // masked at the edge, before anything clips it: a scorer quoting the first 40 characters of a reply that
        // echoes a key would otherwise cut the key where no redactor can recognise it
        text = Secrets.redact(Objects.requireNonNull(text, "text"));
        Objects.requireNonNull(audioDuration, "audioDuration");
        toolCalls = List.copyOf(toolCalls);
        stages = List.copyOf(stages);
        TreeMap<String, String> sorted = new TreeMap<>();
        annotations.forEach((k, v) -> sorted.put(Objects.requireNonNull(k, "annotation key"),
                Objects.requireNonNull(v, "annotation value")));
        annotations = Collections.unmodifiableSortedMap(sorted);
    }
}
