package io.callstorm.simulate.transcripts;

import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.eval.EvalStatus;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.local.LocalEvaluators;
import io.callstorm.eval.transcripts.TranscriptFile;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.RubricEvaluation;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TranscriptEvaluationTest {
    static final String RESOLVED = "{\"callId\":\"good\",\"expectedOutcome\":\"RESOLVED\",\"expectedToolCalls\":[],"
            + "\"turns\":[{\"speaker\":\"CALLER\",\"text\":\"What plan am I on?\"},"
            + "{\"speaker\":\"AGENT\",\"text\":\"Thanks for asking, you are on the Business plan.\"}],"
            + "\"labels\":{\"conversation_resolution\":true,\"is_polite\":true}}";
    static final String RUDE_NO_EXPECTATIONS = "{\"callId\":\"rude\",\"turns\":[{\"speaker\":\"CALLER\",\"text\":\"Hello?\"},"
            + "{\"speaker\":\"AGENT\",\"text\":\"Calm down, that's not my problem.\"}],\"labels\":{\"is_polite\":false}}";

    private static TranscriptFile file(String... lines) throws IOException {
        return TranscriptFile.reader().read(new StringReader(String.join("\n", lines)));
    }

    @Test
    void theReportHasTheQualityAndEvaluationSectionsOfARunInOneBucketAndTheGateJudgesIt(@TempDir Path dir)
            throws IOException {
        EvaluatedTranscripts e = TranscriptEvaluation.builder()
                .gate(Gate.parse("is_polite>=0.9"))
                .build()
                .evaluate(file(RESOLVED, "{oops", RUDE_NO_EXPECTATIONS), "t.jsonl");

        SimulationReport r = e.report();
        assertThat(r.quality(Rubrics.IS_POLITE)).containsExactly(new QualityRow(Rubrics.IS_POLITE, 1, 2, 0.5));
        // the rude line states no expected outcome: an error, in no pass rate
        assertThat(r.quality(Rubrics.CONVERSATION_RESOLUTION)).containsExactly(
                new QualityRow(Rubrics.CONVERSATION_RESOLUTION, 1, 1, 1.0));
        RubricEvaluation resolution = r.evaluation().rubric(Rubrics.CONVERSATION_RESOLUTION).orElseThrow();
        assertThat(resolution.errors()).isEqualTo(1);
        assertThat(resolution.evaluator()).isEqualTo("local");
        assertThat(r.evaluation().policy()).isEqualTo("WAIT");
        assertThat(r.evaluation().conversationsScored()).isEqualTo(2);
        assertThat(r.load().callsStarted()).isEqualTo(2);
        assertThat(r.gate().passed()).isFalse();
        assertThat(e.gatePassed()).isFalse();
        assertThat(e.badLines()).isEqualTo(1);
        assertThat(e.problems()).hasSize(1);

        ConversationVerdict rude = e.verdicts().get(1);
        assertThat(rude.conversation().line()).isEqualTo(3);
        assertThat(rude.passed()).isFalse();
        assertThat(rude.result(Rubrics.IS_POLITE).orElseThrow().failingTurn()).hasValue(1);
        assertThat(rude.result(Rubrics.TASK_COMPLETION).orElseThrow().status()).isEqualTo(EvalStatus.ERROR);

        assertThat(e.agreement()).extracting(a -> a.rubric() + " " + a.compared() + " " + a.agreed())
                .containsExactly("conversation_resolution 1 1", "is_polite 2 2");

        e.write(dir);
        List<String> verdicts = Files.readAllLines(dir.resolve("verdicts.jsonl"));
        assertThat(verdicts).hasSize(2);
        assertThat(verdicts.get(1)).contains("\"line\":3", "\"callId\":\"rude\"", "\"passed\":false",
                "\"is_polite\":{\"status\":\"FAIL\"", "\"turn\":1",
                "\"task_completion\":{\"status\":\"ERROR\",\"passed\":false,\"score\":0.0,"
                        + "\"reason\":\"task_completion needs input expected_tool_calls");
        String junit = Files.readString(dir.resolve("junit.xml"));
        assertThat(junit).contains("name=\"is_polite &gt;= 0.90\"", "<failure", "name=\"rubric is_polite\"",
                "line 3 rude FAIL: turn 1:", "<skipped message=\"1 bad line(s) not scored: line 2: not valid JSON");
        assertThat(SimulationReport.readJson(dir.resolve("report.json")).quality()).isEqualTo(r.quality());
        assertThat(Files.readString(dir.resolve("eval-summary.json"))).contains("\"badLines\" : 1",
                "\"rubric\" : \"is_polite\"", "\"kappa\" : null");
        assertThat(dir.resolve("report.html")).exists();
    }

    @Test
    void withNoGateJunitStillHasACasePerRubricAndOneForTheLines() throws IOException {
        EvaluatedTranscripts e = TranscriptEvaluation.builder().build().evaluate(file(RESOLVED), "t.jsonl");

        assertThat(e.gatePassed()).isTrue();
        assertThat(e.report().gate().checks()).isEmpty();
        String junit = io.callstorm.simulate.writer.JunitReport.render(e.report(),
                io.callstorm.simulate.transcripts.internal.TranscriptOutputsAccess.cases(e));
        assertThat(junit).contains("tests=\"6\" failures=\"0\"", "name=\"lines of t.jsonl\"");
    }

    @Test
    void theBuilderListsEveryProblem() {
        assertThatThrownBy(() -> TranscriptEvaluation.builder()
                .evaluators(List.of(LocalEvaluators.all().get(0), LocalEvaluators.all().get(0)))
                .threads(0)
                .gate(Gate.parse("no_such_rubric>=0.5"))
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("evaluators[1]")
                .hasMessageContaining("threads")
                .hasMessageContaining("unknown rubric \"no_such_rubric\"");
    }
}
