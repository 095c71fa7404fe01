package io.callstorm.simulate.gate;

import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.GateResult;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Assertions on a report for JUnit 5 (or any test framework): a failure throws an {@link AssertionError} that lists
 * every failing check, so the test log says what to fix. No test library is needed at run time.
 *
 * <pre>{@code
 * SimulationReport report = simulation.run();
 * GateAssertions.assertThat(report).passesGate();                         // the gate the simulation was built with
 * GateAssertions.assertThat(report).passes(Gate.parse("conversation_resolution>=0.80,user_perceived_gap.p95<800ms"));
 * GateAssertions.assertThat(report).hasNoRegressionsAgainst(SimulationReport.readJson(baseline));
 * }</pre>
 */
public final class GateAssertions {
    private GateAssertions() {
    }

    public static ReportAssert assertThat(SimulationReport report) {
        return new ReportAssert(Objects.requireNonNull(report, "report"));
    }

    /** Assertions on one report; each returns this for chaining. */
    public static final class ReportAssert {
        private final SimulationReport report;

        private ReportAssert(SimulationReport report) {
            this.report = report;
        }

        /** The report's own gate (configured on the simulation, baseline checks included) passed. */
        public ReportAssert passesGate() {
            return passed(report.gate(), "the gate of simulation \"" + report.simulation().name() + "\"");
        }

        /** {@code gate} passes on this report. */
        public ReportAssert passes(Gate gate) {
            return passed(gate.evaluate(report), "gate " + gate);
        }

        /** No rubric, stage P95 or error rate moved past the default thresholds against {@code baseline}. */
        public ReportAssert hasNoRegressionsAgainst(SimulationReport baseline) {
            return hasNoRegressionsAgainst(baseline, RegressionThresholds.defaults());
        }

        public ReportAssert hasNoRegressionsAgainst(SimulationReport baseline, RegressionThresholds thresholds) {
            ReportComparison c = ReportComparison.compare(baseline, report, thresholds);
            if (c.hasRegressions()) {
                throw new AssertionError("Expected no regressions against the baseline, but "
                        + c.regressions().size() + " metric(s) regressed:\n" + c.regressions().stream()
                        .map(r -> "  - " + r.detail().strip().replaceAll("\\s{2,}", " "))
                        .collect(Collectors.joining("\n")));
            }
            return this;
        }

        private ReportAssert passed(GateResult result, String what) {
            List<GateCheck> failed = result.checks().stream().filter(c -> !c.passed()).toList();
            if (!result.passed() || !failed.isEmpty()) {
                throw new AssertionError("Expected " + what + " to pass, but " + failed.size() + " of "
                        + result.checks().size() + " check(s) failed:\n" + failed.stream()
                        .map(c -> "  - " + c.name() + " " + c.threshold() + ": " + (c.detail().isEmpty()
                                ? "was " + c.actual() : c.detail()))
                        .collect(Collectors.joining("\n")));
            }
            return this;
        }
    }
}
