package io.callstorm.simulate.gate;

import io.callstorm.core.Stage;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.QualityRow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A report against a baseline: each rubric's pass rate and each stage's P95 at peak, and the error rate, with the
 * moves that exceed the {@link RegressionThresholds} marked as regressions (worse) or improvements (better).
 *
 * <pre>{@code
 * ReportComparison c = ReportComparison.compare(SimulationReport.readJson(base), report, RegressionThresholds.defaults());
 * c.regressions().forEach(System.out::println);
 * }</pre>
 */
public final class ReportComparison {
    /**
     * One metric in both reports.
     *
     * @param name        e.g. {@code conversation_resolution}, {@code user_perceived_gap.p95}, {@code error_rate}
     * @param base        the baseline's value (a fraction for rates, ms for latency)
     * @param current     the new value
     * @param delta       current minus base, in points for rates and ms for latency
     * @param unit        {@code points} or {@code ms}
     * @param limit       the threshold the delta is held against
     * @param regression  whether it got worse by more than the limit
     * @param improvement whether it got better by more than the limit
     * @param detail      the change in words
     */
    public record Change(String name, double base, double current, double delta, String unit, double limit,
                         boolean regression, boolean improvement, String detail) {
        @Override
        public String toString() {
            return detail;
        }
    }

    private final List<Change> changes;
    private final RegressionThresholds thresholds;

    private ReportComparison(List<Change> changes, RegressionThresholds thresholds) {
        this.changes = List.copyOf(changes);
        this.thresholds = thresholds;
    }

    public static ReportComparison compare(SimulationReport base, SimulationReport current,
                                           RegressionThresholds thresholds) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(thresholds, "thresholds");
        List<Change> changes = new ArrayList<>();
        Set<String> rubrics = new LinkedHashSet<>();
        base.quality().stream().map(QualityRow::rubric).forEach(rubrics::add);
        current.quality().stream().map(QualityRow::rubric).forEach(rubrics::add);
        for (String rubric : rubrics) {
            compare(base, current, GateCondition.Metric.PASS_RATE, rubric, rubric, thresholds.rubricDropPoints())
                    .ifPresent(changes::add);
        }
        for (Stage stage : Stage.values()) {
            compare(base, current, GateCondition.Metric.P95, stage.wireName(), stage.wireName() + ".p95",
                    thresholds.p95IncreaseMs()).ifPresent(changes::add);
        }
        compare(base, current, GateCondition.Metric.ERROR_RATE, "", "error_rate",
                thresholds.errorRateIncreasePoints()).ifPresent(changes::add);
        return new ReportComparison(changes, thresholds);
    }

    private static Optional<Change> compare(SimulationReport base, SimulationReport current,
                                            GateCondition.Metric metric, String subject, String name, double limit) {
        Optional<PeakValues.Value> b = PeakValues.of(base, metric, subject);
        Optional<PeakValues.Value> c = PeakValues.of(current, metric, subject);
        if (b.isEmpty() || c.isEmpty()) {
            return Optional.empty();
        }
        boolean latency = metric.isLatency();
        double delta = latency ? c.get().value() - b.get().value() : (c.get().value() - b.get().value()) * 100;
        delta = Math.round(delta * 10) / 10.0;
        // higher is better for a pass rate; lower is better for latency and errors
        double worse = metric == GateCondition.Metric.PASS_RATE ? -delta : delta;
        boolean regression = worse > limit;
        boolean improvement = -worse > limit;
        String unit = latency ? "ms" : "points";
        String detail = String.format(Locale.ROOT, "%-28s %s -> %s (%+.1f %s%s)%s", name,
                PeakValues.format(metric, b.get().value()) + where(b.get()),
                PeakValues.format(metric, c.get().value()) + where(c.get()), delta, unit,
                regression || improvement ? String.format(Locale.ROOT, "; limit %.1f %s", limit, unit) : "",
                regression ? "  REGRESSION" : improvement ? "  improved" : "");
        return Optional.of(new Change(name, b.get().value(), c.get().value(), delta, unit, limit, regression,
                improvement, detail));
    }

    private static String where(PeakValues.Value v) {
        return v.concurrency() >= 0 ? String.format(Locale.ROOT, " @%,d", v.concurrency()) : "";
    }

    /** Every metric found in both reports. */
    public List<Change> changes() {
        return changes;
    }

    public List<Change> regressions() {
        return changes.stream().filter(Change::regression).toList();
    }

    public List<Change> improvements() {
        return changes.stream().filter(Change::improvement).toList();
    }

    public boolean hasRegressions() {
        return changes.stream().anyMatch(Change::regression);
    }

    public RegressionThresholds thresholds() {
        return thresholds;
    }

    /** One gate check per metric compared, named {@code baseline:<metric>}, failed when it regressed. */
    public List<GateCheck> asGateChecks() {
        List<GateCheck> checks = new ArrayList<>();
        for (Change c : changes) {
            String threshold = c.unit().equals("ms")
                    ? String.format(Locale.ROOT, "<= %.1f ms (baseline %.1f + %.0f)", c.base() + c.limit(), c.base(), c.limit())
                    : c.name().equals("error_rate")
                    ? String.format(Locale.ROOT, "<= %.4f (baseline %.4f + %.1f points)", c.base() + c.limit() / 100,
                    c.base(), c.limit())
                    : String.format(Locale.ROOT, ">= %.4f (baseline %.4f - %.1f points)", c.base() - c.limit() / 100,
                    c.base(), c.limit());
            checks.add(new GateCheck("baseline:" + c.name(), threshold, c.current(), !c.regression(),
                    "vs baseline: " + c.detail().substring(c.name().length()).strip().replaceAll("\\s{2,}", " ")));
        }
        return checks;
    }
}
