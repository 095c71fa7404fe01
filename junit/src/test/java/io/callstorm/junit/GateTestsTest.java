package io.callstorm.junit;

import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.simulate.ScriptedAgent;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.writer.JunitCase;
import io.callstorm.simulate.writer.JunitReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * {@link GateTests} run by the JUnit engine as a user's suite would run them: one test per gate check, a failed check
 * a failed test with the check's words, and a run without a gate still some tests, none failed.
 */
class GateTestsTest {
    /** One short run, judged by a gate that cannot pass: a P95 below 0 ms. */
    static SimulationReport report;

    @BeforeAll
    static void run() {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            report = Simulation.builder()
                    .agent(AgentDefinition.builder("scripted-agent").behaviour("").build(), agent)
                    .personas(Personas.builtIns())
                    .scenarios(SupportDeskScenarios.graph(), 50)
                    .timeScale(0.02)
                    .load(LoadProfile.concurrentCalls(5).hold(Duration.ofSeconds(1)).build())
                    .build().run();
        }
    }

    @Test
    void eachGateCheckIsATestAndAFailedCheckFailsItsTestWithTheCheckWords() {
        Gate gate = Gate.parse("error_rate<=0.05, user_perceived_gap.p95<0ms");
        List<GateCheck> checks = gate.evaluate(report).checks();
        GatedSuite.gate = gate;

        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(GatedSuite.class))
                .execute();

        List<String> names = results.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName())
                .toList();
        assertThat(names).containsExactlyElementsOf(checks.stream().map(c -> c.name() + " " + c.threshold())
                .toList());
        assertThat(names).startsWith("error_rate <= 0.05");
        results.testEvents().succeeded().assertThatEvents().haveExactly(1, displayName("error_rate <= 0.05"));
        GateCheck impossible = checks.get(1);
        assertThat(impossible.passed()).isFalse();
        results.testEvents().failed().assertThatEvents().haveExactly(1, org.assertj.core.api.Assertions.allOf(
                displayName(impossible.name() + " " + impossible.threshold()),
                finishedWithFailure(instanceOf(AssertionFailedError.class), message(impossible.detail()))));
        assertThat(impossible.detail()).contains("user_perceived_gap P95 at peak", "needs < 0");
    }

    @Test
    void aRunWithoutAGateStillHasTestsNoneFailedAndTheyAreJunitXmlsCases() {
        List<JunitCase> cases = JunitReport.cases(report);
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(UngatedSuite.class))
                .execute();

        assertThat(results.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .containsExactlyElementsOf(cases.stream().map(JunitCase::name).toList())
                .contains("complete whole run", "harness healthy", "calls ran", "error_rate measured",
                        "conversation_resolution measured");
        results.testEvents().assertStatistics(s -> s.failed(0)
                .aborted(cases.stream().filter(c -> c.result() == JunitCase.Result.SKIPPED).count()));
        results.testEvents().aborted().stream().map(e -> e.getPayload(TestExecutionResult.class).orElseThrow())
                .forEach(r -> assertThat(r.getThrowable()).get().isInstanceOf(TestAbortedException.class)
                        .extracting(Throwable::getMessage).asString().startsWith("no gate: not failed, but"));
    }

    private static org.assertj.core.api.Condition<Event> displayName(String name) {
        return new org.assertj.core.api.Condition<>(e -> e.getTestDescriptor().getDisplayName().equals(name),
                "display name " + name);
    }

    /** What a user writes; run by the engine above, not by the build (its name matches no test pattern). */
    static class GatedSuite {
        static Gate gate;

        @TestFactory
        Stream<DynamicTest> gate() {
            return GateTests.of(report, gate);
        }
    }

    /** A report whose simulation had no gate. */
    static class UngatedSuite {
        @TestFactory
        Stream<DynamicTest> gate() {
            return GateTests.of(report);
        }
    }
}
