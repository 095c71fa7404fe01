package io.callstorm.simulate.report;

import java.util.List;

/**
 * Whether a report holds the whole run, and if not, why, when, and what it cannot know: {@code report.json}'s
 * {@code completeness}.
 *
 * <p>A run stopped early (its handle's {@code cancel}, Ctrl-C or SIGTERM on the CLI, or a results file it could no
 * longer write) stops admitting calls and cuts the calls in progress, which end {@code CANCELLED}: they have a line in
 * {@code calls.jsonl} and their latencies count, but they count in no pass rate and no error rate, as the agent was
 * not given the chance to finish them. A report rebuilt from {@code calls.jsonl} without the run's own
 * {@code report.json} (the run was killed, e.g. {@code kill -9}) is partial with the cause {@link #UNKNOWN_END}, and
 * lists the figures only the run itself could measure in {@link #unknownFigures()}.
 *
 * @param partial          whether the run was cut short (or may have been)
 * @param stoppedBy        empty for a complete run, else {@link #CANCELLED}, {@link #OUTPUT_FAILED} or
 *                         {@link #UNKNOWN_END}
 * @param reason           the stop in words, e.g. {@code SIGTERM received}; empty for a complete run
 * @param stoppedAtSeconds when the run was stopped, on the run's clock (for an unknown end, when its last recorded
 *                         call ended); 0 for a complete run
 * @param callsCut         calls in progress that the stop cut short ({@code load.callsCancelled}); -1 when not known
 * @param unknownFigures   the report's figures that it cannot know, each as its path, a colon and why (e.g.
 *                         {@code harness: ...}: the harness's own measurements, 0 in a rebuilt report's
 *                         {@code harness})
 */
public record Completeness(boolean partial, String stoppedBy, String reason, double stoppedAtSeconds, long callsCut,
                           List<String> unknownFigures, List<Integer> missingShards) {
    /** {@code stoppedBy} of a run ended by its handle's {@code cancel} (the CLI's on Ctrl-C and SIGTERM). */
    public static final String CANCELLED = "cancel";
    /** {@code stoppedBy} of a run that stopped because it could no longer write {@code calls.jsonl}. */
    public static final String OUTPUT_FAILED = "output_failure";
    /** {@code stoppedBy} of a rebuilt report whose run ended without writing its own report (killed or crashed). */
    public static final String UNKNOWN_END = "unknown";
    /** The gate check (and {@code junit.xml} test case) that fails when a gated run was cut short. */
    public static final String GATE_CHECK = "complete";
    /** {@code stoppedBy} of a merged report that lacks shards ({@code callstorm merge --allow-partial}). */
    public static final String MISSING_SHARDS = "missing_shards";

    public Completeness {
        stoppedBy = stoppedBy == null ? "" : stoppedBy;
        reason = reason == null ? "" : reason;
        unknownFigures = unknownFigures == null ? List.of() : List.copyOf(unknownFigures);
        missingShards = missingShards == null ? List.of() : List.copyOf(missingShards); // reports before shards
    }

    /** A completeness of a run in one process, or of a merge of every shard. */
    public Completeness(boolean partial, String stoppedBy, String reason, double stoppedAtSeconds, long callsCut,
                        List<String> unknownFigures) {
        this(partial, stoppedBy, reason, stoppedAtSeconds, callsCut, unknownFigures, List.of());
    }

    /** A run that ran its whole profile and drained (and reports written before this section existed). */
    public static Completeness whole() {
        return new Completeness(false, "", "", 0, 0, List.of());
    }

    /** A run stopped early by {@code cause}, {@code atSeconds} into it, with {@code callsCut} calls cut short. */
    public static Completeness stopped(String cause, String reason, double atSeconds, long callsCut) {
        return new Completeness(true, cause, reason, atSeconds, callsCut, List.of());
    }

    /** This completeness, with figures the report cannot know. */
    public Completeness withUnknownFigures(List<String> figures) {
        return new Completeness(partial, stoppedBy, reason, stoppedAtSeconds, callsCut, figures, missingShards);
    }

    /**
     * A merged report without the calls of {@code missing} shards (0-based indexes): partial, whatever the merged
     * shards' own completeness. {@code reason} says which shards and why.
     */
    public Completeness withMissingShards(List<Integer> missing, String reason) {
        if (missing.isEmpty()) {
            return this;
        }
        String why = partial && !this.reason.isEmpty() ? reason + "; " + this.reason : reason;
        return new Completeness(true, partial ? stoppedBy : MISSING_SHARDS, why, stoppedAtSeconds, callsCut,
                unknownFigures, missing);
    }

    /**
     * Whether the report knows the figures of {@code section} (e.g. {@code harness}): false when an entry of
     * {@link #unknownFigures()} names it (each entry starts with the figures' path and a colon).
     */
    public boolean knows(String section) {
        return unknownFigures.stream().noneMatch(f -> f.startsWith(section + ":") || f.startsWith(section + "."));
    }

    /** The stop in one line, e.g. {@code stopped at 24.3 s (SIGTERM received); 2,998 calls in progress cut short}. */
    public String summary() {
        if (!partial) {
            return "complete";
        }
        if (MISSING_SHARDS.equals(stoppedBy)) {
            return "merged without shard" + (missingShards.size() == 1 ? " " : "s ") + missingShards + " (" + reason
                    + ")";
        }
        String cut = callsCut < 0 ? "calls still in progress then have no line and are not counted"
                : String.format(java.util.Locale.ROOT, "%,d call%s in progress cut short, left out of the pass and "
                + "error rates", callsCut, callsCut == 1 ? "" : "s");
        return String.format(java.util.Locale.ROOT, "stopped at %.1f s (%s); %s", stoppedAtSeconds, reason, cut);
    }
}
