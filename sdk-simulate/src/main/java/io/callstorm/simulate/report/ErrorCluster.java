package io.callstorm.simulate.report;

/**
 * A named group of failed calls with one cause.
 *
 * @param name                 e.g. {@code provider rate limit}
 * @param stage                the stage it hurts
 * @param count                failed calls in the cluster
 * @param share                count / all failed calls (the shares of all clusters add up to 1)
 * @param firstSeenConcurrency concurrency in force at the cluster's first failure in time
 * @param rootCause            what causes it
 * @param quickFix             what to do this week
 * @param longTermFix          what to do for good
 * @param example              the first failure's message, numbers and ids masked
 * @param kind                 always {@code failure}; degradations are listed apart (see {@link Degradation})
 * @param evidence             how failures landed here, the most common reasons first with counts, e.g.
 *                             {@code 4,335x RATE_LIMITED 429 at llm_ttft; 615x hung up (patience) while retrying ...}
 */
public record ErrorCluster(String name, String stage, long count, double share, int firstSeenConcurrency,
                           String rootCause, String quickFix, String longTermFix, String example, String kind,
                           String evidence) {
    public static final String KIND = "failure";

    public ErrorCluster {
        kind = kind == null ? KIND : kind;
        evidence = evidence == null ? "" : evidence;
    }
}
