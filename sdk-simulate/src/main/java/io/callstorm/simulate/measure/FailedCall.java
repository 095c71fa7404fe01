package io.callstorm.simulate.measure;

import io.callstorm.core.CallStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What is kept of one call that did not complete, for its error cluster: its error and what the agent reported on
 * its last answered reply.
 *
 * @param callId         the call
 * @param endedAtSeconds when it ended, for "first seen"
 * @param status         how it ended
 * @param error          the error that ended it, when one was recorded
 * @param lastSignals    degradations reported on its last answered reply
 * @param lastStagesMs   the stage latencies of that reply, the largest per stage
 */
public record FailedCall(String callId, double endedAtSeconds, CallStatus status, Optional<CallLine.CallError> error,
                         List<DegradationSignals.Kind> lastSignals, Map<String, Double> lastStagesMs) {
    public FailedCall {
        lastSignals = List.copyOf(lastSignals);
        lastStagesMs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lastStagesMs)); // in order: ties go to the first
    }

    /** What is kept of {@code line}, a call that did not complete. */
    public static FailedCall of(CallLine line) {
        CallLine.Turn last = null;
        for (int i = line.turns().size() - 1; i >= 0 && last == null; i--) {
            if (line.turns().get(i).speaker() == CallLine.Speaker.AGENT) {
                last = line.turns().get(i);
            }
        }
        Map<String, Double> stages = new LinkedHashMap<>();
        if (last != null) {
            last.stagesMs().forEach((stage, values) -> values.stream().mapToDouble(Double::doubleValue).max()
                    .ifPresent(v -> stages.put(stage, v)));
        }
        return new FailedCall(line.callId(), line.endedAtSeconds(), line.status(), line.error(),
                last == null ? List.of() : DegradationSignals.of(last), stages);
    }

    /**
     * How it failed, in every respect its error cluster is decided by but the stage latencies of its last reply
     * (which the cluster of a caller who hung up on silence weighs against the run's low-load medians, known only at
     * the end): its status, its error's kind, status code, stage, wait, exception and message template, the error
     * being retried, and the degradations and stages its last reply reported. Calls of one way land in one cluster,
     * but for those hang-ups (and, rarely, messages that only a masked id or number told apart). Its ids and numbers
     * masked, a run has about as many ways as clusters.
     */
    public String way() {
        StringBuilder b = new StringBuilder().append(status);
        error.ifPresent(e -> {
            b.append('\u0000').append(e.kind()).append(' ').append(e.status()).append(' ').append(e.stage())
                    .append(' ').append(e.timeout()).append(' ').append(e.exception())
                    .append('\u0000').append(MessageTemplate.of(e.message()));
            e.retrying().ifPresent(r -> b.append('\u0000').append(r.kind()).append(' ').append(r.status())
                    .append(' ').append(r.stage()).append('\u0000').append(MessageTemplate.of(r.message())));
        });
        b.append('\u0000');
        lastSignals.forEach(k -> b.append(k.name()).append(','));
        b.append('\u0000').append(new TreeSet<>(lastStagesMs.keySet()));
        return b.toString();
    }

    /**
     * What the run keeps of it once its example is offered, until the clusters are built at the end: its last reply
     * (degradations and stage latencies, the bulk of it) only when the cluster may weigh it, which is for a caller who
     * hung up on silence (the blame of {@code ErrorClusters}); every other failure's cluster is decided by its status
     * and error alone. So a run of many failures holds a few hundred bytes per failure, not a map per failure.
     */
    public FailedCall kept() {
        boolean weighsLastReply = error.map(e -> e.timeout() != CallLine.Timeout.RUN_END
                && e.timeout() != CallLine.Timeout.TURN && e.timeout() != CallLine.Timeout.CALL
                && (e.timeout() != CallLine.Timeout.NONE || e.kind() == CallLine.ErrorKind.HUNG_UP)).orElse(false);
        return weighsLastReply ? this : new FailedCall(callId, endedAtSeconds, status, error, List.of(), Map.of());
    }

    /** The concurrency its error was recorded at, else {@code fallback}. */
    public int concurrency(int fallback) {
        return error.map(CallLine.CallError::concurrency).orElse(fallback);
    }
}
