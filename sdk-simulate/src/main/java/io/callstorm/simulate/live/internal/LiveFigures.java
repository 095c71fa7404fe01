package io.callstorm.simulate.live.internal;

import io.callstorm.simulate.analysis.ReportAssembler;
import io.callstorm.simulate.live.LiveSnapshot;
import io.callstorm.simulate.measure.Measurements;
import io.callstorm.simulate.report.ErrorCluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a live reading that come from what the recorder holds: the same functions the report is assembled
 * with, so that the page and the report never disagree on a P95 or a cluster's name.
 *
 * @param stages           per stage and bucket, the P95
 * @param passRates        per rubric, in the order first scored
 * @param clusters         largest first
 * @param errorRateOverall errors among the calls that ended (calls cut short by a stop aside)
 */
public record LiveFigures(List<LiveSnapshot.StagePoint> stages, List<LiveSnapshot.RubricPassRate> passRates,
                          List<LiveSnapshot.Cluster> clusters, double errorRateOverall) {
    public static LiveFigures none() {
        return new LiveFigures(List.of(), List.of(), List.of(), 0);
    }

    public static LiveFigures of(Measurements m) {
        List<LiveSnapshot.StagePoint> stages = ReportAssembler.latency(m).stream()
                .map(r -> new LiveSnapshot.StagePoint(r.stage(), r.concurrency(), r.count(), r.p95Ms())).toList();
        List<LiveSnapshot.RubricPassRate> passRates = passRates(m);
        List<LiveSnapshot.Cluster> clusters = new ArrayList<>();
        for (ErrorCluster c : ReportAssembler.clusters(m)) {
            clusters.add(new LiveSnapshot.Cluster(c.name(), c.stage(), c.count(), c.share(), c.firstSeenConcurrency(),
                    c.quickFix()));
        }
        Measurements.Counts n = m.counts();
        long ended = n.calls() - n.cancelled();
        long errors = n.failed() + n.timedOut() + n.hungUp();
        double rate = ended == 0 ? 0 : ReportAssembler.round((double) errors / ended, 4);
        return new LiveFigures(stages, passRates, clusters, rate);
    }

    /** Per rubric, in the order first scored, the verdicts so far and the share that passed. */
    public static List<LiveSnapshot.RubricPassRate> passRates(Measurements m) {
        Map<String, long[]> byRubric = new LinkedHashMap<>();
        for (Measurements.QualityBucket q : m.quality()) {
            long[] t = byRubric.computeIfAbsent(q.rubric(), k -> new long[2]);
            t[0] += q.count();
            t[1] += q.passed();
        }
        List<LiveSnapshot.RubricPassRate> passRates = new ArrayList<>();
        byRubric.forEach((rubric, t) -> passRates.add(new LiveSnapshot.RubricPassRate(rubric, t[0],
                t[0] == 0 ? 0 : ReportAssembler.round((double) t[1] / t[0], 4))));
        return passRates;
    }
}
