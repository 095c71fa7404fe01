package io.callstorm.cli.scenarios;

import io.callstorm.core.Outcome;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.ScenarioPath;
import io.callstorm.core.scenario.ScenarioRow;
import io.callstorm.core.scenario.ScenarioRows;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.measure.ConcurrencyBuckets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the rows of a run spread over paths, personas and expected outcomes before it runs, and which paths will have
 * too few calls at the peak concurrency bucket to measure a pass rate there.
 *
 * <p>The rule: a run makes one call per row, in row order, and a path's calls at the peak are its rows times the
 * share of all calls that start while concurrency is in the peak bucket. That share comes from the load profile:
 * the profile's time in the peak bucket (the report's bucket width, about 40 buckets up to the peak) weighted by the
 * target in force, since calls start at a rate proportional to concurrency (Little's law) in the closed model and
 * to the arrival rate in the open one. A path is flagged when a pass rate of {@value #REFERENCE_PASS_RATE} measured
 * on that many calls has a 95% Wilson interval wider than ±{@value #MAX_HALF_WIDTH_POINTS} points (fewer than 60
 * calls). Without a load profile (a catalog file) every row counts as a call at the peak, which flags only paths
 * that could not be measured even then.
 *
 * @param rows     the rows expanded
 * @param seed     their seed
 * @param paths    rows per path, in graph order
 * @param personas rows per persona, in the order given
 * @param outcomes rows per expected outcome
 * @param peak     the load profile's peak bucket, when a profile was given
 */
record BranchCoverage(int rows, long seed, List<PathRows> paths, Map<String, Integer> personas,
                      Map<Outcome, Integer> outcomes, Optional<PeakBucket> peak) {
    /** The pass rate the interval is computed at: the usual resolution gate. */
    static final double REFERENCE_PASS_RATE = 0.8;
    /** The widest 95% interval half-width, in points, at which a pass rate still counts as measured. */
    static final double MAX_HALF_WIDTH_POINTS = 10;
    private static final double Z95 = 1.959964;
    private static final int INTEGRATION_STEPS = 20_000;

    /**
     * One path's rows.
     *
     * @param path        the path
     * @param rows        rows on it
     * @param peakCalls   its calls expected at the peak bucket
     * @param halfWidth   the 95% Wilson half-width, in points, of a {@value #REFERENCE_PASS_RATE} pass rate on them
     */
    record PathRows(ScenarioPath path, int rows, double peakCalls, double halfWidth) {
        /** Whether too few calls reach the peak to measure a pass rate there. */
        boolean flagged() {
            return halfWidth > MAX_HALF_WIDTH_POINTS;
        }
    }

    /**
     * The peak concurrency bucket of a load profile.
     *
     * @param from  the lowest concurrency (or arrival rate) in it
     * @param to    the highest
     * @param share the share of calls that start while the load is in it
     */
    record PeakBucket(int from, int to, double share) {
    }

    /** Expands {@code rows} rows from {@code seed} and counts them; {@code load} gives the peak bucket's share. */
    static BranchCoverage of(List<Persona> personas, ScenarioGraph graph, int rows, long seed,
                             Optional<LoadProfile> load) {
        List<ScenarioRow> expanded = ScenarioRows.expand(personas, graph, rows, seed);
        Map<String, Integer> byPath = new LinkedHashMap<>();
        graph.paths().forEach(p -> byPath.put(p.id(), 0));
        Map<String, Integer> byPersona = new LinkedHashMap<>();
        personas.forEach(p -> byPersona.put(p.id(), 0));
        Map<Outcome, Integer> byOutcome = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            if (o.isExpectable()) {
                byOutcome.put(o, 0);
            }
        }
        for (ScenarioRow row : expanded) {
            byPath.merge(row.path().id(), 1, Integer::sum);
            byPersona.merge(row.persona().id(), 1, Integer::sum);
            byOutcome.merge(row.path().expectedOutcome(), 1, Integer::sum);
        }
        Optional<PeakBucket> peak = load.map(BranchCoverage::peakBucket);
        double share = peak.map(PeakBucket::share).orElse(1.0);
        List<PathRows> paths = new ArrayList<>();
        for (ScenarioPath path : graph.paths()) {
            int n = byPath.get(path.id());
            double calls = n * share;
            paths.add(new PathRows(path, n, calls, halfWidthPoints(REFERENCE_PASS_RATE, calls)));
        }
        return new BranchCoverage(rows, seed, List.copyOf(paths), Collections.unmodifiableMap(byPersona),
                Collections.unmodifiableMap(byOutcome), peak);
    }

    /** The paths flagged as too thin at the peak. */
    List<PathRows> flagged() {
        return paths.stream().filter(PathRows::flagged).toList();
    }

    /** The fewest calls on which a pass rate counts as measured: about 60 by the class description's rule. */
    static int minimumCalls() {
        int n = 1;
        while (halfWidthPoints(REFERENCE_PASS_RATE, n) > MAX_HALF_WIDTH_POINTS) {
            n++;
        }
        return n;
    }

    /** Roughly the rows that would give {@code r}'s path enough calls at the peak, its share of rows kept. */
    long rowsFor(PathRows r) {
        double pathShare = r.rows() > 0 ? (double) r.rows() / rows : 1.0 / paths.size() / personas.size();
        double share = peak.map(PeakBucket::share).orElse(1.0);
        if (share <= 0) {
            return Long.MAX_VALUE;
        }
        return (long) Math.ceil(minimumCalls() / (pathShare * share));
    }

    /** The peak bucket of {@code load}, and the share of calls starting in it (see the class description). */
    static PeakBucket peakBucket(LoadProfile load) {
        double peak = load.peak();
        int width = ConcurrencyBuckets.widthFor(peak);
        int index = ConcurrencyBuckets.indexFor((int) Math.ceil(peak), width);
        double low = (double) index * width; // the bucket holds index*width+1 .. (index+1)*width
        long total = load.totalDuration().toNanos();
        double all = 0;
        double inPeak = 0;
        for (int i = 0; i < INTEGRATION_STEPS; i++) {
            double target = load.targetAt((long) ((i + 0.5) * total / INTEGRATION_STEPS));
            all += target;
            if (target > low) {
                inPeak += target;
            }
        }
        return new PeakBucket((int) low + 1, (index + 1) * width, all > 0 ? inPeak / all : 0);
    }

    /**
     * The half-width, in points, of the 95% Wilson score interval of a pass rate {@code p} measured on {@code n}
     * calls; 100 when there are none.
     */
    static double halfWidthPoints(double p, double n) {
        if (n <= 0) {
            return 100;
        }
        double z2 = Z95 * Z95;
        double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return 100 * half;
    }

    /** The graph's paths per expected outcome, e.g. {@code 4 resolved, 1 ticket_created}. */
    static String outcomes(ScenarioGraph graph) {
        List<String> parts = new ArrayList<>();
        graph.outcomeCounts().forEach((o, n) -> parts.add(n + " " + name(o)));
        return String.join(", ", parts);
    }

    /** An outcome as files write it. */
    static String name(Outcome o) {
        return o.name().toLowerCase(Locale.ROOT);
    }
}
