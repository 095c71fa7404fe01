package io.callstorm.cli;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.callstorm.simulate.JudgeStubs;
import io.callstorm.simulate.report.EvaluationSummary;
import io.callstorm.simulate.report.RubricEvaluation;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code evaluation:} and {@code outputs:} in the simulation file: a judge named by URL and by the variable holding
 * its key, a sample of the calls, compressed calls; and every problem in them at once, the key never shown.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EvaluationInFileTest {
    @RegisterExtension
    static WireMockExtension judge = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final String LOAD = """
            timeScale: 0.02
            load:
              start: 2
              stages:
                - rampTo: 12
                  duration: 1s
                - hold: 2s
            """;

    @Test
    void aJudgeNamedInTheFileScoresItsRubricsOnASampleOfTheCalls(@TempDir Path dir) throws Exception {
        judge.stubFor(post(urlEqualTo(JudgeStubs.PATH)).withRequestBody(containing("Rubric: is_polite"))
                .willReturn(okJson(JudgeStubs.verdict(true, 0.9, "Courteous throughout."))));
        Path file = Files.writeString(dir.resolve("sim.yaml"), LOAD + """
                evaluation:
                  rubrics: [conversation_resolution, is_concise]
                  judge:
                    url: %s/v1
                    model: judge-model
                    apiKeyEnv: MY_JUDGE_KEY
                    rubrics: [is_polite]
                  sample: 0.5
                  threads: 4
                outputs:
                  dir: out
                  compressCalls: true
                """.formatted(judge.baseUrl()));

        CliResult r = CliResult.run(Map.of("MY_JUDGE_KEY", JudgeStubs.KEY)::get, "run", file.toString(),
                "--no-progress");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(r.out() + r.err()).doesNotContain(JudgeStubs.KEY);
        Path out = dir.resolve("out");
        assertThat(out.resolve("calls.jsonl.gz")).exists();
        assertThat(out.resolve("calls.jsonl")).doesNotExist();
        EvaluationSummary e = SimulationReport.readJson(out.resolve("report.json")).evaluation();
        assertThat(e.rubrics()).extracting(RubricEvaluation::rubric)
                .containsExactly("conversation_resolution", "is_concise", "is_polite");
        assertThat(e.rubrics()).extracting(RubricEvaluation::evaluator).containsExactly("local", "local", "judge");
        assertThat(e.sample()).isEqualTo(0.5);
        assertThat(e.threads()).isEqualTo(4);
        assertThat(e.conversationsSampledOut()).isPositive();
        assertThat(e.conversationsScored()).isPositive();
        assertThat(e.rubric("is_polite").orElseThrow().passed()).isEqualTo(e.conversationsScored());
        assertThat(judge.getAllServeEvents()).hasSize((int) e.conversationsScored());
    }

    @Test
    void everyProblemInEvaluationAndOutputsIsNamedAtOnceAndAKeyWrittenInTheFileIsNotShown(@TempDir Path dir)
            throws Exception {
        String secret = "sk-live-0123456789abcdefghijklmnopqrstuvwxyz";
        Path file = Files.writeString(dir.resolve("sim.yaml"), LOAD + """
                evaluation:
                  rubrics: [conversation_resolution, tone_of_voice]
                  judge:
                    url: ftp://judge
                    apiKeyEnv: %s
                    rubrics: [is_politeness]
                  remote:
                    apiKeyEnv: UNSET_REMOTE_KEY
                    secretKeyEnv: UNSET_REMOTE_SECRET
                  sample: 2
                  whenFull: block
                outputs:
                  compressCalls: "yes"
                  format: html
                """.formatted(secret));

        CliResult r = CliResult.run(Map.<String, String>of()::get, "run", file.toString(), "--no-progress");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).doesNotContain(secret).doesNotContain("sk-live")
                .contains("evaluation.rubrics[1]", "\"tone_of_voice\" has no scorer")
                .contains("evaluation.judge.url", "must be an http(s) URL")
                .contains("evaluation.judge.apiKeyEnv", "must be the name of an environment variable")
                .contains("evaluation.judge.rubrics[0]", "unknown rubric \"is_politeness\"")
                .contains("evaluation.remote.apiKeyEnv", "UNSET_REMOTE_KEY is not set")
                .contains("evaluation.remote.secretKeyEnv", "UNSET_REMOTE_SECRET is not set")
                .contains("evaluation.remote.templates", "must map each rubric")
                .contains("evaluation.sample", "was 2.0")
                .contains("evaluation.whenFull", "was \"block\"")
                .contains("outputs.compressCalls", "must be true")
                .contains("outputs", "format");
    }

    @Test
    void callersThatImproviseAreNamedInTheFileAndCountedInTheReport(@TempDir Path dir) throws Exception {
        judge.stubFor(post(urlEqualTo(JudgeStubs.PATH)).withRequestBody(containing("caller"))
                .willReturn(okJson(JudgeStubs.completion(
                        "Yes, my account number is {account}, and I would like this sorted today.", 300, 15))));
        Path file = Files.writeString(dir.resolve("sim.yaml"), LOAD + """
                callers:
                  mode: improvising
                  model: {baseUrl: "%s/v1", name: caller-model, apiKeyEnv: CALLER_KEY}
                  maxConcurrentRequests: 4
                  maxRequests: 40
                evaluation:
                  rubrics: [conversation_resolution]
                out: out
                """.formatted(judge.baseUrl()));

        CliResult r = CliResult.run(Map.of("CALLER_KEY", JudgeStubs.KEY)::get, "run", file.toString(),
                "--no-progress");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(r.out() + r.err()).doesNotContain(JudgeStubs.KEY);
        SimulationReport report = SimulationReport.readJson(dir.resolve("out/report.json"));
        assertThat(report.callers().mode()).isEqualTo("improvising");
        assertThat(report.callers().improvisedTurns()).isPositive();
        assertThat(report.callers().modelRequests()).isPositive().isLessThanOrEqualTo(40);
        assertThat(judge.getAllServeEvents()).hasSize((int) report.callers().modelRequests());
    }
}
