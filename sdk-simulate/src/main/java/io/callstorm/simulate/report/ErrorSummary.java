package io.callstorm.simulate.report;

import java.util.List;

/**
 * Errors against concurrency, and their clusters.
 *
 * @param rate     error rate per concurrency bucket
 * @param clusters named clusters, largest first
 */
public record ErrorSummary(List<ErrorRateRow> rate, List<ErrorCluster> clusters) {
    public ErrorSummary {
        rate = List.copyOf(rate);
        clusters = List.copyOf(clusters);
    }
}
