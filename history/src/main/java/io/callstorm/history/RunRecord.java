package io.callstorm.history;

import io.callstorm.simulate.report.ErrorRateRow;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.SimulationReport;

import java.util.List;

/**
 * One run as the history keeps it: its summary, its curves, quality, clusters and gate checks as rows of their own
 * tables, and the whole {@code report.json} it wrote.
 *
 * @param summary    what ran, when, and its verdict
 * @param latency    per stage and concurrency bucket, the percentiles (bucket bounds are not kept: each row's
 *                   {@code concurrencyFrom} and {@code concurrencyTo} are its concurrency)
 * @param quality    per rubric and concurrency bucket, the pass rate
 * @param errorRate  per concurrency bucket, the calls and errors
 * @param clusters   the named error clusters, largest first
 * @param gateChecks the gate's checks, each with its threshold, measured value and verdict
 * @param report     the report as written
 */
public record RunRecord(RunSummary summary, List<LatencyRow> latency, List<QualityRow> quality,
                        List<ErrorRateRow> errorRate, List<ClusterSummary> clusters, List<GateCheck> gateChecks,
                        SimulationReport report) {
    public RunRecord {
        latency = List.copyOf(latency);
        quality = List.copyOf(quality);
        errorRate = List.copyOf(errorRate);
        clusters = List.copyOf(clusters);
        gateChecks = List.copyOf(gateChecks);
    }

    /**
     * An error cluster as the history keeps it.
     *
     * @param name                 the cluster's name
     * @param stage                the stage it failed in
     * @param count                calls in it
     * @param share                its share of the failed calls
     * @param firstSeenConcurrency the concurrency at which it first appeared
     * @param rootCause            its root cause
     * @param quickFix             the quick fix
     * @param longTermFix          the long-term fix
     */
    public record ClusterSummary(String name, String stage, long count, double share, int firstSeenConcurrency,
                                 String rootCause, String quickFix, String longTermFix) {
    }
}
