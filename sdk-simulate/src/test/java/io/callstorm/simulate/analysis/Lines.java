package io.callstorm.simulate.analysis;

import io.callstorm.core.CallStatus;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.simulate.measure.CallLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds calls.jsonl lines for tests. */
final class Lines {
    private Lines() {
    }

    static CallLine.Turn caller(long atMs, int concurrency) {
        return new CallLine.Turn(CallLine.Speaker.CALLER, "hello", atMs, concurrency, Optional.empty(), Map.of(), List.of(), Map.of(), 0, Map.of());
    }

    static CallLine.Turn agent(long atMs, int concurrency, Map<String, List<Double>> stages, Map<String, String> annotations) {
        return agent(atMs, concurrency, stages, annotations, List.of());
    }

    static CallLine.Turn agent(long atMs, int concurrency, Map<String, List<Double>> stages, Map<String, String> annotations,
                               List<ToolCall> tools) {
        return new CallLine.Turn(CallLine.Speaker.AGENT, "Sure.", atMs, concurrency, Optional.of(400.0), stages, tools, annotations,
                concurrency, Map.of());
    }

    static CallLine completed(String id, double startedAt, int concurrency, List<CallLine.Turn> turns) {
        return new CallLine(id, 0, "p", "path", "RESOLVED", "", CallStatus.COMPLETED, startedAt, 2_000, concurrency, 0,
                Optional.empty(), Map.of(), turns, concurrency, concurrency);
    }

    static CallLine failed(String id, double startedAt, CallStatus status, CallLine.CallError error, List<CallLine.Turn> turns) {
        return new CallLine(id, 0, "p", "path", "RESOLVED", "", status, startedAt, 2_000, error.concurrency(), 0,
                Optional.of(error), Map.of(), new ArrayList<>(turns), error.concurrency(), error.concurrency());
    }

    static CallLine.CallError error(CallLine.ErrorKind kind, String stage, int status, int concurrency, String message) {
        return new CallLine.CallError(kind, stage, status, concurrency, message);
    }

    static CallLine.CallError hangUp(int concurrency, Optional<CallLine.Attempt> retrying) {
        return new CallLine.CallError(CallLine.ErrorKind.HUNG_UP, "user_perceived_gap", 0, concurrency,
                "caller hung up after 1800 ms of silence (patience 1800 ms)", CallLine.Timeout.PATIENCE, "", retrying,
                Optional.empty(), 0);
    }
}
