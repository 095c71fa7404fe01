package io.callstorm.simulate.report;

import java.util.List;

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
 * @param examples             up to {@value #EXAMPLES} of its calls with the end of their transcripts: the earliest to
 *                             end (ties by call id) among the calls whose transcripts the run kept, which are the first
 *                             calls to end of each way of failing (see {@code docs/reports.md}); the same calls however
 *                             the calls came in; empty in reports written before
 */
public record ErrorCluster(String name, String stage, long count, double share, int firstSeenConcurrency,
                           String rootCause, String quickFix, String longTermFix, String example, String kind,
                           String evidence, List<ExampleCall> examples) {
    public static final String KIND = "failure";
    /** Example calls kept per cluster. */
    public static final int EXAMPLES = 3;

    public ErrorCluster {
        kind = kind == null ? KIND : kind;
        evidence = evidence == null ? "" : evidence;
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    /** A cluster without example calls. */
    public ErrorCluster(String name, String stage, long count, double share, int firstSeenConcurrency,
                        String rootCause, String quickFix, String longTermFix, String example, String kind,
                        String evidence) {
        this(name, stage, count, share, firstSeenConcurrency, rootCause, quickFix, longTermFix, example, kind,
                evidence, List.of());
    }
}
