package io.callstorm.cli;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.callstorm.eval.Rubrics;
import io.callstorm.simulate.JudgeStubs;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.EvaluationSummary;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.RubricEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code callstorm demo --judge-url}: a demo against the reference agent scored by an OpenAI-compatible judge
 * (WireMock) for two rubrics and by the local scorers for the other three.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JudgedDemoTest {
    static final String KEY = JudgeStubs.KEY;

    @RegisterExtension
    static WireMockExtension judge = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static CliResult run(Function<String, String> environment, String... args) {
        return CliResult.run(environment, args);
    }

    @Test
    void aJudgedDemoReportsTheFiveRubricsWithEvaluationCountsAndCostAndNeverTheKey(@TempDir Path dir)
            throws Exception {
        judge.stubFor(post(urlEqualTo(JudgeStubs.PATH)).withRequestBody(containing("Rubric: is_polite"))
                .willReturn(okJson(JudgeStubs.verdict(true, 0.9, "Courteous throughout."))));
        judge.stubFor(post(urlEqualTo(JudgeStubs.PATH)).withRequestBody(containing("Rubric: is_helpful"))
                .willReturn(okJson(JudgeStubs.completion(
                        "{\"passed\": false, \"score\": 0.3, \"reason\": \"The agent stalled.\"}", 500, 25))));
        Path out = dir.resolve("run");
        Map<String, String> env = Map.of("CALLSTORM_JUDGE_API_KEY", KEY);

        CliResult r = run(env::get, "demo", "--peak", "10", "--start", "2", "--ramp", "1s", "--hold", "1s",
                "--ramp-down", "0s", "--time-scale", "0.02", "--no-progress", "--out", out.toString(),
                "--judge-url", judge.baseUrl() + "/v1", "--judge-model", "judge-model",
                "--judge-rubrics", "is_polite,is_helpful");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_OK);
        SimulationReport report = SimulationReport.readJson(out.resolve("report.json"));
        EvaluationSummary e = report.evaluation();
        long calls = report.load().callsStarted();
        assertThat(e.rubrics()).extracting(RubricEvaluation::rubric).containsExactlyElementsOf(Rubrics.CORE);
        assertThat(e.rubrics()).extracting(RubricEvaluation::evaluator)
                .containsExactly("local", "local", "judge", "judge", "local");
        assertThat(e.conversationsScored() + e.conversationsDropped()).isEqualTo(calls);
        assertThat(e.conversationsScored()).isPositive();
        assertThat(report.harness().evaluationsDone()).isEqualTo(e.conversationsScored());
        assertThat(report.harness().evaluationsDropped()).isEqualTo(e.conversationsDropped());

        RubricEvaluation polite = e.rubric(Rubrics.IS_POLITE).orElseThrow();
        RubricEvaluation helpful = e.rubric(Rubrics.IS_HELPFUL).orElseThrow();
        assertThat(polite.done()).isEqualTo(e.conversationsScored());
        assertThat(polite.passed()).isEqualTo(polite.done());
        assertThat(helpful.failed()).isEqualTo(helpful.done());
        assertThat(polite.promptTokens()).isEqualTo(400 * polite.done());
        assertThat(polite.costUsd()).isPositive();
        assertThat(helpful.costUsd()).isGreaterThan(polite.costUsd());
        assertThat(e.rubric(Rubrics.TASK_COMPLETION).orElseThrow().costUsd()).isZero();
        assertThat(e.total().evaluator()).isEqualTo("local+judge");
        assertThat(e.total().done()).isEqualTo(5 * e.conversationsScored());
        assertThat(e.total().costUsd()).isEqualTo(Math.round((polite.costUsd() + helpful.costUsd()) * 1e6) / 1e6);
        for (String rubric : Rubrics.CORE) {
            assertThat(report.quality(rubric)).as(rubric).isNotEmpty();
        }
        assertThat(report.quality(Rubrics.IS_HELPFUL)).allSatisfy(q -> assertThat(q.passRate()).isZero());
        assertThat(r.out()).contains("Scoring is_polite, is_helpful with the judge judge-model",
                "Evaluations: " + String.format("%,d", e.total().done()) + " done, 0 errors, 0 dropped",
                "local: conversation_resolution, task_completion, is_concise; judge: is_polite, is_helpful", "cost $");

        // every judged verdict carries its status, tokens and cost on its line, and the rebuild reads them back
        CallLine line = ReportJson.mapper().readValue(Files.readAllLines(out.resolve("calls.jsonl")).get(0),
                CallLine.class);
        assertThat(line.scoring()).isEqualTo(CallLine.Scoring.SCORED);
        assertThat(line.scores().get(Rubrics.IS_HELPFUL).status()).isEqualTo(CallLine.Verdict.FAIL);
        assertThat(line.scores().get(Rubrics.IS_HELPFUL).promptTokens()).isEqualTo(500);
        Path rebuiltDir = dir.resolve("rebuilt");
        CliResult rebuilt = run(env::get, "report", out.resolve("calls.jsonl").toString(), "--out", rebuiltDir.toString());
        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isEqualTo(CallstormCli.EXIT_OK);
        SimulationReport again = SimulationReport.readJson(rebuiltDir.resolve("report.json"));
        assertThat(again.evaluation()).isEqualTo(report.evaluation());
        assertThat(again.quality()).isEqualTo(report.quality());

        // the key went to the judge, and nowhere else
        judge.verify(postRequestedFor(urlEqualTo(JudgeStubs.PATH))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
        assertThat(r.out() + r.err() + rebuilt.out() + rebuilt.err()).doesNotContain(KEY);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString())
                .contains("report.json", "calls.jsonl", "run.json", "report.html", "junit.xml");
        for (Path f : files) {
            assertThat(Files.readString(f)).as(f.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void judgeOptionsAreCheckedBeforeTheRun(@TempDir Path out) {
        CliResult noKey = run(Map.<String, String>of()::get, "demo", "--no-progress", "--out", out.toString(),
                "--judge-url", "ftp://judge", "--judge-rubrics", "is_polite,is_polit");
        CliResult noUrl = run(Map.of("CALLSTORM_JUDGE_API_KEY", KEY)::get, "demo", "--no-progress", "--out",
                out.toString(), "--judge-model", "m", "--judge-rubrics", "is_polite");

        assertThat(noKey.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(noKey.err()).contains("3 problems", "must be an http(s) URL", "CALLSTORM_JUDGE_API_KEY",
                "unknown rubric \"is_polit\"").doesNotContain("Exception", "\tat ");
        assertThat(noUrl.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(noUrl.err()).contains("--judge-model: needs --judge-url", "--judge-rubrics: needs --judge-url")
                .doesNotContain(KEY);
        assertThat(out.resolve("calls.jsonl")).doesNotExist();
    }
}
