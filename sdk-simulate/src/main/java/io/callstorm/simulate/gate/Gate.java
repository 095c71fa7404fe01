package io.callstorm.simulate.gate;

import io.callstorm.core.Stage;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.GateResult;
import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.HarnessStats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A release gate: thresholds on the report at peak concurrency — a rubric's pass rate, a stage's latency
 * percentile, the error rate — each becoming one {@link GateCheck}. Immutable.
 *
 * <pre>{@code
 * Gate gate = Gate.parse("conversation_resolution>=0.80, user_perceived_gap.p95<800ms, error_rate<=0.05");
 * Gate same = Gate.builder()
 *     .passRateAtLeast("conversation_resolution", 0.80)
 *     .latencyBelow(Stage.USER_PERCEIVED_GAP, Duration.ofMillis(800))
 *     .errorRateAtMost(0.05)
 *     .build();
 * GateResult verdict = gate.evaluate(report);
 * }</pre>
 *
 * <p>The condition language: {@code NAME OP VALUE}, several separated by commas. {@code NAME} is a rubric
 * ({@code conversation_resolution}, or {@code conversation_resolution.pass_rate}; {@code <rubric>.drift} for the
 * drop in points from the lowest concurrency), a stage percentile ({@code user_perceived_gap.p95}; {@code .p50},
 * {@code .p99}; a stage alone means its P95), {@code error_rate} (all calls) or {@code error_rate.peak} (the peak
 * bucket). {@code OP} is {@code >=}, {@code >}, {@code <=} or {@code <}. {@code VALUE} is a fraction or a
 * percentage for rates ({@code 0.80}, {@code 80%}), milliseconds or seconds for latency ({@code 800ms},
 * {@code 0.8s}, a bare number is ms), points for drift ({@code -5}).
 */
