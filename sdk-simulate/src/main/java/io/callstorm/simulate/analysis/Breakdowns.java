package io.callstorm.simulate.analysis;

import io.callstorm.eval.Rubrics;
import io.callstorm.simulate.measure.Measurements;
import io.callstorm.simulate.report.Breakdown;
import io.callstorm.simulate.report.BreakdownRow;
import io.callstorm.simulate.report.SimulationReport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code breakdown} section: per persona and per path, the rows, and the worst of them. How "worst" is ranked
 * is in {@link Breakdown.Table}: the outcome first ({@code conversation_resolution}, the rubric that says whether
 * the caller got what they called for, which a failed call fails too), then errors, then the gap. Pure functions of
 * {@link Measurements}.
 */
final class Breakdowns {
    /** What ranks first when the run has verdicts of it. */
    static final String OUTCOME = Rubrics.CONVERSATION_RESOLUTION;
    static final String ERROR_RATE = "errorRate";
    static final String GAP_P95 = "gapP95Ms";

    private Breakdowns() {
    }

    static Breakdown of(Measurements m) {
        return new Breakdown(table(m.personas()), table(m.paths()));
    }

    static Breakdown.Table table(List<Measurements.Group> groups) {
        List<BreakdownRow> rows = groups.stream().map(Breakdowns::row).toList();
        boolean byOutcome = rows.stream().anyMatch(r -> r.rubric(OUTCOME).isPresent());
        List<String> rankedBy = byOutcome ? List.of(OUTCOME, ERROR_RATE, GAP_P95) : List.of(ERROR_RATE, GAP_P95);
        Comparator<BreakdownRow> worstFirst = Comparator.comparingDouble(BreakdownRow::errorRate).reversed()
                .thenComparing(Comparator.comparingDouble(BreakdownRow::gapP95Ms).reversed())
                .thenComparing(BreakdownRow::id);
        if (byOutcome) {
            // a row without a verdict of it (its calls unscored) ranks after every row with one
            worstFirst = Comparator.comparingDouble(Breakdowns::outcomePassRate).thenComparing(worstFirst);
        }
        List<BreakdownRow> candidates = new ArrayList<>(rows.stream()
                .filter(r -> r.calls() >= SimulationReport.MIN_SAMPLES_FOR_ENDS)
                .filter(r -> r.errors() > 0 || outcomePassRate(r) < 1)
                .toList());
        candidates.sort(worstFirst);
        List<String> worst = candidates.stream().limit(Breakdown.WORST).map(BreakdownRow::id).toList();
        return new Breakdown.Table(rows, worst, rankedBy);
    }

    /** The pass rate of {@link #OUTCOME}, or above any rate when the row has no verdict of it. */
    private static double outcomePassRate(BreakdownRow r) {
        return r.rubric(OUTCOME).map(BreakdownRow.RubricRate::passRate).orElse(2.0);
    }

    private static BreakdownRow row(Measurements.Group g) {
        List<BreakdownRow.RubricRate> rubrics = g.verdicts().stream().filter(v -> v.verdicts() > 0)
                .map(v -> new BreakdownRow.RubricRate(v.rubric(), v.verdicts(), v.passed(),
                        ReportAssembler.round((double) v.passed() / v.verdicts(), 4)))
                .toList();
        double errorRate = g.calls() == 0 ? 0 : ReportAssembler.round((double) g.errors() / g.calls(), 4);
        return new BreakdownRow(g.id(), g.calls(), g.cancelled(), g.errors(), errorRate, g.gapSamples(),
                ms(g.gapAtPercentile(50)), ms(g.gapAtPercentile(95)), rubrics);
    }

    private static double ms(long micros) {
        return ReportAssembler.round(micros / 1000.0, 1);
    }
}
