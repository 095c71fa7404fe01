package io.callstorm.simulate.gate;

import io.callstorm.core.Stage;
import io.callstorm.simulate.gate.internal.ConfidenceIntervals;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.SimulationReport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A report against a baseline: each rubric's pass rate and each stage's P95 at peak, and the error rate, each with
 * its confidence interval. A move is a regression (worse) or an improvement (better) only when it exceeds the
 * {@link RegressionThresholds} <em>and</em> the interval of the difference leaves out zero at the thresholds'
 * confidence; a move past the threshold inside the noise is {@link Verdict#NOT_ENOUGH_CALLS} ("not enough calls to
 * tell"), which fails nothing.
 *
 * <p>Rates use Wilson score intervals; percentiles use the order-statistic interval over the peak bucket's samples
 * when {@link PeakSamples} from the run's {@code calls.jsonl} are given, else the same ranks read off the report's
 * P50/P95/P99/max; a difference's interval comes from the two by MOVER (Newcombe's method for two rates).
 *
 * <pre>{@code
 * ReportComparison c = ReportComparison.compare(SimulationReport.readJson(base), report, RegressionThresholds.defaults());
 * c.regressions().forEach(System.out::println);
 * }</pre>
 */
public final class ReportComparison {
    /** What a comparison concluded about one metric. */
    public enum Verdict {
        /** Worse by more than the threshold, outside the noise. */
        REGRESSION("REGRESSION"),
        /** Better by more than the threshold, outside the noise. */
        IMPROVEMENT("improved"),
        /** Moved by more than the threshold, but too few calls to tell it from noise: not a failure. */
        NOT_ENOUGH_CALLS("not enough calls to tell"),
        /** Moved by no more than the threshold. */
        NO_CHANGE("");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        /** The words shown beside the metric: {@code REGRESSION}, {@code improved}, ... (empty for no change). */
        public String label() {
            return label;
        }
    }

    /**
     * One metric in both reports.
     *
     * @param name            e.g. {@code conversation_resolution}, {@code user_perceived_gap.p95}, {@code error_rate}
     * @param base            the baseline's value (a fraction for rates, ms for latency)
     * @param current         the new value
     * @param delta           current minus base, in points for rates and ms for latency
     * @param unit            {@code points} or {@code ms}
     * @param limit           the threshold the delta is held against
     * @param verdict         what the move means
     * @param baseInterval    the baseline value's interval, in its unit
     * @param currentInterval the new value's interval
     * @param deltaInterval   the interval of {@code delta}, in {@code unit}
     * @param intervalSource  how the intervals were found: {@code wilson}, {@code order statistics over calls.jsonl}
     *                        or {@code order statistics from the report's percentiles}
     * @param detail          the change in words
     */
    public record Change(String name, double base, double current, double delta, String unit, double limit,
                         Verdict verdict, Interval baseInterval, Interval currentInterval, Interval deltaInterval,
                         String intervalSource, String detail) {
        /** Worse by more than the limit, outside the noise. */
        public boolean regression() {
            return verdict == Verdict.REGRESSION;
        }

        /** Better by more than the limit, outside the noise. */
        public boolean improvement() {
            return verdict == Verdict.IMPROVEMENT;
        }

        /** Moved past the limit, inside the noise. */
        public boolean notEnoughCalls() {
            return verdict == Verdict.NOT_ENOUGH_CALLS;
        }

        @Override
        public String toString() {
            return detail;
        }
    }

    static final String WILSON = "wilson";
    static final String ORDER_STATISTICS_CALLS = "order statistics over ";
    static final String ORDER_STATISTICS_REPORT = "order statistics from the report's percentiles";

    private final List<Change> changes;
    private final RegressionThresholds thresholds;

    private ReportComparison(List<Change> changes, RegressionThresholds thresholds) {
        this.changes = List.copyOf(changes);
        this.thresholds = thresholds;
    }

    /** Compares {@code current} with {@code base}, percentile intervals read off the reports. */
    public static ReportComparison compare(SimulationReport base, SimulationReport current,
                                           RegressionThresholds thresholds) {
        return compare(base, PeakSamples.none(), current, PeakSamples.none(), thresholds);
    }

