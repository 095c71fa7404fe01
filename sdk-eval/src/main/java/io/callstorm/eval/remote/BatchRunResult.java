package io.callstorm.eval.remote;

import java.util.List;

/**
 * What an evaluate call returns, the Python SDK's {@code BatchRunResult}: the evaluations the service ran,
 * and, for a batch, the requests that failed (a single {@code evaluate} throws instead).
 *
 * @param evalResults every evaluation returned, in request order
 * @param failures    requests of a batch that got no result
 */
public record BatchRunResult(List<RemoteEvalResult> evalResults, List<FailedEval> failures) {
    public BatchRunResult {
        evalResults = List.copyOf(evalResults);
        failures = List.copyOf(failures);
    }

    /** Whether every request got a result. */
    public boolean complete() {
        return failures.isEmpty();
    }
}
