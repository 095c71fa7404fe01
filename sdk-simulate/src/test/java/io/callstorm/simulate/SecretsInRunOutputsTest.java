package io.callstorm.simulate;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.judge.LlmJudge;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A canary key in an in-process run: the judge (WireMock) echoes its key in its verdicts and its error bodies, and
 * the agent echoes it, raw and encoded, in its replies and its errors. The key must be in none of the run's files
 * nor in the report the run returns, where each of those echoes lands masked instead.
 */
class SecretsInRunOutputsTest {
    static final String CANARY = "sk-canary-judge-JK4v8QzT2wR6";

    @RegisterExtension
    static WireMockExtension judge = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    static List<String> forms() {
        return List.of(CANARY, URLEncoder.encode("Bearer " + CANARY, StandardCharsets.UTF_8),
                b64(CANARY), b64("Bearer " + CANARY), b64("user:" + CANARY));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theJudgesKeyEchoedByTheJudgeAndTheAgentIsInNoOutput(@TempDir Path out) throws Exception {
        // is_polite: a failing verdict whose reason quotes the key (it lands in the report's drill-down);
        // is_helpful: a 500 whose body quotes it (it lands in the verdict's error reason)
        judge.stubFor(post(urlEqualTo(JudgeStubs.PATH)).withRequestBody(containing("Rubric: is_polite"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(JudgeStubs.completion("{\"passed\": false, \"score\": 0.1, \"reason\": "
                                + "\"you sent {{request.headers.Authorization}}\"}", 400, 20))
                        .withTransformers("response-template")));
        judge.stubFor(post(urlEqualTo(JudgeStubs.PATH)).withRequestBody(containing("Rubric: is_helpful"))
                .willReturn(aResponse().withStatus(500)
                        .withBody("{\"error\": {\"message\": \"bad key {{request.headers.Authorization}}\"}}")
                        .withTransformers("response-template")));

        SimulationReport report;
        try (LlmJudge llm = LlmJudge.builder().baseUrl(judge.baseUrl() + "/v1").model("judge-model").apiKey(CANARY)
                .build();
             ScriptedAgent agent = new ScriptedAgent(a -> {
                 if (a.turn().index() == 1 && Math.floorMod(a.callId().hashCode(), 2) == 0) {
                     return ScriptedAgent.Response.error(AgentException.withStatus(AgentErrorKind.OTHER, null, 401,
                             "HTTP 401: invalid Authorization: Bearer " + CANARY));
                 }
                 return ScriptedAgent.Response.reply(Duration.ofMillis(5), Duration.ofMillis(10))
                         .text("Your key is " + CANARY + ", or " + b64("Bearer " + CANARY) + " or "
                                 + URLEncoder.encode("Bearer " + CANARY, StandardCharsets.UTF_8));
             })) {
            report = SmallSimulations.of(agent)
                    .load(LoadProfile.concurrentCalls(4).hold(Duration.ofMillis(800)).build())
                    .judge(llm, Rubrics.IS_POLITE, Rubrics.IS_HELPFUL)
                    .outputDirectory(out)
                    .build().run();
        }

        judge.verify(postRequestedFor(urlEqualTo(JudgeStubs.PATH))
                .withHeader("Authorization", equalTo("Bearer " + CANARY)));
        assertThat(report.load().callsStarted()).isPositive();
        assertThat(report.errors().clusters()).isNotEmpty();
        String returned = ReportJson.mapper().writeValueAsString(report);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString())
                .contains("calls.jsonl", "run.json", "report.json", "report.html", "junit.xml");
        for (Path f : files) {
            String text = Files.readString(f);
            forms().forEach(form -> assertThat(text).as(f + " holds " + form).doesNotContain(form));
        }
        forms().forEach(form -> assertThat(returned).as("the returned report").doesNotContain(form));
        // the echoes were there, masked: the test would pass vacuously otherwise
        String calls = Files.readString(out.resolve("calls.jsonl"));
        // base64("Bearer " + key): the characters that depend on the key alone are masked
        assertThat(calls).contains("Your key is ***, or QmVhcmVyIH***Y= or Bearer+***", "you sent Bearer ***", "bad key Bearer ***",
                "invalid Authorization: Bearer ***");
        assertThat(Files.readString(out.resolve("report.json"))).contains("Bearer ***");
        assertThat(report.errors().clusters()).anySatisfy(c -> assertThat(String.valueOf(c)).contains("***"));
    }
}
