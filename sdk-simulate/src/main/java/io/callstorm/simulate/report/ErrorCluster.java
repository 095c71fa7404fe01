package io.callstorm.simulate.report;

/**
 * A named group of failures with one cause.
 *
 * @param name                 e.g. {@code provider rate limit}
 * @param stage                the stage it hurts
 * @param count                failed calls in the cluster
 * @param share                count / all failed calls
 * @param firstSeenConcurrency concurrency when the first one happened
 * @param rootCause            what causes it
 * @param quickFix             what to do this week
 * @param longTermFix          what to do for good
 * @param example              one message, numbers and ids masked
 */
public record ErrorCluster(String name, String stage, long count, double share, int firstSeenConcurrency,
                           String rootCause, String quickFix, String longTermFix, String example) {
}
