package io.callstorm.simulate.gate;

import io.callstorm.core.Stage;
import io.callstorm.simulate.report.AbReport;
import io.callstorm.simulate.report.SimulationReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Two runs of the same load, A and B, metric by metric: each stage's P50 and P95 at peak, each rubric's pass rate at
 * peak and the error rate over all calls. B is compared with A by the rules of {@link ReportComparison} (its
 * intervals, thresholds and confidence): B's improvement names B the winner, B's regression names A, a move within
 * the threshold is "no difference" and a larger one inside the noise "not enough calls to tell". The stage
 * thresholds hold for P50 and P95 alike ({@link RegressionThresholds#p95IncreaseMs()}).
 *
 * <pre>{@code
 * List<AbReport.Metric> rows = AbComparison.compare(a, PeakSamples.read(a, dirA), b, PeakSamples.read(b, dirB),
 *         RegressionThresholds.defaults());
 * }</pre>
 */
public final class AbComparison {
    private AbComparison() {
    }

    /** One row per metric measured in both runs: stages first (P50, P95), then rubrics, then the error rate. */
    public static List<AbReport.Metric> compare(SimulationReport a, PeakSamples aSamples, SimulationReport b,
                                                PeakSamples bSamples, RegressionThresholds thresholds) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(thresholds, "thresholds");
        List<AbReport.Metric> rows = new ArrayList<>();
        double confidence = thresholds.confidence();
        for (Stage stage : Stage.values()) {
            for (GateCondition.Metric p : List.of(GateCondition.Metric.P50, GateCondition.Metric.P95)) {
                String name = stage.wireName() + "." + p.name().toLowerCase(java.util.Locale.ROOT);
                row(ReportComparison.change(a, aSamples, b, bSamples, p, stage.wireName(), name,
                        thresholds.p95IncreaseMs(), confidence), "stage").ifPresent(rows::add);
            }
        }
        for (String rubric : ReportComparison.rubrics(a, b)) {
            row(ReportComparison.change(a, aSamples, b, bSamples, GateCondition.Metric.PASS_RATE, rubric, rubric,
                    thresholds.rubricDropPoints(), confidence), "rubric").ifPresent(rows::add);
        }
        row(ReportComparison.change(a, aSamples, b, bSamples, GateCondition.Metric.ERROR_RATE, "", "error_rate",
                thresholds.errorRateIncreasePoints(), confidence), "error_rate").ifPresent(rows::add);
        return rows;
    }

    private static Optional<AbReport.Metric> row(Optional<ReportComparison.Change> change, String kind) {
        return change.map(c -> new AbReport.Metric(c.name(), kind, c.unit().equals("ms") ? "ms" : "fraction",
                c.base(), c.baseInterval().low(), c.baseInterval().high(), c.current(), c.currentInterval().low(),
                c.currentInterval().high(), c.delta(), round(c.deltaInterval().low()),
                round(c.deltaInterval().high()), c.limit(), winner(c.verdict()), c.intervalSource()));
    }

    /** Who won, from B's verdict against A. */
    static String winner(ReportComparison.Verdict verdict) {
        return switch (verdict) {
            case IMPROVEMENT -> "B";
            case REGRESSION -> "A";
            case NO_CHANGE -> AbReport.Metric.NO_DIFFERENCE;
            case NOT_ENOUGH_CALLS -> AbReport.Metric.NOT_ENOUGH_CALLS;
        };
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
