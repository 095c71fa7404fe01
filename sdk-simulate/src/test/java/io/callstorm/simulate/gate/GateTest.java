package io.callstorm.simulate.gate;

import io.callstorm.core.Stage;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.GateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GateTest {
    private static final List<String> RUBRICS = List.of("conversation_resolution", "task_completion", "is_polite",
            "is_helpful", "is_concise");

    @Test
    void readsTheConditionLanguage() {
        Gate g = Gate.parse("conversation_resolution>=0.80, user_perceived_gap.p95<800ms,error_rate<=0.05, "
                + "is_polite >= 90%, stt_ttft.p99 < 0.5s, llm_ttft<=400, error_rate.peak<5%, task_completion.drift>=-5,"
                + "is_helpful.pass_rate > 0.7");

        assertThat(g.conditions()).extracting(GateCondition::metric).containsExactly(GateCondition.Metric.PASS_RATE,
                GateCondition.Metric.P95, GateCondition.Metric.ERROR_RATE, GateCondition.Metric.PASS_RATE,
                GateCondition.Metric.P99, GateCondition.Metric.P95, GateCondition.Metric.ERROR_RATE_AT_PEAK,
                GateCondition.Metric.DRIFT, GateCondition.Metric.PASS_RATE);
        assertThat(g.conditions()).extracting(GateCondition::limit)
                .containsExactly(0.80, 800.0, 0.05, 0.90, 500.0, 400.0, 0.05, -5.0, 0.7);
        assertThat(g.conditions()).extracting(GateCondition::operator)
                .containsExactly(">=", "<", "<=", ">=", "<", "<=", "<", ">=", ">");
        assertThat(g.conditions().get(1).stage()).contains("user_perceived_gap");
        assertThat(g.conditions().get(8).rubric()).contains("is_helpful");
        assertThat(g.conditions().get(1).threshold()).isEqualTo("< 800 ms");
        assertThat(Gate.parse(g.toString()).conditions()).isEqualTo(g.conditions());
    }

    @Test
    void listsEveryConditionItCannotRead() {
        assertThatThrownBy(() -> Gate.parse("conversation_resolution>>0.8,user_perceived_gap.p90<800ms,"
                + "error_rate<=5,is_polite<800ms,stt_ttft.p95>=80%,error_rate.total<0.1"))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).hasSize(6))
                .hasMessageContaining("conversation_resolution>>0.8").hasMessageContaining("cannot read it")
                .hasMessageContaining("unknown percentile .p90")
                .hasMessageContaining("a rate limit is a fraction between 0 and 1, or a percentage such as 5.0%")
                .hasMessageContaining("unknown stage \"is_polite\"")
                .hasMessageContaining("a latency limit is in ms or s")
                .hasMessageContaining("error_rate takes no suffix");
    }

    @Test
    void namesUnknownRubricsAndStagesTogether() {
        ProblemCollector p = new ProblemCollector();
        Gate g = Gate.of(Gate.parse(List.of("conversation_resolutoin>=0.8,user_percieved_gap.p95<800ms,is_polite>=0.9"),
                "--gate", p));
        g.checkNames(RUBRICS, "--gate", p);

        assertThat(p.problems()).hasSize(2);
        assertThat(p.problems().get(0).message()).contains("unknown stage \"user_percieved_gap\"", "user_perceived_gap");
        assertThat(p.problems().get(1).message()).contains("unknown rubric \"conversation_resolutoin\"",
                "conversation_resolution");
    }

    @Test
    void passesWhenEveryConditionHoldsAtPeak() {
        SimulationReport r = SampleReports.report(0.85, 700, 20);
        GateResult result = Gate.parse("conversation_resolution>=0.80,user_perceived_gap.p95<800ms,error_rate<=0.05")
                .evaluate(r);

        assertThat(result.passed()).isTrue();
        assertThat(result.checks()).extracting(GateCheck::actual).containsExactly(0.85, 700.0, 0.01);
        // the peak is the highest bucket with enough samples: the three calls draining at 4,010 do not count
        assertThat(result.checks().get(1).detail()).contains("4,000 concurrent", "700.0 ms", "within < 800 ms");
    }

    @Test
    void failsWithAReadableReason() {
        SimulationReport r = SampleReports.report(0.79, 900, 60); // 60 errors in 2,000 calls
        GateResult result = Gate.builder()
                .passRateAtLeast("conversation_resolution", 0.80)
                .latencyBelow(Stage.USER_PERCEIVED_GAP, Duration.ofMillis(800))
                .errorRateAtMost(0.05)
                .driftAtMost("conversation_resolution", 5)
                .build().evaluate(r);

        assertThat(result.passed()).isFalse();
        assertThat(result.checks()).extracting(GateCheck::passed).containsExactly(false, false, true, false);
        assertThat(result.checks().get(0).detail())
                .isEqualTo("conversation_resolution pass rate at peak (4,000 concurrent, 1,000 calls) was 0.7900 "
                        + "(95% interval [0.7637, 0.8141]), needs >= 0.80");
        assertThat(result.checks().get(3).actual()).isCloseTo(-9.0, within(1e-9));
    }

    @Test
    void aRubricWithNoDataFails() {
        GateResult result = Gate.parse("task_completion>=0.5").evaluate(SampleReports.report(0.85, 700, 0));
        assertThat(result.passed()).isFalse();
        assertThat(result.checks().get(0).detail()).contains("nothing was measured");
    }

    @Test
    void assertionsListTheFailingChecks() {
        SimulationReport r = SampleReports.report(0.79, 900, 0);
        Gate gate = Gate.parse("conversation_resolution>=0.80,user_perceived_gap.p95<800ms,is_polite>=0.9");

        GateAssertions.assertThat(SampleReports.report(0.85, 700, 0)).passes(gate).passesGate();
        assertThatThrownBy(() -> GateAssertions.assertThat(r).passes(gate))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("2 of 3 check(s) failed")
                .hasMessageContaining("conversation_resolution >= 0.80: conversation_resolution pass rate at peak")
                .hasMessageContaining("user_perceived_gap.p95 < 800 ms")
                .hasMessageNotContaining("- is_polite");
        SimulationReport judged = r.withGate(gate.evaluate(r));
        assertThatThrownBy(() -> GateAssertions.assertThat(judged).passesGate()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("the gate of simulation \"sample\"");
    }

    @Test
    void comparisonListsRegressionsAndImprovements() {
        SimulationReport base = SampleReports.report(0.85, 700, 10);
        SimulationReport worse = SampleReports.report(0.80, 760, 40);

        ReportComparison c = ReportComparison.compare(base, worse, RegressionThresholds.defaults());
        assertThat(c.regressions()).extracting(ReportComparison.Change::name)
                .containsExactly("conversation_resolution", "user_perceived_gap.p95", "error_rate");
        assertThat(c.regressions().get(0).delta()).isEqualTo(-5.0);
        assertThat(c.regressions().get(1).delta()).isEqualTo(60.0);
        assertThat(c.changes()).extracting(ReportComparison.Change::name).contains("is_polite", "stt_ttft.p95");
        assertThat(c.improvements()).isEmpty();

        ReportComparison back = ReportComparison.compare(worse, base, RegressionThresholds.defaults());
        assertThat(back.hasRegressions()).isFalse();
        assertThat(back.improvements()).extracting(ReportComparison.Change::name)
                .containsExactly("conversation_resolution", "user_perceived_gap.p95", "error_rate");

        ReportComparison lenient = ReportComparison.compare(base, worse, new RegressionThresholds(10, 100, 5));
        assertThat(lenient.hasRegressions()).isFalse();
        assertThat(c.asGateChecks()).filteredOn(ch -> !ch.passed()).extracting(GateCheck::name)
                .containsExactly("baseline:conversation_resolution", "baseline:user_perceived_gap.p95",
                        "baseline:error_rate");
        GateResult withBaseline = Gate.none().evaluate(worse, Optional.of(base), RegressionThresholds.defaults());
        assertThat(withBaseline.passed()).isFalse();
        assertThatThrownBy(() -> GateAssertions.assertThat(worse).hasNoRegressionsAgainst(base))
                .hasMessageContaining("3 metric(s) regressed");
    }

    @Test
    void readsAGateFile(@TempDir Path dir) throws Exception {
        SampleReports.report(0.85, 700, 10).writeJson(dir.resolve("base/report.json"));
        Path list = Files.writeString(dir.resolve("gate.yaml"), """
                name: nightly           # other sections of a simulation file are left alone
                gate:
                  - conversation_resolution >= 0.80
                  - user_perceived_gap.p95 < 800ms, error_rate <= 5%
                baseline:
                  report: base/report.json
                  maxRubricDropPoints: 4
                """);
        ProblemCollector p = new ProblemCollector();
        GateFile f = GateFile.read(list, "--gate-file", p).orElseThrow();
        assertThat(p.problems()).isEmpty();
        assertThat(f.gate().conditions()).hasSize(3);
        assertThat(f.baseline()).contains(dir.resolve("base/report.json").toAbsolutePath());
        assertThat(f.thresholds()).isEqualTo(new RegressionThresholds(4, 50, 1));

        Path map = Files.writeString(dir.resolve("map.yaml"), """
                gate:
                  conversation_resolution: 0.80
                  user_perceived_gap.p95: "< 800ms"
                  error_rate: 0.05
                """);
        GateFile m = GateFile.read(map, "--gate-file", p).orElseThrow();
        assertThat(p.problems()).isEmpty();
        assertThat(m.gate().conditions()).extracting(GateCondition::operator).containsExactly(">=", "<", "<=");
        assertThat(m.baseline()).isEmpty();
    }

    @Test
    void listsEveryProblemOfAGateFile(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                gate:
                  - conversation_resolution >= 80
                  - 42
                  - user_perceived_gap.p95 < fast
                baseline:
                  maxP95IncreaseMs: -5
                """);
        ProblemCollector p = new ProblemCollector();
        GateFile.read(bad, "--gate-file", p);
        assertThat(p.problems()).hasSize(5);
        assertThat(p.problems().toString()).contains("gate[0]", "gate[1]", "gate[2]", "baseline.report",
                "baseline.maxP95IncreaseMs");

        ProblemCollector q = new ProblemCollector();
        GateFile.read(Files.writeString(dir.resolve("broken.yaml"), "gate: [a\n"), "--gate-file", q);
        GateFile.read(dir.resolve("missing.yaml"), "--gate-file", q);
        GateFile.read(Files.writeString(dir.resolve("empty.yaml"), "name: x\n"), "--gate-file", q);
        assertThat(q.problems()).extracting(pr -> pr.message()).satisfiesExactly(
                m -> assertThat(m).startsWith("is not valid YAML"),
                m -> assertThat(m).isEqualTo("no such file"),
                m -> assertThat(m).contains("no gate: section"));
    }

    /** An unknown rubric is named by the file and the field that wrote it, never by a flag the user did not give. */
    @Test
    void unknownRubricsOfAGateFileAreNamedByTheFileAndField(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sim.yaml"), """
                name: x
                gate:
                  - conversation_resolution >= 0.8
                  - is_politee >= 0.9
                """);
        ProblemCollector p = new ProblemCollector();
        GateFile gates = GateFile.read(file, "", p).orElseThrow();
        gates.checkNames(java.util.List.of("conversation_resolution", "is_polite"), p);

        assertThat(gates.gate().conditions()).hasSize(2);
        assertThat(p.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.path()).isEqualTo(file + " gate[1] \"is_politee>=0.9\"");
            assertThat(pr.message()).startsWith("unknown rubric \"is_politee\"");
        });
    }
}