public final class Gate {
    private static final Pattern CONDITION = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)?)\\s*(>=|<=|=>|=<|>|<)\\s*(-?[0-9]*\\.?[0-9]+)\\s*(%|ms|s|points|pts)?\\s*");
    private static final List<String> STAGES = Arrays.stream(Stage.values()).map(Stage::wireName).toList();

    private final List<GateCondition> conditions;

    private Gate(List<GateCondition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    /** A gate with no conditions: always passes. */
    public static Gate none() {
        return new Gate(List.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Gate of(List<GateCondition> conditions) {
        return new Gate(Objects.requireNonNull(conditions, "conditions"));
    }

    /**
     * Reads conditions such as {@code conversation_resolution>=0.80,user_perceived_gap.p95<800ms}.
     *
     * @throws io.callstorm.core.validation.ConfigurationException listing every condition that cannot be read
     */
    public static Gate parse(String conditions) {
        ProblemCollector p = new ProblemCollector();
        List<GateCondition> parsed = parse(List.of(conditions), "--gate", p);
        p.throwIfAny("gate");
        return new Gate(parsed);
    }

    /**
     * Reads each of {@code texts} (each may hold several conditions, comma-separated), adding what cannot be read
     * to {@code problems} under {@code path} (e.g. {@code --gate}) instead of throwing, so that a caller can list
     * these problems together with its own.
     */
    public static List<GateCondition> parse(Collection<String> texts, String path, ProblemCollector problems) {
        List<GateCondition> out = new ArrayList<>();
        for (String text : texts) {
            for (String part : text.split("[,;\\n]")) {
                if (part.isBlank()) {
                    continue;
                }
                parseOne(part.strip(), path, problems).ifPresent(out::add);
            }
        }
        return out;
    }

    static Optional<GateCondition> parseOne(String text, String path, ProblemCollector p) {
        Matcher m = CONDITION.matcher(text);
        String where = path + " \"" + text + "\"";
        if (!m.matches()) {
            p.add(where, "cannot read it; write NAME OP VALUE, e.g. conversation_resolution>=0.80, "
                    + "user_perceived_gap.p95<800ms or error_rate<=0.05");
            return Optional.empty();
        }
        String name = m.group(1);
        String op = m.group(2).replace("=>", ">=").replace("=<", "<=");
        double value = Double.parseDouble(m.group(3));
        String unit = m.group(4) == null ? "" : m.group(4);
        String[] parts = name.split("\\.", 2);
        String head = parts[0];
        String suffix = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "";
        GateCondition.Metric metric;
        String subject;
        if (head.equals("error_rate")) {
            if (!suffix.isEmpty() && !suffix.equals("peak")) {
                p.add(where, "error_rate takes no suffix but .peak, was ." + suffix);
                return Optional.empty();
            }
            metric = suffix.isEmpty() ? GateCondition.Metric.ERROR_RATE : GateCondition.Metric.ERROR_RATE_AT_PEAK;
            subject = "";
        } else if (STAGES.contains(head)) {
            switch (suffix) {
                case "", "p95" -> metric = GateCondition.Metric.P95;
                case "p50" -> metric = GateCondition.Metric.P50;
                case "p99" -> metric = GateCondition.Metric.P99;
                default -> {
                    p.add(where, "unknown percentile ." + suffix + " of stage " + head + "; use .p50, .p95 or .p99");
                    return Optional.empty();
                }
            }
            subject = head;
        } else {
            if (unit.equals("ms") || unit.equals("s")) {
                p.add(where, "unknown stage \"" + head + "\"; stages: " + String.join(", ", STAGES));
                return Optional.empty();
            }
            switch (suffix) {
                case "", "pass_rate" -> metric = GateCondition.Metric.PASS_RATE;
                case "drift" -> metric = GateCondition.Metric.DRIFT;
                default -> {
                    if (suffix.matches("p\\d+")) {
                        p.add(where, "unknown stage \"" + head + "\"; stages: " + String.join(", ", STAGES));
                    } else {
                        p.add(where, "unknown metric ." + suffix + " of rubric " + head + "; use the rubric alone "
                                + "(its pass rate), .pass_rate or .drift");
                    }
                    return Optional.empty();
                }
            }
            subject = head;
        }
        double limit = value;
        if (metric.isLatency()) {
            if (unit.equals("s")) {
                limit = value * 1000;
            } else if (!unit.isEmpty() && !unit.equals("ms")) {
                p.add(where, "a latency limit is in ms or s, was " + unit);
                return Optional.empty();
            }
        } else if (metric == GateCondition.Metric.DRIFT) {
            if (!unit.isEmpty() && !unit.equals("points") && !unit.equals("pts")) {
                p.add(where, "a drift limit is in percentage points, was " + unit);
                return Optional.empty();
            }
        } else {
            if (unit.equals("%")) {
                limit = value / 100;
            } else if (!unit.isEmpty()) {
                p.add(where, "a rate limit is a fraction (0.80) or a percentage (80%), was " + unit);
                return Optional.empty();
            } else if (value > 1) {
                p.add(where, "a rate limit is a fraction between 0 and 1, or a percentage such as " + value + "%");
                return Optional.empty();
            }
            if (limit < 0 || limit > 1) {
                p.add(where, "a rate limit must be between 0 and 1 (0% and 100%), was " + value + unit);
                return Optional.empty();
            }
        }
        if (metric.isLatency() && limit < 0) {
            p.add(where, "a latency limit must be >= 0, was " + value + unit);
            return Optional.empty();
        }
        return Optional.of(new GateCondition(name, metric, subject, op, limit));
    }

    public List<GateCondition> conditions() {
        return conditions;
    }

    public boolean isEmpty() {
        return conditions.isEmpty();
    }

    /** This gate's conditions followed by {@code other}'s. */
    public Gate and(Gate other) {
        List<GateCondition> all = new ArrayList<>(conditions);
        all.addAll(other.conditions);
        return new Gate(all);
    }

    /**
     * Names this gate uses that are not among {@code knownRubrics} or the stages, one problem each, so that a run is
     * not started (or a report not judged) against a gate that cannot pass.
     */
    public void checkNames(Collection<String> knownRubrics, String path, ProblemCollector problems) {
        for (GateCondition c : conditions) {
            c.rubric().ifPresent(r -> {
                if (!knownRubrics.contains(r)) {
                    String hint = STAGES.contains(r) ? "" : "; known rubrics: "
                            + String.join(", ", new TreeSet<>(knownRubrics)) + "; stages (as <stage>.p95): "
                            + String.join(", ", STAGES);
                    problems.add(path + " \"" + c + "\"", "unknown rubric \"" + r + "\"" + hint);
                }
            });
        }
    }

    /**
     * Checks the report: one {@link GateCheck} per condition, passed when all hold. When the harness was unhealthy
     * (the load generator itself overloaded: {@code harness.healthy} false), a gate with conditions also gets a
     * failed {@value #HARNESS_CHECK} check: a verdict measured by an overloaded harness is not one to ship on.
     */
    public GateResult evaluate(SimulationReport report) {
        List<GateCheck> checks = new ArrayList<>();
        for (GateCondition c : conditions) {
            checks.add(check(c, report));
        }
        if (!conditions.isEmpty()) {
            harnessCheck(report).ifPresent(checks::add);
            completeCheck(report).ifPresent(checks::add);
        }
        return new GateResult(checks.stream().allMatch(GateCheck::passed), checks);
    }

    /** The name of the gate check that fails when the run was cut short. */
    public static final String COMPLETE_CHECK = Completeness.GATE_CHECK;

    /**
     * A failed {@value #COMPLETE_CHECK} check when the report is partial (the run was stopped early, or was killed
     * before writing its report), saying why and when; none for a whole run. A verdict on part of a load profile,
     * which may never have reached its peak, is not one to ship on.
     */
    public static Optional<GateCheck> completeCheck(SimulationReport report) {
        Completeness c = report.completeness();
        if (!c.partial()) {
            return Optional.empty();
        }
        return Optional.of(new GateCheck(COMPLETE_CHECK, "whole run", 0, false, "partial run: " + c.summary()));
    }

    /** The name of the gate check that fails when the harness was unhealthy. */
    public static final String HARNESS_CHECK = HarnessStats.GATE_CHECK;

    /**
     * A failed {@value #HARNESS_CHECK} check when the report's harness was unhealthy, naming its windows; none when
     * it was healthy (a healthy harness adds no check, so a gate's checks are its conditions').
     */
    public static Optional<GateCheck> harnessCheck(SimulationReport report) {
        HarnessStats harness = report.harness();
        if (harness == null || harness.healthy()) {
            return Optional.empty();
        }
        return Optional.of(new GateCheck(HARNESS_CHECK, "healthy", harness.unhealthyWindows().size(), false,
                harness.summary()));
    }

    /**
     * Checks the report and compares it with a baseline: this gate's checks, then one check per metric compared,
     * failed when it regressed past {@code thresholds} (see {@link ReportComparison#asGateChecks()}).
     */
    public GateResult evaluate(SimulationReport report, Optional<SimulationReport> baseline,
                               RegressionThresholds thresholds) {
        List<GateCheck> checks = new ArrayList<>(evaluate(report).checks());
        baseline.ifPresent(base -> checks.addAll(ReportComparison.compare(base, report, thresholds).asGateChecks()));
        if (conditions.isEmpty() && baseline.isPresent()) {
            harnessCheck(report).ifPresent(checks::add);
            completeCheck(report).ifPresent(checks::add);
        }
        return new GateResult(checks.stream().allMatch(GateCheck::passed), checks);
    }

    private static GateCheck check(GateCondition c, SimulationReport r) {
        Optional<PeakValues.Value> measured = PeakValues.of(r, c.metric(), c.subject());
        String what = PeakValues.describe(c.metric(), c.subject());
        if (measured.isEmpty()) {
            return new GateCheck(c.name(), c.threshold(), 0, false, what + ": nothing was measured; needs "
                    + c.threshold());
        }
        PeakValues.Value m = measured.get();
        boolean passed = c.holds(m.value());
        return new GateCheck(c.name(), c.threshold(), m.value(), passed,
                what + m.where() + " was " + PeakValues.format(c.metric(), m.value()) + interval(c, m)
                        + (passed ? ", within " : ", needs ") + c.threshold());
    }

    /**
     * The figure's 95% interval in words, beside it: the verdict stays the figure's against the threshold, but a
     * reader sees how far a figure of few calls can be from the truth. None for drift, a difference of two buckets.
     */
    private static String interval(GateCondition c, PeakValues.Value m) {
        if (c.metric() == GateCondition.Metric.DRIFT || (m.count() == 0 && c.metric().isLatency())) {
            return "";
        }
        Interval i = ReportComparison.interval(m, PeakSamples.none(), c.metric(), c.subject(),
                RegressionThresholds.DEFAULT_CONFIDENCE).interval();
        String format = c.metric().isLatency() ? "%.1f" : "%.4f";
        return String.format(Locale.ROOT, " (%.0f%% interval %s)", RegressionThresholds.DEFAULT_CONFIDENCE * 100,
                i.format(format));
    }

    @Override
    public String toString() {
        return conditions.stream().map(GateCondition::toString).collect(Collectors.joining(","));
    }

    /** Builds a {@link Gate} condition by condition. */
    public static final class Builder {
        private final List<GateCondition> conditions = new ArrayList<>();

        private Builder() {
        }

        /** The rubric's pass rate at peak must be at least {@code min} (0..1). */
        public Builder passRateAtLeast(String rubric, double min) {
            rate(min);
            conditions.add(new GateCondition(rubric, GateCondition.Metric.PASS_RATE, rubric, ">=", min));
            return this;
        }

        /** The stage's P95 at peak must be below {@code max}. */
        public Builder latencyBelow(Stage stage, Duration max) {
            return latencyBelow(stage, GateCondition.Metric.P95, max);
        }

        /** The stage's P50, P95 or P99 at peak must be below {@code max}. */
        public Builder latencyBelow(Stage stage, GateCondition.Metric percentile, Duration max) {
            if (!percentile.isLatency()) {
                throw new IllegalArgumentException("percentile must be P50, P95 or P99, was " + percentile);
            }
            conditions.add(new GateCondition(stage.wireName() + "." + percentile.name().toLowerCase(Locale.ROOT),
                    percentile, stage.wireName(), "<", max.toNanos() / 1e6));
            return this;
        }

        /** The share of all calls that ended in error must be at most {@code max} (0..1). */
        public Builder errorRateAtMost(double max) {
            rate(max);
            conditions.add(new GateCondition("error_rate", GateCondition.Metric.ERROR_RATE, "", "<=", max));
            return this;
        }

        /** The rubric's pass rate must not drop more than {@code points} from the lowest concurrency to peak. */
        public Builder driftAtMost(String rubric, double points) {
            conditions.add(new GateCondition(rubric + ".drift", GateCondition.Metric.DRIFT, rubric, ">=", -points));
            return this;
        }

        /** Conditions written as for {@link Gate#parse(String)}. */
        public Builder conditions(String text) {
            conditions.addAll(Gate.parse(text).conditions());
            return this;
        }

        public Builder condition(GateCondition condition) {
            conditions.add(Objects.requireNonNull(condition, "condition"));
            return this;
        }

        public Gate build() {
            return new Gate(conditions);
        }

        private static void rate(double v) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("a rate must be between 0 and 1, was " + v);
            }
        }
    }
}
