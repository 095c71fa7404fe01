package io.callstorm.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.core.Stage;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.eval.Rubrics;
import io.callstorm.simulate.ScriptedAgent.Response;
import io.callstorm.simulate.analysis.ReportRebuilder;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.load.RetryPolicy;
import io.callstorm.simulate.report.Breakdown;
import io.callstorm.simulate.report.BreakdownRow;
import io.callstorm.simulate.report.ErrorCluster;
import io.callstorm.simulate.report.ExampleCall;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * report.json's {@code breakdown} and the error clusters' example calls, end to end: an agent too slow for one
 * persona's patience, behind which one path's billing backend is down, is found out by persona and by path; each
 * cluster shows its first failed calls with their transcripts; a rebuild from calls.jsonl says the same.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ResultsByPersonaAndPathTest {
    private static final AgentDefinition DEFINITION = AgentDefinition.builder("scripted-agent")
            .behaviour("Answers in 250 ms; its billing lookups fail.").build();
    private static final String BROKEN_PATH = "billing-double-charge";
    private static final String IMPATIENT = "impatient-tester";
    private static final List<String> PATHS = List.of("account-plan-question", "account-email-change", BROKEN_PATH);
    private static final ScenarioGraph THREE_PATHS = ScenarioGraph.builder("three-paths")
            .paths(SupportDeskScenarios.graph().paths().stream().filter(p -> PATHS.contains(p.id())).toList())
            .build();

    /**
     * First audio 250 ms after each turn: within the patience of the built-in callers (5 s and 8 s), past the
     * 200 ms of one who hangs up first. On the billing path the backend behind the agent's lookup answers 500 from the
     * second turn on, retries included.
     */
    private static ScriptedAgent agent() {
        return new ScriptedAgent(a -> a.setup().pathId().equals(BROKEN_PATH) && a.turnIndex() >= 1
                ? Response.error(AgentException.withStatus(AgentErrorKind.SERVER_ERROR, Stage.TOOL_CALL, 500,
                        "billing backend failed: get_billing_status answered 500"))
                : Response.reply(Duration.ofMillis(250), Duration.ofMillis(260)));
    }

    private static List<Persona> personas() {
        return List.of(Personas.get("first-time-caller"), Personas.get("elderly"),
                Persona.builder(IMPATIENT).patience(Duration.ofMillis(200)).build());
    }

    @Test
    void theBreakdownFindsTheSlowPersonaAndTheBrokenPathAndClustersShowTheirFirstCalls(@TempDir Path out)
            throws Exception {
        SimulationReport run;
        try (ScriptedAgent agent = agent()) {
            run = Simulation.builder()
                    .name("by-path")
                    .agent(DEFINITION, agent)
                    .personas(personas())
                    .scenarios(THREE_PATHS, 90)
                    .load(LoadProfile.concurrentCalls(45).hold(Duration.ofSeconds(3)).build())
                    .timeScale(0.02)
                    .retry(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(5)).build())
                    .outputDirectory(out)
                    .build().run();
        }
        Breakdown.Table personas = run.breakdown().personas();
        Breakdown.Table paths = run.breakdown().paths();
        assertThat(personas.rankedBy()).containsExactly(Rubrics.CONVERSATION_RESOLUTION, "errorRate", "gapP95Ms");
        assertThat(personas.rows()).extracting(BreakdownRow::id)
                .containsExactly("elderly", "first-time-caller", IMPATIENT);
        assertThat(paths.rows()).extracting(BreakdownRow::id).containsExactlyInAnyOrderElementsOf(PATHS).isSorted();

        // the persona the agent is too slow for, and the path whose backend is down, are the worst
        assertThat(personas.worst()).first().isEqualTo(IMPATIENT);
        BreakdownRow impatient = personas.row(IMPATIENT).orElseThrow();
        assertThat(impatient.calls()).isGreaterThanOrEqualTo(SimulationReport.MIN_SAMPLES_FOR_ENDS);
        assertThat(impatient.errorRate()).isGreaterThan(0.8);
        for (String patient : List.of("elderly", "first-time-caller")) {
            BreakdownRow row = personas.row(patient).orElseThrow();
            assertThat(row.errorRate()).as(patient).isLessThan(impatient.errorRate() - 0.3);
            assertThat(row.gapP95Ms()).as(patient).isGreaterThanOrEqualTo(245); // replies come 250 ms after a turn
        }
        assertThat(paths.worst()).first().isEqualTo(BROKEN_PATH);
        BreakdownRow broken = paths.row(BROKEN_PATH).orElseThrow();
        assertThat(broken.errorRate()).isEqualTo(1.0);
        paths.rows().stream().filter(r -> !r.id().equals(BROKEN_PATH))
                .forEach(r -> assertThat(r.errorRate()).as(r.id()).isLessThan(0.8));
        assertThat(personas.worstRows()).allSatisfy(r -> assertThat(r.calls())
                .isGreaterThanOrEqualTo(SimulationReport.MIN_SAMPLES_FOR_ENDS));

        // each table adds up to the run's own figures
        long calls = run.errors().rate().stream().mapToLong(r -> r.calls()).sum();
        long errors = run.errors().rate().stream().mapToLong(r -> r.errors()).sum();
        long gaps = run.latency(Stage.USER_PERCEIVED_GAP).stream().mapToLong(r -> r.count()).sum();
        Map<String, Long> verdicts = new LinkedHashMap<>();
        run.quality().forEach(q -> verdicts.merge(q.rubric(), q.count(), Long::sum));
        for (Breakdown.Table t : List.of(personas, paths)) {
            assertThat(t.rows().stream().mapToLong(BreakdownRow::calls).sum()).isEqualTo(calls);
            assertThat(t.rows().stream().mapToLong(BreakdownRow::errors).sum()).isEqualTo(errors);
            assertThat(t.rows().stream().mapToLong(BreakdownRow::gapSamples).sum()).isEqualTo(gaps);
            Map<String, Long> byRubric = new LinkedHashMap<>();
            t.rows().forEach(r -> r.rubrics().forEach(q -> byRubric.merge(q.rubric(), q.verdicts(), Long::sum)));
            assertThat(byRubric).isEqualTo(verdicts);
        }

        // every cluster shows its first calls, with the end of their transcripts as calls.jsonl has them
        Map<String, JsonNode> lines = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out.resolve("calls.jsonl"))) {
            JsonNode node = ReportJson.mapper().readTree(line);
            lines.put(node.get("callId").asText(), node);
        }
        assertThat(run.errors().clusters()).extracting(ErrorCluster::name)
                .contains("agent server error", "caller hang-up on slow response");
        for (ErrorCluster c : run.errors().clusters()) {
            assertThat(c.examples()).as(c.name()).hasSize(Math.min(ErrorCluster.EXAMPLES, (int) c.count()));
            for (ExampleCall x : c.examples()) {
                JsonNode line = lines.get(x.callId());
                assertThat(line.get("persona").asText()).isEqualTo(x.persona());
                assertThat(line.get("path").asText()).isEqualTo(x.path());
                assertThat(line.get("status").asText()).isEqualTo(x.status()).isNotEqualTo("COMPLETED");
                JsonNode turns = line.get("turns");
                assertThat(x.turnsOmitted() + x.turns().size()).isEqualTo(turns.size());
                for (ExampleCall.Turn t : x.turns()) {
                    assertThat(t.text()).isEqualTo(turns.get(t.index()).get("text").asText().strip());
                    assertThat(t.speaker()).isEqualTo(turns.get(t.index()).get("speaker").asText());
                }
                assertThat(x.error()).isNotEmpty();
            }
        }
        ErrorCluster backend = cluster(run, "agent server error");
        assertThat(backend.examples()).extracting(ExampleCall::path).containsOnly(BROKEN_PATH);
        assertThat(backend.examples()).extracting(ExampleCall::callId)
                .containsExactlyElementsOf(firstToEnd(lines, "SERVER_ERROR", ErrorCluster.EXAMPLES));
        assertThat(backend.examples().get(0).turns()).extracting(ExampleCall.Turn::speaker)
                .containsExactly("CALLER", "AGENT", "CALLER"); // the billing question went unanswered
        assertThat(cluster(run, "caller hang-up on slow response").examples()).extracting(ExampleCall::persona)
                .containsOnly(IMPATIENT);

        // calls.jsonl alone gives the same breakdown and the same examples
        SimulationReport again = ReportRebuilder.rebuild(out.resolve("calls.jsonl")).report();
        assertThat(again.breakdown()).isEqualTo(run.breakdown());
        assertThat(again.errors()).isEqualTo(run.errors());
        assertThat(SimulationReport.readJson(out.resolve("report.json")).breakdown()).isEqualTo(run.breakdown());

        // a report.json written before the keys existed reads with none
        ObjectNode older = (ObjectNode) ReportJson.mapper().readTree(out.resolve("report.json").toFile());
        older.remove("breakdown");
        older.get("errors").get("clusters").forEach(c -> ((ObjectNode) c).remove("examples"));
        Path olderFile = out.resolve("older-report.json");
        ReportJson.mapper().writeValue(olderFile.toFile(), older);
        SimulationReport read = SimulationReport.readJson(olderFile);
        assertThat(read.breakdown()).isEqualTo(Breakdown.none());
        assertThat(read.errors().clusters()).allSatisfy(c -> assertThat(c.examples()).isEmpty());

        // report.html: the section, the worst called out, and each example call's transcript behind its link
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("Results by persona and by path", "breakdownTable(\"personas\"",
                "\"breakdown\":{\"personas\":{\"rows\":[{\"id\":\"elderly\"",
                "\"worst\":[\"" + IMPATIENT + "\"", "\"worst\":[\"" + BROKEN_PATH + "\"",
                "\"examples\":[{\"callId\":\"" + backend.examples().get(0).callId() + "\"",
                "a.call-link", "details class=transcript", "Example calls",
                // the branch coverage panel, drawn from the same breakdown as 'callstorm scenarios show'
                "<h2>Branch coverage</h2>", "wilsonPoints(0.8, atPeakCalls(x)) > 10");
    }

    private static ErrorCluster cluster(SimulationReport report, String name) {
        return report.errors().clusters().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** The ids of the first {@code n} calls to end with an error of {@code kind}, ties by call id. */
    private static List<String> firstToEnd(Map<String, JsonNode> lines, String kind, int n) {
        List<JsonNode> failed = new ArrayList<>(lines.values().stream()
                .filter(l -> l.path("error").path("kind").asText().equals(kind)).toList());
        failed.sort(Comparator.comparingDouble((JsonNode l) -> l.get("startedAtSeconds").asDouble()
                + l.get("durationMs").asLong() / 1000.0).thenComparing(l -> l.get("callId").asText()));
        return failed.stream().limit(n).map(l -> l.get("callId").asText()).toList();
    }
}
