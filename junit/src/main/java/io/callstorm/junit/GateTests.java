package io.callstorm.junit;

import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.writer.JunitCase;
import io.callstorm.simulate.writer.JunitReport;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * A simulation's gate as JUnit 5 tests: one dynamic test per gate check, failed with the check's message, so that an
 * IDE, Surefire's report and a CI page list each threshold of a load test beside the build's other tests, and a
 * failed one names its figure. The tests are exactly the test cases of the run's {@code junit.xml}
 * ({@link JunitReport#cases(SimulationReport)}): a report without a gate gets the run's own checks (whole run,
 * harness healthy, calls ran, the error rate and each rubric measured), none failed, and what would have failed a gate
 * (a run cut short, an overloaded harness) is an aborted test saying why.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> supportDeskHoldsAtPeak() {
 *     SimulationReport report = Simulation.builder()
 *         ...
 *         .gate(Gate.parse("conversation_resolution>=0.80, user_perceived_gap.p95<800ms, error_rate<=5%"))
 *         .build().run();
 *     return GateTests.of(report);   // "conversation_resolution >= 0.80", "user_perceived_gap.p95 < 800 ms", ...
 * }
 * }</pre>
 *
 * <p>The report is computed before the tests exist (JUnit asks a {@code @TestFactory} for its tests first), so the
 * run happens once, however many checks it has; a run that throws fails the factory itself, as any test would.
 */
public final class GateTests {
    private GateTests() {
    }

    /** One test per check of the report's own gate (the one the simulation was built with), in the gate's order. */
    public static Stream<DynamicTest> of(SimulationReport report) {
        Objects.requireNonNull(report, "report");
        return JunitReport.cases(report).stream().map(GateTests::test);
    }

    /**
     * One test per check of {@code gate} judged on {@code report}, in place of the report's own gate: a gate
     * decided in the test rather than in the simulation (e.g. one per environment).
     */
    public static Stream<DynamicTest> of(SimulationReport report, Gate gate) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(gate, "gate");
        return of(report.withGate(gate.evaluate(report)));
    }

    private static DynamicTest test(JunitCase c) {
        Executable body = switch (c.result()) {
            case PASSED -> () -> { };
            case FAILED -> () -> Assertions.fail(c.message());
            case SKIPPED -> () -> Assumptions.abort(c.message());
        };
        return DynamicTest.dynamicTest(c.name(), body);
    }
}