    /**
     * Compares {@code current} with {@code base}, each percentile's interval from the run's samples where given
     * ({@link PeakSamples#read}), else read off the report.
     */
    public static ReportComparison compare(SimulationReport base, PeakSamples baseSamples, SimulationReport current,
                                           PeakSamples currentSamples, RegressionThresholds thresholds) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(baseSamples, "baseSamples");
        Objects.requireNonNull(currentSamples, "currentSamples");
        Objects.requireNonNull(thresholds, "thresholds");
        List<Change> changes = new ArrayList<>();
        for (String rubric : rubrics(base, current)) {
            change(base, baseSamples, current, currentSamples, GateCondition.Metric.PASS_RATE, rubric, rubric,
                    thresholds.rubricDropPoints(), thresholds.confidence()).ifPresent(changes::add);
        }
        for (Stage stage : Stage.values()) {
            change(base, baseSamples, current, currentSamples, GateCondition.Metric.P95, stage.wireName(),
                    stage.wireName() + ".p95", thresholds.p95IncreaseMs(), thresholds.confidence())
                    .ifPresent(changes::add);
        }
        change(base, baseSamples, current, currentSamples, GateCondition.Metric.ERROR_RATE, "", "error_rate",
                thresholds.errorRateIncreasePoints(), thresholds.confidence()).ifPresent(changes::add);
        return new ReportComparison(changes, thresholds);
    }

    /** The rubrics of either report, the baseline's first. */
    static Set<String> rubrics(SimulationReport base, SimulationReport current) {
        Set<String> rubrics = new LinkedHashSet<>();
        base.quality().stream().map(QualityRow::rubric).forEach(rubrics::add);
        current.quality().stream().map(QualityRow::rubric).forEach(rubrics::add);
        return rubrics;
    }

    /** One metric of both reports, empty when either lacks it. */
    static Optional<Change> change(SimulationReport base, PeakSamples baseSamples, SimulationReport current,
                                   PeakSamples currentSamples, GateCondition.Metric metric, String subject,
                                   String name, double limit, double confidence) {
        Optional<PeakValues.Value> b = PeakValues.of(base, metric, subject);
        Optional<PeakValues.Value> c = PeakValues.of(current, metric, subject);
        if (b.isEmpty() || c.isEmpty()) {
            return Optional.empty();
        }
        boolean latency = metric.isLatency();
        Measured mb = interval(b.get(), baseSamples, metric, subject, confidence);
        Measured mc = interval(c.get(), currentSamples, metric, subject, confidence);
        double scale = latency ? 1 : 100;
        double delta = Math.round((c.get().value() - b.get().value()) * scale * 10) / 10.0;
        Interval d = ConfidenceIntervals.difference(b.get().value(), mb.interval(), c.get().value(), mc.interval());
        Interval deltaInterval = new Interval(d.low() * scale, d.high() * scale);
        // higher is better for a pass rate; lower is better for latency and errors
        boolean higherIsBetter = metric == GateCondition.Metric.PASS_RATE;
        double worse = higherIsBetter ? -delta : delta;
        boolean noise = deltaInterval.contains(0);
        Verdict verdict = Math.abs(worse) <= limit ? Verdict.NO_CHANGE : noise ? Verdict.NOT_ENOUGH_CALLS
                : worse > 0 ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
        String unit = latency ? "ms" : "points";
        String source = mb.source().equals(mc.source()) ? mb.source() : mb.source() + " / " + mc.source();
        String detail = String.format(Locale.ROOT, "%-28s %s -> %s (%+.1f %s, %.0f%% interval %s%s)%s", name,
                PeakValues.format(metric, b.get().value()) + where(b.get()),
                PeakValues.format(metric, c.get().value()) + where(c.get()), delta, unit, confidence * 100,
                deltaInterval.format("%+.1f"),
                verdict != Verdict.NO_CHANGE ? String.format(Locale.ROOT, "; limit %.1f %s", limit, unit) : "",
                verdict.label().isEmpty() ? "" : "  " + verdict.label());
        return Optional.of(new Change(name, b.get().value(), c.get().value(), delta, unit, limit, verdict,
                mb.interval(), mc.interval(), deltaInterval, source, detail));
    }

    /** An interval and how it was found. */
    record Measured(Interval interval, String source) {
    }

    /** The interval of a value at {@code confidence}: Wilson for rates, order statistics for percentiles. */
    static Measured interval(PeakValues.Value v, PeakSamples samples, GateCondition.Metric metric, String subject,
                             double confidence) {
        if (!metric.isLatency()) {
            long n = v.count();
            return new Measured(ConfidenceIntervals.wilson(Math.round(v.value() * n), n, confidence), WILSON);
        }
        double q = metric == GateCondition.Metric.P50 ? 0.50 : metric == GateCondition.Metric.P95 ? 0.95 : 0.99;
        Optional<double[]> sorted = samples.sorted(subject);
        if (sorted.isPresent()) {
            // the report's percentile comes from an HdrHistogram (2 significant digits): keep the figure inside
            Interval raw = ConfidenceIntervals.quantile(sorted.get(), q, confidence);
            return new Measured(new Interval(Math.min(raw.low(), v.value()), Math.max(raw.high(), v.value())),
                    ORDER_STATISTICS_CALLS + samples.file());
        }
        LatencyRow row = v.latency().orElseThrow();
        Interval raw = ConfidenceIntervals.quantileFromSummary(row.count(), q, confidence, row.p50Ms(), row.p95Ms(),
                row.p99Ms(), row.maxMs());
        return new Measured(new Interval(Math.min(raw.low(), v.value()), Math.max(raw.high(), v.value())),
                ORDER_STATISTICS_REPORT);
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

    /** The moves past a threshold that too few calls cannot tell from noise. */
    public List<Change> notEnoughCalls() {
        return changes.stream().filter(Change::notEnoughCalls).toList();
    }

    public boolean hasRegressions() {
        return changes.stream().anyMatch(Change::regression);
    }

    public RegressionThresholds thresholds() {
        return thresholds;
    }

    /**
     * One gate check per metric compared, named {@code baseline:<metric>}, failed when it regressed; a move that is
     * "not enough calls to tell" passes, and says so.
     */
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
