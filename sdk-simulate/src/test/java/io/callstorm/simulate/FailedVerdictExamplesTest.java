package io.callstorm.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.eval.Rubrics;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.EvaluationSummary;
import io.callstorm.simulate.report.FailedVerdict;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's drill-down: examples of failed verdicts, each with the turn it names and what was said there. */
class FailedVerdictExamplesTest {
    @Test
    void eachRubricKeepsItsFailuresAtTheHighestConcurrencyWithTheTurnTheyName(@TempDir Path out) throws Exception {
        SimulationReport report;
        // the scripted agent calls no tools, so every call misses the lookups its path needs
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            report = SmallSimulations.of(agent)
                    .load(LoadProfile.concurrentCalls(4).rampTo(12, Duration.ofMillis(400)).hold(Duration.ofMillis(600))
                            .build())
                    .outputDirectory(out)
                    .build().run();
        }
        List<FailedVerdict> examples = report.evaluation().failures();
        List<FailedVerdict> resolution = examples.stream()
                .filter(v -> v.rubric().equals(Rubrics.TASK_COMPLETION)).toList();
        assertThat(resolution).hasSize(EvaluationSummary.EXAMPLES_PER_RUBRIC);
        assertThat(examples.stream().filter(v -> v.rubric().equals(Rubrics.IS_POLITE))).isEmpty();

        Map<String, JsonNode> lines = new HashMap<>();
        int highest = 0;
        for (String line : Files.readAllLines(out.resolve("calls.jsonl"))) {
            JsonNode node = ReportJson.mapper().readTree(line);
            lines.put(node.get("callId").asText(), node);
            if (!node.path("scores").path(Rubrics.TASK_COMPLETION).path("passed").asBoolean(true)) {
                highest = Math.max(highest, node.get("concurrency").asInt());
            }
        }
        assertThat(resolution.get(0).concurrency()).isEqualTo(highest);
        for (int i = 1; i < resolution.size(); i++) {
            assertThat(resolution.get(i).concurrency()).isLessThanOrEqualTo(resolution.get(i - 1).concurrency());
        }
        for (FailedVerdict v : resolution) {
            JsonNode line = lines.get(v.callId());
            JsonNode score = line.get("scores").get(Rubrics.TASK_COMPLETION);
            assertThat(v.reason()).isEqualTo(score.get("reason").asText());
            assertThat(v.turn()).hasValue(score.get("turn").asInt());
            assertThat(v.agent()).isEqualTo(line.get("turns").get(v.turn().orElseThrow()).get("text").asText().strip());
        }

        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("Where calls failed a rubric", "\"failures\":[{\"rubric\"");
    }
}
