package io.callstorm.simulate.report;

import java.util.List;

/**
 * Errors against concurrency, their clusters, and the degradations that are not errors.
 *
 * @param rate         error rate per concurrency bucket
 * @param clusters     named clusters of failed calls, largest first; shares add up to 1
 * @param degradations named degradations of answered calls, most calls first; shares are of all calls
 */
public record ErrorSummary(List<ErrorRateRow> rate, List<ErrorCluster> clusters, List<Degradation> degradations) {
    public ErrorSummary {
        rate = List.copyOf(rate);
        clusters = List.copyOf(clusters);
        degradations = degradations == null ? List.of() : List.copyOf(degradations);
    }

    public ErrorSummary(List<ErrorRateRow> rate, List<ErrorCluster> clusters) {
        this(rate, clusters, List.of());
    }
}
