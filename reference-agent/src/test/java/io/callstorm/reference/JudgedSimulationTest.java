package io.callstorm.reference;

import io.callstorm.simulate.JudgeStubs;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.evaluate.EvaluationConfig;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.SimulationReport;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.http.ResilienceConfig;
import io.callstorm.eval.judge.LlmJudge;
import io.callstorm.eval.local.LocalEvaluators;
import io.callstorm.eval.pool.QueuePolicy;
import io.callstorm.simulate.analysis.ReportRebuilder;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.EvaluationSummary;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.RubricEvaluation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Scoring a simulation with an LLM judge (WireMock) for some rubrics and the local scorers for the others: an
 * unusable verdict is an error, not a fail; a slow judge loses calls to scoring, never time to the load.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JudgedSimulationTest {
    private static final ScenarioGraph SHORT_PATHS = ScenarioGraph.builder("support-desk-short")
            .paths(SupportDeskScenarios.graph().paths().stream().filter(p -> p.steps().size() <= 5).toList())
            .build();
    private static final LoadProfile LOAD = LoadProfile.concurrentCalls(30).hold(Duration.ofSeconds(2)).build();
    /** Enough calls ending each second to swamp a judge that takes 400 ms a verdict. */
    private static final LoadProfile BUSY = LoadProfile.concurrentCalls(100).hold(Duration.ofSeconds(2)).build();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").containerThreads(40))
            .build();

    private LlmJudge judge;

    private LlmJudge judge() {
        judge = LlmJudge.builder().baseUrl(wm.baseUrl() + "/v1").model("judge-model").apiKey(JudgeStubs.KEY)
                .resilience(ResilienceConfig.custom().callTimeout(Duration.ofSeconds(5)).maxAttempts(1)
                        .requestsPerSecond(1_000).build())
                .build();
        return judge;
    }

    @AfterEach
    void closeJudge() {
        if (judge != null) {
            judge.close();
        }
    }

    private static Simulation.Builder simulation(ReferenceAgent agent, Path out) {
        return Simulation.builder()
                .name("judged")
                .agent(ReferenceAgent.definition(), agent)
                .personas(Personas.builtIns())
                .scenarios(SHORT_PATHS, 500)
                .load(LOAD)
                .timeScale(0.02)
                .outputDirectory(out);
    }

    @Test
    void aJudgeAnsweringGarbageGivesErrorsThatAreNeitherPassesNorFails(@TempDir Path out) throws Exception {
        wm.stubFor(post(urlEqualTo(JudgeStubs.PATH)).withRequestBody(containing("Rubric: is_polite"))
                .willReturn(okJson(JudgeStubs.completion("I'd say the agent was polite enough!", 300, 10))));
        wm.stubFor(post(urlEqualTo(JudgeStubs.PATH)).withRequestBody(containing("Rubric: is_helpful"))
                .willReturn(okJson(JudgeStubs.verdict(true, 1.0, "Answered every question."))));

        SimulationReport report;
        try (ReferenceAgent agent = ReferenceAgent.create(ReferenceAgentConfig.defaults())) {
            report = simulation(agent, out).judge(judge(), Rubrics.IS_POLITE, Rubrics.IS_HELPFUL).build().run();
        }

        EvaluationSummary e = report.evaluation();
        RubricEvaluation polite = e.rubric(Rubrics.IS_POLITE).orElseThrow();
        assertThat(e.conversationsDropped()).isZero();
        assertThat(polite.evaluator()).isEqualTo("judge");
        assertThat(polite.done()).isEqualTo(report.load().callsStarted());
        assertThat(polite.errors()).isEqualTo(polite.done());
        assertThat(polite.passed() + polite.failed()).isZero();
        assertThat(polite.promptTokens()).as("both attempts at a verdict are paid for").isEqualTo(2 * 300 * polite.done());
        assertThat(polite.costUsd()).isPositive();
        assertThat(report.quality(Rubrics.IS_POLITE)).as("an error is in no pass rate").isEmpty();
        assertThat(report.quality(Rubrics.IS_HELPFUL)).isNotEmpty()
                .allSatisfy(q -> assertThat(q.passRate()).isEqualTo(1.0));
        assertThat(e.rubric(Rubrics.IS_HELPFUL).orElseThrow().errors()).isZero();
        assertThat(e.total().errors()).isEqualTo(polite.errors());

        CallLine line = ReportJson.mapper().readValue(Files.readAllLines(out.resolve("calls.jsonl")).get(0),
                CallLine.class);
        CallLine.Score score = line.scores().get(Rubrics.IS_POLITE);
        assertThat(score.status()).isEqualTo(CallLine.Verdict.ERROR);
        assertThat(score.passed()).isFalse();
        assertThat(score.reason()).contains("malformed verdict 2 times");

        SimulationReport again = ReportRebuilder.rebuild(out.resolve("calls.jsonl")).report();
        assertThat(again.evaluation()).isEqualTo(e);
        assertThat(again.quality()).isEqualTo(report.quality());
        for (String file : List.of("report.json", "calls.jsonl", "run.json", "report.html")) {
            assertThat(Files.readString(out.resolve(file))).as(file).doesNotContain(JudgeStubs.KEY);
        }
    }

    @Test
    void aSlowJudgeBehindATinyQueueDropsAndCountsCallsAndDoesNotSlowTheLoad(@TempDir Path dir) throws Exception {
        wm.stubFor(post(urlEqualTo(JudgeStubs.PATH))
                .willReturn(okJson(JudgeStubs.verdict(true, 0.9, "Fine.")).withFixedDelay(400)));

        SimulationReport local;
        SimulationReport judged;
        long judgedWallMillis;
        try (ReferenceAgent agent = ReferenceAgent.create(ReferenceAgentConfig.defaults())) {
            local = simulation(agent, dir.resolve("local")).load(BUSY).build().run();
        }
        try (ReferenceAgent agent = ReferenceAgent.create(ReferenceAgentConfig.defaults())) {
            Simulation sim = simulation(agent, dir.resolve("judged")).load(BUSY)
                    .judge(judge(), Rubrics.IS_POLITE)
                    .evaluation(EvaluationConfig.builder().threads(1).queueCapacity(1)
                            .whenFull(QueuePolicy.DROP_AND_COUNT).finishTimeout(Duration.ofSeconds(1)).build())
                    .build();
            long start = System.nanoTime();
            judged = sim.run();
            judgedWallMillis = (System.nanoTime() - start) / 1_000_000;
        }

        EvaluationSummary e = judged.evaluation();
        long calls = judged.load().callsStarted();
        assertThat(e.policy()).isEqualTo("DROP_AND_COUNT");
        assertThat(e.queueCapacity()).isEqualTo(1);
        assertThat(e.conversationsDropped()).as("calls the judge had no room for").isPositive();
        assertThat(e.conversationsScored()).isPositive();
        assertThat(e.conversationsScored() + e.conversationsDropped()).isEqualTo(calls);
        assertThat(judged.harness().evaluationsDropped()).isEqualTo(e.conversationsDropped());
        assertThat(judged.harness().evaluationsDone()).isEqualTo(e.conversationsScored());
        assertThat(e.rubrics()).allSatisfy(r -> assertThat(r.dropped()).isEqualTo(e.conversationsDropped()));
        assertThat(e.rubric(Rubrics.IS_POLITE).orElseThrow().done()).isEqualTo(e.conversationsScored());

        // nothing measured is lost: every call has its line, the unscored ones marked
        List<String> lines = Files.readAllLines(dir.resolve("judged").resolve("calls.jsonl"));
        assertThat(lines).hasSize((int) calls);
        assertThat(lines.stream().filter(l -> l.contains("\"scoring\":\"dropped\""))).hasSize((int) e.conversationsDropped());

        // the load did not wait for the judge: as many calls in about the time of the run scored locally
        assertThat(judged.simulation().durationSeconds()).isLessThan(local.simulation().durationSeconds() + 1.0);
        assertThat((double) calls).isGreaterThan(0.8 * local.load().callsStarted());
        assertThat(judged.harness().eventLoopLagP99Ms()).isLessThan(50);
        assertThat(judgedWallMillis).as("the end waits at most the finish timeout for the judge")
                .isLessThan(Math.round(judged.simulation().durationSeconds() * 1000) + 4_000);
        assertThat(local.evaluation().conversationsDropped()).isZero();
    }

    @Test
    void judgedRubricsAndTheEvaluationConfigAreChecked() {
        try (ReferenceAgent agent = ReferenceAgent.create(ReferenceAgentConfig.defaults())) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> simulation(agent, null)
                            .judge(judge(), "is_polite", "made_up")
                            .evaluators(List.of(LocalEvaluators.all().get(0), LocalEvaluators.all().get(0)))
                            .evaluation(null)
                            .build());
            assertThat(e.problems()).extracting(Problem::path)
                    .containsExactlyInAnyOrder("judge.made_up", "evaluators[1]", "evaluation");

            ConfigurationException config = catchThrowableOfType(ConfigurationException.class,
                    () -> EvaluationConfig.builder().threads(0).queueCapacity(0).whenFull(null)
                            .finishTimeout(Duration.ofSeconds(-1)).build());
            assertThat(config.problems()).extracting(Problem::path).containsExactlyInAnyOrder("evaluation.threads",
                    "evaluation.queueCapacity", "evaluation.whenFull", "evaluation.finishTimeout");

            // the queue capacity shortcut overrides the configuration's, and a judged rubric replaces its evaluator
            wm.stubFor(post(urlEqualTo(JudgeStubs.PATH)).willReturn(okJson(JudgeStubs.verdict(true, 1.0, "Short."))));
            SimulationReport report = simulation(agent, null).judge(judge(), Rubrics.IS_CONCISE)
                    .load(LoadProfile.concurrentCalls(5).hold(Duration.ofMillis(300)).build())
                    .evaluation(EvaluationConfig.builder().threads(3).build()).evaluationQueueCapacity(7).build().run();
            assertThat(report.evaluation().threads()).isEqualTo(3);
            assertThat(report.evaluation().queueCapacity()).isEqualTo(7);
            assertThat(report.evaluation().rubrics()).extracting(RubricEvaluation::rubric)
                    .containsExactlyElementsOf(Rubrics.CORE);
            assertThat(report.evaluation().rubric(Rubrics.IS_CONCISE).orElseThrow().evaluator()).isEqualTo("judge");
        }
    }
}
