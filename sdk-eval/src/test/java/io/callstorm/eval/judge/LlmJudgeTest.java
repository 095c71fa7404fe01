package io.callstorm.eval.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalInput;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.EvalStatus;
import io.callstorm.eval.EvaluationCosts;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.InputKey;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.TestFixtures;
import io.callstorm.eval.http.CircuitState;
import io.callstorm.eval.http.ResilienceConfig;
import io.callstorm.eval.template.RubricTemplate;
import io.callstorm.eval.template.TemplateRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LlmJudgeTest {
    static final String PATH = "/v1/chat/completions";
    static final ObjectMapper JSON = new ObjectMapper();
    static final RubricTemplate ECHO = RubricTemplate.builder("echo_rubric")
            .description("Test rubric.")
            .requires(InputKey.CONVERSATION)
            .judgePrompt("Judge this call, expected {{expected_outcome}}:\n{{transcript}}")
            .build();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    final Conversation call = TestFixtures.goodCall("call-1");
    LlmJudge judge;

    LlmJudge judge(ResilienceConfig resilience) {
        TemplateRegistry templates = TemplateRegistry.withBuiltIns().register(ECHO);
        judge = LlmJudge.builder(Map.<String, String>of()::get)
                .baseUrl(wm.baseUrl() + "/v1/")
                .model("judge-model")
                .apiKey(TestFixtures.JUDGE_KEY)
                .pricing(new JudgePricing(0.001, 0.002))
                .templates(templates)
                .resilience(resilience)
                .build();
        return judge;
    }

    LlmJudge judge() {
        return judge(TestFixtures.fastResilience().build());
    }

    @AfterEach
    void close() {
        if (judge != null) {
            judge.close();
        }
    }

    static String completion(String content, int promptTokens, int completionTokens) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "judge-model");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return root.toString();
    }

    static ResponseDefinitionBuilder verdict(boolean passed, double score, String reason) {
        return okJson(completion("{\"passed\": " + passed + ", \"score\": " + score + ", \"reason\": \""
                + reason + "\"}", 1000, 500));
    }

    static MappingBuilder judgeCall() {
        return post(urlEqualTo(PATH));
    }

    /** Responses in order, then the last one for ever. */
    static void sequence(ResponseDefinitionBuilder... responses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < responses.length; i++) {
            ScenarioMappingBuilder m = judgeCall().inScenario("seq").whenScenarioStateIs(state).willReturn(responses[i]);
            String next = i + 1 < responses.length ? "step-" + (i + 1) : state;
            if (!next.equals(state)) {
                m = m.willSetStateTo(next);
            }
            wm.stubFor(m);
            state = next;
        }
    }

    @Test
    void sendsTheExactOpenAiCompatibleRequest() throws Exception {
        ObjectNode expected = JSON.createObjectNode();
        expected.put("model", "judge-model");
        expected.put("temperature", 0);
        expected.putObject("response_format").put("type", "json_object");
        var messages = expected.putArray("messages");
        messages.addObject().put("role", "system").put("content", LlmJudge.SYSTEM_PROMPT);
        messages.addObject().put("role", "user").put("content", """
                Judge this call, expected TICKET_CREATED:
                CALLER: Hi, my account number is AC-10423.
                AGENT: Thank you, I have your account. [tools: get_account_info OK]
                CALLER: I'm locked out. Please open a ticket.
                AGENT: Of course, ticket TK-1 is open. [tools: create_ticket OK]""");
        wm.stubFor(judgeCall()
                .withHeader("Authorization", equalTo("Bearer " + TestFixtures.JUDGE_KEY))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson(JSON.writeValueAsString(expected)))
                .willReturn(verdict(true, 0.9, "ticket filed as expected")));

        EvalResult r = judge().evaluator("echo_rubric").evaluate(call);

        assertThat(r.status()).as(r.reason()).isEqualTo(EvalStatus.PASS);
        assertThat(r.rubric()).isEqualTo("echo_rubric");
        assertThat(r.score()).isEqualTo(0.9);
        assertThat(r.reason()).isEqualTo("ticket filed as expected");
        assertThat(r.usage().promptTokens()).isEqualTo(1000);
        assertThat(r.usage().completionTokens()).isEqualTo(500);
        assertThat(r.usage().costUsd()).isCloseTo(0.002, within(1e-12)); // 1K x 0.001 + 0.5K x 0.002
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aConversationInAnotherLanguageIsJudgedInIt() {
        wm.stubFor(judgeCall().willReturn(verdict(true, 0.9, "polite throughout")));
        LlmJudge j = judge();

        j.evaluator(Rubrics.IS_POLITE).evaluate(call.withLanguage("es-ES"));
        j.evaluator(Rubrics.IS_POLITE).evaluate(call.withLanguage("hi-IN"));
        j.evaluator(Rubrics.IS_POLITE).evaluate(call.withLanguage("en-GB"));
        j.evaluator(Rubrics.IS_POLITE).evaluate(call);

        wm.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(containing(
                "the conversation is in Spanish (es-ES). Judge it in that language")));
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(containing(
                "the conversation is in Hindi (hi-IN)")));
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)).withRequestBody(notMatching(".*the conversation is in .*")));
    }

    @Test
    void aFailingVerdictIsAFailAndCostsAreKeptPerRubric() {
        wm.stubFor(judgeCall().willReturn(verdict(false, 0.2, "agent was curt")));
        LlmJudge j = judge();
        EvalResult polite = j.evaluator(Rubrics.IS_POLITE).evaluate(call);
        j.evaluator(Rubrics.IS_POLITE).evaluate(call);
        j.evaluator(Rubrics.IS_HELPFUL).evaluate(call);

        assertThat(polite.status()).isEqualTo(EvalStatus.FAIL);
        assertThat(polite.reason()).isEqualTo("agent was curt");
        EvaluationCosts costs = j.costs();
        assertThat(costs.forRubric(Rubrics.IS_POLITE).evaluations()).isEqualTo(2);
        assertThat(costs.forRubric(Rubrics.IS_POLITE).promptTokens()).isEqualTo(2000);
        assertThat(costs.forRubric(Rubrics.IS_POLITE).costUsd()).isCloseTo(0.004, within(1e-12));
        assertThat(costs.forRubric(Rubrics.IS_HELPFUL).evaluations()).isEqualTo(1);
        assertThat(costs.total().costUsd()).isCloseTo(0.006, within(1e-12));
    }

    @Test
    void theTurnOfAFailingVerdictReachesTheResult() {
        wm.stubFor(judgeCall().willReturn(okJson(completion(
                "{\"passed\": false, \"score\": 0.2, \"reason\": \"agent was curt\", \"turn\": 3}", 10, 5))));

        EvalResult r = judge().evaluator(Rubrics.IS_POLITE).evaluate(call);

        assertThat(r.status()).as(r.reason()).isEqualTo(EvalStatus.FAIL);
        assertThat(r.failingTurn()).hasValue(3);
        assertThat(r.reason()).isEqualTo("agent was curt");
        assertThat(r.reasonWithTurn()).isEqualTo("turn 3: agent was curt");
        assertThat(r.usage().promptTokens()).isEqualTo(10);
        assertThat(LlmJudge.SYSTEM_PROMPT).contains("\"turn\"");
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aMissingOrInvalidTurnIsIgnoredNotAnError() {
        // the call has 4 turns (0..3): 4 is past the end
        for (String turn : List.of("", ", \"turn\": null", ", \"turn\": 4", ", \"turn\": -1",
                ", \"turn\": \"3\"", ", \"turn\": 1.5")) {
            wm.resetAll();
            wm.stubFor(judgeCall().willReturn(okJson(completion(
                    "{\"passed\": false, \"score\": 0.2, \"reason\": \"agent was curt\"" + turn + "}", 10, 5))));

            EvalResult r = judge().evaluator(Rubrics.IS_POLITE).evaluate(call);
            judge.close();

            assertThat(r.status()).as(turn + ": " + r.reason()).isEqualTo(EvalStatus.FAIL);
            assertThat(r.failingTurn()).as(turn).isEmpty();
            wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
        }
        wm.resetAll();
        wm.stubFor(judgeCall().willReturn(okJson(completion(
                "{\"passed\": true, \"score\": 1.0, \"reason\": \"fine\", \"turn\": 2.0}", 10, 5))));
        EvalResult pass = judge().evaluator(Rubrics.IS_POLITE).evaluate(call);
        assertThat(pass.status()).isEqualTo(EvalStatus.PASS);
        assertThat(pass.failingTurn()).isEmpty(); // a pass names no failing turn
    }

    @Test
    void builtInPromptsAreFilledFromTheConversation() {
        wm.stubFor(judgeCall().willReturn(verdict(true, 1, "ok")));
        judge().evaluator(Rubrics.TASK_COMPLETION).evaluate(call);
        wm.verify(postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(containing("get_account_info, create_ticket"))
                .withRequestBody(containing("The call ended with status COMPLETED"))
                .withRequestBody(containing("AGENT: Of course, ticket TK-1 is open. [tools: create_ticket OK]")));
    }

    @Test
    void unauthorizedIsAnErrorAtOnce() {
        wm.stubFor(judgeCall().willReturn(aResponse().withStatus(401)
                .withBody("{\"error\": {\"message\": \"Incorrect API key provided\"}}")));
        EvalResult r = judge().evaluator(Rubrics.IS_POLITE).evaluate(call);
        assertThat(r.status()).isEqualTo(EvalStatus.ERROR);
        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).contains("answered 401").contains("not accepted");
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterThenSucceeds() {
        sequence(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("slow down"),
                verdict(true, 1, "fine"));
        long start = System.nanoTime();
        EvalResult r = judge().evaluator(Rubrics.IS_POLITE).evaluate(call);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).as(r.reason()).isEqualTo(EvalStatus.PASS);
        assertThat(tookMs).isGreaterThanOrEqualTo(950);
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void serverErrorIsRetriedThenSucceeds() {
        sequence(aResponse().withStatus(500), verdict(true, 1, "fine"));
        EvalResult r = judge().evaluator(Rubrics.IS_POLITE).evaluate(call);
        assertThat(r.status()).as(r.reason()).isEqualTo(EvalStatus.PASS);
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aSlowEndpointTimesOutIntoAnError() {
        wm.stubFor(judgeCall().willReturn(verdict(true, 1, "late").withFixedDelay(1500)));
        EvalResult r = judge(TestFixtures.fastResilience().callTimeout(Duration.ofMillis(300)).maxAttempts(2).build())
                .evaluator(Rubrics.IS_POLITE).evaluate(call);
        assertThat(r.status()).isEqualTo(EvalStatus.ERROR);
        assertThat(r.reason()).contains("timed out after 300 ms").contains("(after 2 attempts)");
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aResetConnectionIsRetried() {
        sequence(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), verdict(true, 1, "fine"));
        EvalResult r = judge().evaluator(Rubrics.IS_POLITE).evaluate(call);
        assertThat(r.status()).as(r.reason()).isEqualTo(EvalStatus.PASS);
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aConnectionThatKeepsResettingIsAnError() {
        wm.stubFor(judgeCall().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        EvalResult r = judge().evaluator(Rubrics.IS_POLITE).evaluate(call);
        assertThat(r.status()).isEqualTo(EvalStatus.ERROR);
        assertThat(r.reason()).contains("judge call failed").contains("(after 3 attempts)");
        wm.verify(3, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aMalformedVerdictIsRetriedOnceThenRecordedAsAnErrorNeverAPass() {
        wm.stubFor(judgeCall().willReturn(okJson(completion("Sure! The agent was polite.", 100, 10))));
        LlmJudge j = judge();
        EvalResult r = j.evaluator(Rubrics.IS_POLITE).evaluate(call);
        assertThat(r.status()).isEqualTo(EvalStatus.ERROR);
        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).isEqualTo("judge gave a malformed verdict 2 times: verdict is not JSON: "
                + "\"Sure! The agent was polite.\"");
        assertThat(r.usage().promptTokens()).isEqualTo(200); // both attempts cost tokens
        assertThat(j.costs().forRubric(Rubrics.IS_POLITE).promptTokens()).isEqualTo(200);
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aMalformedVerdictFollowedByAGoodOneCounts() {
        sequence(okJson(completion("{\"passed\": \"yes\", \"score\": 1, \"reason\": \"ok\"}", 100, 10)),
                verdict(true, 0.75, "polite throughout"));
        EvalResult r = judge().evaluator(Rubrics.IS_POLITE).evaluate(call);
        assertThat(r.status()).isEqualTo(EvalStatus.PASS);
        assertThat(r.score()).isEqualTo(0.75);
        assertThat(r.usage().promptTokens()).isEqualTo(1100);
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void verdictsAreStrict() {
        sequence(okJson(completion("{\"passed\": true, \"score\": 1, \"reason\": \"ok\", \"confidence\": 0.9}", 1, 1)),
                okJson(completion("{\"passed\": true, \"score\": 7, \"reason\": \"\"}", 1, 1)));
        EvalResult r = judge().evaluator(Rubrics.IS_POLITE).evaluate(call);
        assertThat(r.status()).isEqualTo(EvalStatus.ERROR);
        assertThat(r.reason()).contains("\"score\" must be between 0 and 1, was 7")
                .contains("\"reason\" must be a non-empty string");

        wm.resetAll();
        wm.stubFor(judgeCall().willReturn(aResponse().withStatus(200).withBody("<html>proxy error</html>")));
        EvalResult notJson = judge.evaluator(Rubrics.IS_POLITE).evaluate(call);
        assertThat(notJson.status()).isEqualTo(EvalStatus.ERROR);
        assertThat(notJson.reason()).contains("response is not JSON");
    }

    @Test
    void theCircuitOpensAfterFailuresAndClosesAfterTheWait() throws InterruptedException {
        LlmJudge j = judge(TestFixtures.fastResilience()
                .maxAttempts(1)
                .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThresholdPercent(50)
                .waitInOpenState(Duration.ofMillis(300)).permittedCallsInHalfOpenState(1)
                .build());
        Evaluator polite = j.evaluator(Rubrics.IS_POLITE);
        wm.stubFor(judgeCall().willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 4; i++) {
            assertThat(polite.evaluate(call).status()).isEqualTo(EvalStatus.ERROR);
        }
        assertThat(j.circuitState()).isEqualTo(CircuitState.OPEN);

        EvalResult fastFail = polite.evaluate(call);
        assertThat(fastFail.status()).isEqualTo(EvalStatus.ERROR);
        assertThat(fastFail.reason()).contains("circuit breaker is open");
        wm.verify(4, postRequestedFor(urlEqualTo(PATH))); // the fifth call never left the client

        wm.stubFor(judgeCall().willReturn(verdict(true, 1, "back")));
        Thread.sleep(400);
        assertThat(polite.evaluate(call).status()).isEqualTo(EvalStatus.PASS);
        assertThat(j.circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aMissingInputIsAnErrorWithoutACall() {
        EvalResult r = judge().evaluator(Rubrics.AUDIO_TRANSCRIPTION).evaluate(call);
        assertThat(r.status()).isEqualTo(EvalStatus.ERROR);
        assertThat(r.reason()).contains("needs input scripted_utterances");
        wm.verify(0, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void audioTemplatesGetTheirInputsInThePrompt() {
        wm.stubFor(judgeCall().willReturn(verdict(true, 0.95, "heard well")));
        EvalResult r = judge().evaluator(Rubrics.AUDIO_TRANSCRIPTION).evaluate(EvalInput.builder()
                .put(InputKey.SCRIPTED_UTTERANCES, List.of("open a ticket"))
                .put(InputKey.RECOGNIZED_UTTERANCES, List.of("open a thicket"))
                .build());
        assertThat(r.passed()).isTrue();
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(containing("1. open a thicket")));
    }

    @Test
    void readsItsConfigurationFromTheEnvironment() {
        Map<String, String> env = Map.of(LlmJudge.API_KEY_ENV, TestFixtures.JUDGE_KEY,
                LlmJudge.BASE_URL_ENV, wm.baseUrl() + "/v1", LlmJudge.MODEL_ENV, "env-model");
        wm.stubFor(judgeCall().withRequestBody(containing("\"model\":\"env-model\""))
                .withHeader("Authorization", equalTo("Bearer " + TestFixtures.JUDGE_KEY))
                .willReturn(verdict(true, 1, "ok")));
        try (LlmJudge fromEnv = LlmJudge.builder(env::get).resilience(TestFixtures.fastResilience().build()).build()) {
            assertThat(fromEnv.evaluator(Rubrics.IS_POLITE).evaluate(call).passed()).isTrue();
            assertThat(fromEnv.toString()).contains("apiKey=***").contains("env-model")
                    .doesNotContain(TestFixtures.JUDGE_KEY);
        }
        assertThatThrownBy(() -> LlmJudge.builder(Map.<String, String>of()::get).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(LlmJudge.API_KEY_ENV);
        assertThatThrownBy(() -> LlmJudge.builder().baseUrl("not a url"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> judge().evaluator("is_funny"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no template named");
    }
}
