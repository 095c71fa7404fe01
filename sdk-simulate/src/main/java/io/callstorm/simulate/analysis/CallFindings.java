package io.callstorm.simulate.analysis;

import io.callstorm.simulate.measure.BucketCounters;
import io.callstorm.simulate.measure.ConcurrencyBuckets;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.Degradation;
import io.callstorm.simulate.report.ErrorCluster;
import io.callstorm.simulate.report.Timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the report says about calls beyond their latencies, gathered one finished call at a time: the failures to
 * cluster, the degradations of answered calls, and the load over time. Fed the very lines {@code calls.jsonl}
 * gets — by the run as calls end, or by {@code callstorm report} from the file — so both reports agree.
 * Not thread-safe: one thread feeds it.
 */
public final class CallFindings implements Consumer<CallLine> {
    private final int initialWidth;
    private final List<ErrorClusters.Failure> failures = new ArrayList<>();
    private final Map<String, Tally> degradations = new LinkedHashMap<>();
    private final BucketCounters agentTurns = new BucketCounters(2); // per initial-width bucket: [turns, concurrency sum]
    private final TimelineBuilder timeline = new TimelineBuilder();
    private long calls;
    private long allAgentTurns;

    /** @param initialBucketWidth the run's initial concurrency bucket width (the final one is a power-of-two multiple) */
    public CallFindings(int initialBucketWidth) {
        this.initialWidth = Math.max(1, initialBucketWidth);
    }

    @Override
    public void accept(CallLine line) {
        calls++;
        timeline.add(line);
        Set<Tally> inCall = new LinkedHashSet<>();
        for (CallLine.Turn t : line.turns()) {
            if (!"AGENT".equals(t.speaker())) {
                continue;
            }
            allAgentTurns++;
            int b = ConcurrencyBuckets.indexFor(t.concurrency(), initialWidth);
            long[] at = agentTurns.at(b);
            at[0]++;
            at[1] += t.concurrency();
            for (DegradationSignals.Kind k : DegradationSignals.of(t)) {
                Tally tally = degradations.computeIfAbsent(k.name(), n -> new Tally(k));
                tally.turns++;
                tally.byBucket.at(b)[0]++;
                tally.seen(line.startedAtSeconds() * 1000 + t.atMs(), line.callId(), t.concurrency());
                inCall.add(tally);
            }
        }
        inCall.forEach(t -> t.calls++);
        if (!"COMPLETED".equals(line.status())) {
            failures.add(ErrorClusters.Failure.of(line));
        }
    }

    /** Calls seen. */
    public long calls() {
        return calls;
    }

    List<ErrorClusters.Failure> failures() {
        return failures;
    }

    Timeline timeline() {
        return timeline.build();
    }

    List<ErrorCluster> clusters(Map<String, Double> baselineP50Ms) {
        return ErrorClusters.cluster(failures, baselineP50Ms);
    }

    /** Degradations, most calls first, with their rate per bucket of the run's final width. */
    List<Degradation> degradations(int finalWidth) {
        int merge = Math.max(1, finalWidth / initialWidth);
        List<long[]> turnsByBucket = coarsened(agentTurns, merge);
        List<Degradation> out = new ArrayList<>();
        for (Tally t : degradations.values()) {
            List<long[]> degraded = coarsened(t.byBucket, merge);
            List<Degradation.Rate> rates = new ArrayList<>();
            for (int i = 0; i < turnsByBucket.size(); i++) {
                long[] all = turnsByBucket.get(i);
                if (all == null || all[0] == 0) {
                    continue;
                }
                long d = i < degraded.size() && degraded.get(i) != null ? degraded.get(i)[0] : 0;
                rates.add(new Degradation.Rate((int) Math.round((double) all[1] / all[0]), all[0], d,
                        ReportAssembler.round((double) d / all[0], 4)));
            }
            List<Degradation.Rate> ends = rates.stream()
                    .filter(r -> r.turns() >= ReportAssembler.MIN_SAMPLES_FOR_ENDS).toList();
            double low = ends.isEmpty() ? 0 : ends.get(0).rate();
            double peak = ends.isEmpty() ? 0 : ends.get(ends.size() - 1).rate();
            DegradationSignals.Kind k = t.kind;
            out.add(new Degradation(k.name(), Degradation.KIND, k.signal(), k.stage(), t.calls, t.turns,
                    ReportAssembler.round((double) t.calls / Math.max(1, calls), 4),
                    ReportAssembler.round((double) t.turns / Math.max(1, allAgentTurns), 4), t.firstConcurrency, low,
                    peak, k.rootCause(), k.quickFix(), k.longTermFix(), rates));
        }
        out.sort(Comparator.comparingLong(Degradation::calls).reversed().thenComparing(Degradation::name));
        return out;
    }

    /** The rows at the run's final bucket width; the finding keeps its initial-width counts. */
    private static List<long[]> coarsened(BucketCounters counters, int merge) {
        BucketCounters c = counters.copy();
        c.coarsen(merge);
        return c.rows();
    }

    private static final class Tally {
        final DegradationSignals.Kind kind;
        final BucketCounters byBucket = new BucketCounters(1);
        long calls;
        long turns;
        double firstAtMs = Double.MAX_VALUE;
        String firstCall = "";
        int firstConcurrency;

        Tally(DegradationSignals.Kind kind) {
            this.kind = kind;
        }

        /** Keeps the earliest reply in time (ties by call id): the same whatever order calls arrive in. */
        void seen(double atMs, String callId, int concurrency) {
            if (atMs < firstAtMs || (atMs == firstAtMs && callId.compareTo(firstCall) < 0)) {
                firstAtMs = atMs;
                firstCall = callId;
                firstConcurrency = concurrency;
            }
        }
    }
}
