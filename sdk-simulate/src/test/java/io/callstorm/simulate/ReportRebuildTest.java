package io.callstorm.simulate;

import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.load.RetryPolicy;
import io.callstorm.simulate.report.SimulationReport;

import io.callstorm.core.Stage;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.simulate.ScriptedAgent.Response;
import io.callstorm.simulate.analysis.ReportRebuilder;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.gate.GateAssertions;
import io.callstorm.simulate.report.ErrorCluster;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.RunStart;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.simulate.report.ReportJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A run's outputs, and its report rebuilt from {@code calls.jsonl} alone: the same latency, quality, errors, load
 * and timeline, with failures of every kind and degradations in the file.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReportRebuildTest {
    private static final AgentDefinition DEFINITION = AgentDefinition.builder("scripted-agent")
            .behaviour("Answers as its script says.").build();
    private static final ScenarioGraph SHORT_PATHS = ScenarioGraph.builder("support-desk-short")
            .paths(SupportDeskScenarios.graph().paths().stream().filter(p -> p.steps().size() <= 5).toList())
            .build();

    /** Fails, times out, hangs up or answers, by call number. */
    private static ScriptedAgent mixedAgent() {
        return new ScriptedAgent(a -> switch (Integer.parseInt(a.callId().substring("call-".length())) % 8) {
            case 0 -> Response.error(AgentException.rateLimited(Stage.LLM_TTFT, Duration.ofMillis(20),
                    "LLM token budget exceeded: 2400 tokens requested"));
            case 1 -> Response.firstAudioOnly(Duration.ofMillis(10));          // turn timeout after first audio
            case 2 -> Response.reply(Duration.ofMillis(250), Duration.ofMillis(260)); // the impatient hang up
            case 3 -> a.turnIndex() == 0 ? Response.reply(Duration.ofMillis(5), Duration.ofMillis(10))
                    : Response.error(AgentException.of(AgentErrorKind.CONNECTION_RESET, "connection reset by peer"));
            case 4 -> Response.error(AgentException.of(AgentErrorKind.PROTOCOL, "malformed frame 17 from agent"));
            default -> Response.reply(Duration.ofMillis(5 + a.turnIndex()), Duration.ofMillis(10 + a.turnIndex()));
        });
    }

    private static List<Persona> personasWithAnImpatientOne() {
        List<Persona> personas = new ArrayList<>(Personas.builtIns());
        personas.add(Persona.builder("impatient-tester").patience(Duration.ofMillis(200)).build());
        return personas;
    }

    @Test
    void aReportRebuiltFromCallsJsonlIsTheRunsOwn(@TempDir Path out) throws Exception {
        SimulationReport run;
        try (ScriptedAgent agent = mixedAgent()) {
            run = Simulation.builder()
                    .name("rebuild")
                    .agent(DEFINITION, agent)
                    .personas(personasWithAnImpatientOne())
                    .scenarios(SHORT_PATHS, 400)
                    .load(LoadProfile.concurrentCalls(10).rampTo(60, Duration.ofMillis(1500)).hold(Duration.ofSeconds(1))
                            .build())
                    .timeScale(0.02)
                    .turnTimeout(Duration.ofMillis(300))
                    .retry(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(5)).build())
                    .drainTimeout(Duration.ofMillis(200)) // some calls are cut mid-turn at the end
                    .gate(Gate.parse("conversation_resolution>=0.10,error_rate<=0.99"))
                    .outputDirectory(out)
                    .build().run();
        }
        assertThat(run.load().callsFailed()).isPositive();
        assertThat(run.load().callsTimedOut()).isPositive();
        assertThat(run.errors().clusters()).extracting(ErrorCluster::name)
                .contains("provider rate limit", "gateway timeout", "connection churn");
        assertThat(run.errors().clusters()).anySatisfy(c -> assertThat(c.name()).startsWith("other: malformed frame <n>"));

        ReportRebuilder.Rebuilt rebuilt = ReportRebuilder.rebuild(out.resolve("calls.jsonl"));
        SimulationReport again = rebuilt.report();

        assertThat(rebuilt.malformed()).isZero();
        assertThat(again.latency()).isEqualTo(run.latency());
        assertThat(again.curves()).isEqualTo(run.curves());
        assertThat(again.quality()).isEqualTo(run.quality());
        assertThat(again.drift()).isEqualTo(run.drift());
        assertThat(again.errors()).isEqualTo(run.errors());
        assertThat(again.load()).isEqualTo(run.load());
        assertThat(again.timeline()).isEqualTo(run.timeline());
        assertThat(again.evaluation()).isEqualTo(run.evaluation());
        assertThat(again.breakdown()).isEqualTo(run.breakdown());
        assertThat(again.simulation()).isEqualTo(run.simulation()); // from the report.json beside the calls

        // the rebuilt report shows the same example calls, with the same turns, per cluster
        assertThat(run.errors().clusters()).allSatisfy(c -> assertThat(c.examples()).isNotEmpty());
        assertThat(again.errors().clusters()).extracting(ErrorCluster::examples)
                .isEqualTo(run.errors().clusters().stream().map(ErrorCluster::examples).toList());
        assertThat(run.breakdown().personas().row("impatient-tester")).isPresent();
        assertThat(run.breakdown().paths().rows()).isNotEmpty();
    }

    /**
     * 2,000+ calls of every ending, rebuilt from calls.jsonl: every section of report.json is the run's own, to the
     * byte (the times at which it ran aside). Without report.json beside the calls, every section the calls make is.
     */
    @Test
    void everySectionOfATwoThousandCallRunIsRebuiltEqual(@TempDir Path out) throws Exception {
        SimulationReport run;
        try (ScriptedAgent agent = mixedAgent()) {
            run = Simulation.builder()
                    .name("rebuild-2000")
                    .agent(DEFINITION, agent)
                    .personas(personasWithAnImpatientOne())
                    .scenarios(SHORT_PATHS, 2_000)
                    .load(LoadProfile.concurrentCalls(50).rampTo(300, Duration.ofSeconds(2)).hold(Duration.ofSeconds(4))
                            .build())
                    .timeScale(0.02)
                    .turnTimeout(Duration.ofMillis(300))
                    .retry(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(5)).build())
                    .drainTimeout(Duration.ofMillis(200))
                    .outputDirectory(out)
                    .build().run();
        }
        assertThat(run.load().callsStarted()).isGreaterThanOrEqualTo(2_000);
        assertThat(run.breakdown().personas().worst()).isNotEmpty();
        assertThat(run.breakdown().paths().worst()).isNotEmpty();
        assertThat(run.errors().clusters()).allSatisfy(c -> assertThat(c.examples()).isNotEmpty()
                .hasSizeLessThanOrEqualTo(ErrorCluster.EXAMPLES));
        JsonNode live = ReportJson.mapper().valueToTree(run);
        JsonNode rebuilt = ReportJson.mapper().valueToTree(ReportRebuilder.rebuild(out.resolve("calls.jsonl")).report());
        for (String section : List.of("schemaVersion", "load", "latency", "curves", "quality", "drift", "errors", "gate",
                "harness", "timeline", "evaluation", "breakdown")) {
            assertThat(rebuilt.get(section)).as(section).isEqualTo(live.get(section));
        }
        assertThat(rebuilt.get("simulation")).isEqualTo(live.get("simulation"));

        Files.delete(out.resolve("report.json")); // killed before the end: run.json and the calls are all there is
        JsonNode fromCalls = ReportJson.mapper().valueToTree(ReportRebuilder.rebuild(out.resolve("calls.jsonl")).report());
        for (String section : List.of("load", "latency", "curves", "quality", "drift", "errors", "timeline",
                "evaluation", "breakdown")) {
            assertThat(fromCalls.get(section)).as(section).isEqualTo(live.get(section));
        }
        ObjectNode what = ((ObjectNode) fromCalls.get("simulation").deepCopy());
        ObjectNode ran = ((ObjectNode) live.get("simulation").deepCopy());
        what.remove(List.of("durationSeconds", "startedAt"));
        ran.remove(List.of("durationSeconds", "startedAt"));
        assertThat(what).isEqualTo(ran);
    }

    @Test
    void writesTheHtmlPageAndOneJunitTestCasePerGateCheck(@TempDir Path out) throws Exception {
        SimulationReport report;
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            report = Simulation.builder()
                    .name("writers")
                    .agent(DEFINITION, agent)
                    .personas(Personas.builtIns())
                    .scenarios(SHORT_PATHS, 100)
                    .load(LoadProfile.concurrentCalls(10).hold(Duration.ofMillis(800)).build())
                    .timeScale(0.02)
                    .gate(Gate.parse("is_polite>=0.5, user_perceived_gap.p95<1ms, error_rate<=0.01"))
                    .outputDirectory(out)
                    .build().run();
        }
        assertThat(report.gate().passed()).isFalse();
        assertThat(report.gate().checks()).extracting(GateCheck::passed).containsExactly(true, false, true);

        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("Chart.js v", "\"schemaVersion\":1", "latencyChart", "qualityChart", "errorChart",
                "loadChart", "GATE", "writers", "Results by persona and by path", "\"breakdown\":{\"personas\":{");
        assertThat(html).doesNotContainPattern("<script[^>]+src=").doesNotContainPattern("<link[^>]+href=\"http");

        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(out.resolve("junit.xml").toFile());
        assertThat(junit.getElementsByTagName("testcase").getLength()).isEqualTo(3);
        assertThat(junit.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(junit.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("message")
                .getNodeValue()).contains("user_perceived_gap P95 at peak", "needs < 1 ms");
        assertThat(report.timeline().rows()).isNotEmpty();
        assertThat(report.timeline().rows().stream().mapToLong(r -> r.callsEnded()).sum())
                .isEqualTo(report.load().callsStarted());
    }

    @Test
    void theBuilderTakesAGateAndABaseline() {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            Simulation.Builder builder = Simulation.builder()
                    .name("gated")
                    .agent(DEFINITION, agent)
                    .personas(Personas.builtIns())
                    .scenarios(SHORT_PATHS, 100)
                    .load(LoadProfile.concurrentCalls(10).hold(Duration.ofMillis(600)).build())
                    .timeScale(0.02);

            assertThatThrownBy(() -> builder.gate(Gate.parse("conversation_resolutoin>=0.8,is_polite>=0.9,"
                    + "task_completion.drift>=-5,made_up>=0.1")).build())
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("2 problems")
                    .hasMessageContaining("unknown rubric \"conversation_resolutoin\"")
                    .hasMessageContaining("unknown rubric \"made_up\"");

            Simulation.Builder gated = builder.gate(Gate.parse("is_polite>=0.9"));
            SimulationReport base = gated.build().run();
            GateAssertions.assertThat(base).passesGate();

            SimulationReport next = gated.baseline(base).build().run();
            assertThat(next.gate().checks()).extracting(GateCheck::name)
                    .contains("is_polite", "baseline:conversation_resolution", "baseline:user_perceived_gap.p95",
                            "baseline:error_rate");
            assertThat(next.gate().checks().get(0).actual()).isCloseTo(1.0, within(0.1));
        }
    }
}
