package io.callstorm.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.transcripts.TranscriptFile;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.transcripts.EvaluatedTranscripts;
import io.callstorm.simulate.transcripts.TranscriptEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A load test's calls.jsonl carries what every rubric needs, so its calls can be scored again (say, by a judge). */
class RescoringCallsTest {
    @Test
    void everyLineCarriesItsPathsExpectedToolCallsAndEveryRubricScoresItAgain(@TempDir Path out) throws Exception {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            SmallSimulations.of(agent)
                    .load(LoadProfile.concurrentCalls(8).hold(Duration.ofMillis(600)).build())
                    .outputDirectory(out)
                    .build().run();
        }
        Path calls = out.resolve("calls.jsonl");
        List<String> lines = Files.readAllLines(calls);
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode node = ReportJson.mapper().readTree(line);
            assertThat(node.get("expectedToolCalls")).as(line).isNotNull();
            assertThat(node.get("expectedToolCalls").isArray()).isTrue();
        }
        assertThat(ReportJson.mapper().readTree(lines.get(0)).get("expectedToolCalls")).isNotEmpty();

        EvaluatedTranscripts again = TranscriptEvaluation.builder().build()
                .evaluate(TranscriptFile.read(calls), calls.toString());

        assertThat(again.badLines()).isZero();
        assertThat(again.verdicts()).hasSize(lines.size());
        for (String rubric : Rubrics.CORE) {
            assertThat(again.report().evaluation().rubric(rubric).orElseThrow().errors()).as(rubric).isZero();
        }
    }
}
