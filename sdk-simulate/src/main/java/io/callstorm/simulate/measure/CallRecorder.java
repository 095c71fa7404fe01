package io.callstorm.simulate.measure;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Stage;
import io.callstorm.simulate.report.Degradation;
import io.callstorm.simulate.report.EvaluationSetup;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The one place a finished call is recorded: its stage latencies and gaps, its end, its scores, its degradations
 * and its failure, each at the concurrency in force when it was measured, which the call's {@link CallLine} carries.
 * A live run feeds it each line as the line is written to {@code calls.jsonl}; {@code report calls.jsonl} feeds it
 * the lines it reads. Both therefore get the same {@link Measurements}, by construction.
 *
 * <p>Concurrency is bucketed here and nowhere else. Buckets start at the width the run expected and double
 * (merging pairs of buckets, exactly: histograms add, counters sum) whenever a measurement outgrows
 * {@link ConcurrencyBuckets#MAX_BUCKETS} of them. Since bucket {@code i} at width {@code 2w} holds buckets {@code 2i}
 * and {@code 2i+1} at width {@code w}, the result does not depend on the order the calls come in.
 *
 * <p>Besides the buckets, it keeps the same figures per persona and per scenario path (call ends, gaps, verdicts:
 * a few counters and a histogram for each of a run's tens of personas and paths), and the transcripts of a few
 * failed calls of each way of failing, which the error clusters show as examples.
 *
 * <p>Thread-safe: one thread records while another may take a {@link #snapshot()}.
 */
public final class CallRecorder {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final ConcurrencyBuckets buckets;
    private final Map<Stage, List<Histogram>> latency = new EnumMap<>(Stage.class);
    private final BucketCounters sampleConcurrency = new BucketCounters(2); // [sum, count] of latency samples
    private final BucketCounters callEnds = new BucketCounters(3);          // [calls, errors, concurrency sum]
    private final Map<String, BucketCounters> quality = new LinkedHashMap<>(); // [verdicts, passed, concurrency sum]
    private final BucketCounters agentTurns = new BucketCounters(2);        // [turns, concurrency sum]
    private final Map<String, DegradationTally> degradations = new LinkedHashMap<>();
    private final List<FailedCall> failures = new ArrayList<>();
    private final FailureExamples failureExamples = new FailureExamples();
    private final Map<String, GroupTally> byPersona = new TreeMap<>();
    private final Map<String, GroupTally> byPath = new TreeMap<>();
    private final TimelineBuilder timeline = new TimelineBuilder();
    private final EvaluationTally evaluation;
    private final EvaluationSetup setup;
    private final Map<CallStatus, long[]> statuses = new LinkedHashMap<>();
    private long calls;
    private long allAgentTurns;
    private long turns;
    private long retries;
    private int peak;
    private double lastEnd;

    /**
     * @param initialBucketWidth the width of the concurrency buckets to start with
     * @param setup              how the run scores its calls (the rubrics, in order)
     */
    public CallRecorder(int initialBucketWidth, EvaluationSetup setup) {
        this.buckets = new ConcurrencyBuckets(initialBucketWidth);
        this.setup = setup;
        this.evaluation = new EvaluationTally(List.copyOf(setup.evaluators().keySet()));
        for (Stage s : Stage.values()) {
            latency.put(s, new ArrayList<>());
        }
    }

    /** Records one finished (and, when the run scores, scored) call. */
    public synchronized void record(CallLine line) {
        calls++;
        statuses.computeIfAbsent(line.status(), k -> new long[1])[0]++;
        retries += line.retries();
        lastEnd = Math.max(lastEnd, line.endedAtSeconds());
        peak = Math.max(peak, line.startConcurrency());
        if (line.startConcurrency() == 0) { // a file written before lines carried it: the best lower bound
            peak = Math.max(peak, Math.max(line.endConcurrency(), line.concurrency()));
            for (CallLine.Turn t : line.turns()) {
                peak = Math.max(peak, t.concurrency());
            }
        }
        timeline.add(line);
        GroupTally persona = group(byPersona, line.persona());
        GroupTally path = group(byPath, line.path());
        Set<DegradationTally> inCall = new LinkedHashSet<>();
        for (CallLine.Turn t : line.turns()) {
            if (t.speaker() != CallLine.Speaker.AGENT) {
                turns++;
                continue;
            }
            recordTurn(line, t, inCall);
        }
        inCall.forEach(d -> d.calls++);
        LatencySamples.of(line, (stage, ms, concurrency) -> {
            if (stage == Stage.USER_PERCEIVED_GAP) {
                gap(ms, concurrency, persona, path);
            } else {
                latency(stage, micros(ms), concurrency);
            }
        });
        evaluation.accept(line);
        if (line.status() == CallStatus.CANCELLED) {
            persona.cancelled();
            path.cancelled();
            return; // cut short by the run's stop: the agent's latencies so far count, its end is no outcome of its own
        }
        boolean error = line.status() != CallStatus.COMPLETED;
        // lines written before endConcurrency was added: the error's concurrency, else the call's mean
        int end = line.endConcurrency() > 0 ? line.endConcurrency()
                : line.error().map(CallLine.CallError::concurrency).orElse(line.concurrency());
        long[] c = callEnds.at(bucket(end));
        c[0]++;
        c[1] += error ? 1 : 0;
        c[2] += end;
        persona.end(error);
        path.end(error);
        if (error) {
            FailedCall failed = FailedCall.of(line);
            failureExamples.offer(failed, line);
            failures.add(failed.kept());
        }
        recordScores(line, persona, path);
    }

    private static GroupTally group(Map<String, GroupTally> groups, String id) {
        return groups.computeIfAbsent(id == null ? "" : id, k -> new GroupTally(k, HIGHEST_MICROS));
    }

    /** One user-perceived gap: in its bucket, and for the call's persona and path. */
    private void gap(double ms, int concurrency, GroupTally persona, GroupTally path) {
        long micros = clamp(micros(ms));
        latency(Stage.USER_PERCEIVED_GAP, micros, concurrency);
        persona.gap(micros);
        path.gap(micros);
    }

    /** An agent turn's counts and degradations; its latencies are {@link LatencySamples}'. */
    private void recordTurn(CallLine line, CallLine.Turn t, Set<DegradationTally> inCall) {
        allAgentTurns++;
        int b = bucket(t.concurrency());
        long[] at = agentTurns.at(b);
        at[0]++;
        at[1] += t.concurrency();
        for (DegradationSignals.Kind k : DegradationSignals.of(t)) {
            DegradationTally d = degradations.computeIfAbsent(k.name(), n -> new DegradationTally(k));
            d.turns++;
            d.byBucket.at(b)[0]++;
            d.seen(line.startedAtSeconds() * 1000 + t.atMs(), line.callId(), t.concurrency());
            inCall.add(d);
        }
    }

    private void recordScores(CallLine line, GroupTally persona, GroupTally path) {
        if (line.scoring() == CallLine.Scoring.DROPPED || line.scores().isEmpty()) {
            return;
        }
        int b = bucket(line.concurrency());
        line.scores().forEach((rubric, s) -> {
            if (s.isError()) {
                return; // no verdict: counts in no pass rate
            }
            long[] q = quality.computeIfAbsent(rubric, k -> new BucketCounters(3)).at(b);
            q[0]++;
            q[1] += s.passed() ? 1 : 0;
            q[2] += line.concurrency();
            persona.verdict(rubric, s.passed());
            path.verdict(rubric, s.passed());
        });
    }

    private void latency(Stage stage, long micros, int concurrency) {
        int i = bucket(concurrency);
        List<Histogram> hs = latency.get(stage);
        while (hs.size() <= i) {
            hs.add(null);
        }
        Histogram h = hs.get(i);
        if (h == null) {
            h = new Histogram(HIGHEST_MICROS, 2);
            hs.set(i, h);
        }
        h.recordValue(clamp(micros));
        long[] c = sampleConcurrency.at(i);
        c[0] += concurrency;
        c[1]++;
    }

    /** The bucket of {@code concurrency}, after widening the buckets when it does not fit. */
    private int bucket(int concurrency) {
        int n = buckets.coarseningsNeeded(concurrency);
        for (int k = 0; k < n; k++) {
            coarsen();
        }
        return buckets.index(concurrency);
    }

    /** Doubles the bucket width and merges each pair of buckets, in every per-bucket figure. */
    private void coarsen() {
        buckets.doubleWidth();
        for (List<Histogram> hs : latency.values()) {
            List<Histogram> merged = new ArrayList<>();
            for (int i = 0; i < hs.size(); i += 2) {
                Histogram a = hs.get(i);
                Histogram b = i + 1 < hs.size() ? hs.get(i + 1) : null;
                if (a == null) {
                    merged.add(b);
                } else {
                    if (b != null) {
                        a.add(b);
                    }
                    merged.add(a);
                }
            }
            hs.clear();
            hs.addAll(merged);
        }
        sampleConcurrency.coarsen(2);
        callEnds.coarsen(2);
        agentTurns.coarsen(2);
        quality.values().forEach(q -> q.coarsen(2));
        degradations.values().forEach(d -> d.byBucket.coarsen(2));
    }

    /** What has been recorded so far. */
    public synchronized Measurements snapshot() {
        List<Measurements.LatencyBucket> lat = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            List<Histogram> hs = latency.get(stage);
            for (int i = 0; i < hs.size(); i++) {
                Histogram h = hs.get(i);
                if (h != null && h.getTotalCount() > 0) {
                    lat.add(new Measurements.LatencyBucket(stage, meanSampleConcurrency(i), buckets.lowerBound(i),
                            buckets.upperBound(i), h));
                }
            }
        }
        List<Measurements.CallEndBucket> ends = new ArrayList<>();
        for (long[] e : callEnds.rows()) {
            if (e != null && e[0] > 0) {
                ends.add(new Measurements.CallEndBucket((int) Math.round((double) e[2] / e[0]), e[0], e[1]));
            }
        }
        List<Measurements.QualityBucket> q = new ArrayList<>();
        quality.forEach((rubric, counters) -> {
            for (long[] a : counters.rows()) {
                if (a != null && a[0] > 0) {
                    q.add(new Measurements.QualityBucket(rubric, (int) Math.round((double) a[2] / a[0]), a[0], a[1]));
                }
            }
        });
        Measurements.Counts counts = new Measurements.Counts(calls, status(CallStatus.COMPLETED),
                status(CallStatus.FAILED), status(CallStatus.TIMED_OUT), status(CallStatus.HUNG_UP),
                status(CallStatus.CANCELLED), turns, retries,
                peak, lastEnd);
        return new Measurements(buckets.width(), lat, ends, q, failures, degradationRows(), timeline.build(), counts,
                evaluation.summary(setup), groups(byPersona), groups(byPath), failureExamples.all());
    }

    /** Per id, by id; each group's verdicts in the run's scoring order, then by rubric name. */
    private List<Measurements.Group> groups(Map<String, GroupTally> tallies) {
        List<String> order = List.copyOf(setup.evaluators().keySet());
        List<Measurements.Group> out = new ArrayList<>(tallies.size());
        for (GroupTally g : tallies.values()) {
            List<Measurements.Verdicts> verdicts = new ArrayList<>();
            g.verdicts.forEach((rubric, v) -> verdicts.add(new Measurements.Verdicts(rubric, v[0], v[1])));
            verdicts.sort(Comparator.comparingInt((Measurements.Verdicts v) -> {
                int i = order.indexOf(v.rubric());
                return i < 0 ? Integer.MAX_VALUE : i;
            }).thenComparing(Measurements.Verdicts::rubric));
            out.add(new Measurements.Group(g.id, g.calls, g.cancelled, g.errors, g.gaps, verdicts));
        }
        return out;
    }

    private long status(CallStatus status) {
        long[] c = statuses.get(status);
        return c == null ? 0 : c[0];
    }

    /** Mean concurrency of the latency samples in bucket {@code i}. */
    private int meanSampleConcurrency(int i) {
        List<long[]> rows = sampleConcurrency.rows();
        if (i >= rows.size() || rows.get(i) == null || rows.get(i)[1] == 0) {
            return buckets.lowerBound(i) + buckets.width() / 2;
        }
        long[] c = rows.get(i);
        return (int) Math.round((double) c[0] / c[1]);
    }

    /** Degradations, most calls first, with their rate per bucket. */
    private List<Degradation> degradationRows() {
        List<long[]> turnsByBucket = agentTurns.rows();
        List<Degradation> out = new ArrayList<>();
        for (DegradationTally t : degradations.values()) {
            List<long[]> degraded = t.byBucket.rows();
            List<Degradation.Rate> rates = new ArrayList<>();
            for (int i = 0; i < turnsByBucket.size(); i++) {
                long[] all = turnsByBucket.get(i);
                if (all == null || all[0] == 0) {
                    continue;
                }
                long d = i < degraded.size() && degraded.get(i) != null ? degraded.get(i)[0] : 0;
                rates.add(new Degradation.Rate((int) Math.round((double) all[1] / all[0]), all[0], d,
                        round((double) d / all[0])));
            }
            List<Degradation.Rate> ends = rates.stream()
                    .filter(r -> r.turns() >= io.callstorm.simulate.report.SimulationReport.MIN_SAMPLES_FOR_ENDS)
                    .toList();
            double low = ends.isEmpty() ? 0 : ends.get(0).rate();
            double high = ends.isEmpty() ? 0 : ends.get(ends.size() - 1).rate();
            DegradationSignals.Kind k = t.kind;
            out.add(new Degradation(k.name(), Degradation.KIND, k.signal(), k.stage(), t.calls, t.turns,
                    round((double) t.calls / Math.max(1, calls)), round((double) t.turns / Math.max(1, allAgentTurns)),
                    t.firstConcurrency, low, high, k.rootCause(), k.quickFix(), k.longTermFix(), rates));
        }
        out.sort(Comparator.comparingLong(Degradation::calls).reversed().thenComparing(Degradation::name));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static long micros(double ms) {
        return Math.round(ms * 1000);
    }

    /** Within what the histograms hold. */
    private static long clamp(long micros) {
        return Math.min(HIGHEST_MICROS, Math.max(0, micros));
    }

    private static final class DegradationTally {
        final DegradationSignals.Kind kind;
        final BucketCounters byBucket = new BucketCounters(1);
        long calls;
        long turns;
        double firstAtMs = Double.MAX_VALUE;
        String firstCall = "";
        int firstConcurrency;

        DegradationTally(DegradationSignals.Kind kind) {
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
