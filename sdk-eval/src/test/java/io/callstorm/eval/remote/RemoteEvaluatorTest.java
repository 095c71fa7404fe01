package io.callstorm.eval.remote;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.EvalStatus;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.TestFixtures;
import io.callstorm.eval.http.BadRequestException;
import io.callstorm.eval.http.CircuitState;
import io.callstorm.eval.http.EvalUnavailableException;
import io.callstorm.eval.http.InvalidAuthException;
import io.callstorm.eval.http.ResilienceConfig;
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
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RemoteEvaluatorTest {
    static final String EVAL_PATH = "/sdk/api/v1/new-eval/";
    static final String TEMPLATES_PATH = "/sdk/api/v1/get-evals/";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    RemoteEvaluator client;

    RemoteEvaluator client(ResilienceConfig resilience) {
        client = RemoteEvaluator.builder(Map.of(
                        RemoteEvaluator.BASE_URL_ENV, wm.baseUrl(),
                        RemoteEvaluator.API_KEY_ENV, TestFixtures.FI_API_KEY,
                        RemoteEvaluator.SECRET_KEY_ENV, TestFixtures.FI_SECRET_KEY)::get)
                .resilience(resilience)
                .build();
        return client;
    }

    RemoteEvaluator client() {
        return client(TestFixtures.fastResilience().build());
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    static String evaluation(String name, String output, String reason, String metadata) {
        return """
                {"name": "%s", "output": %s, "reason": "%s", "runtime": 1234, "outputType": "Pass/Fail",
                 "evalId": "ev-%s", "metadata": %s}""".formatted(name, output, reason, name, metadata);
    }

    static ResponseDefinitionBuilder result(String... evaluations) {
        return okJson("{\"status\": true, \"result\": [{\"evaluations\": [" + String.join(",", evaluations) + "]}]}");
    }

    static ResponseDefinitionBuilder toneResult() {
        return result(evaluation("tone", "\"Passed\"", "friendly and clear",
                "{\"usage\": {\"prompt_tokens\": 120, \"completion_tokens\": 30}, \"cost\": {\"total_cost\": 0.0042},"
                        + " \"explanation\": \"the reply thanks the caller\"}"));
    }

    static MappingBuilder evalCall() {
        return post(urlEqualTo(EVAL_PATH));
    }

    static void sequence(ResponseDefinitionBuilder... responses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < responses.length; i++) {
            ScenarioMappingBuilder m = evalCall().inScenario("seq").whenScenarioStateIs(state).willReturn(responses[i]);
            String next = i + 1 < responses.length ? "step-" + (i + 1) : state;
            if (!next.equals(state)) {
                m = m.willSetStateTo(next);
            }
            wm.stubFor(m);
            state = next;
        }
    }

    @Test
    void sendsTheExactPythonSdkRequestAndParsesTheResult() {
        wm.stubFor(evalCall()
                .withHeader("X-Api-Key", equalTo(TestFixtures.FI_API_KEY))
                .withHeader("X-Secret-Key", equalTo(TestFixtures.FI_SECRET_KEY))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("""
                        {"eval_name": "tone",
                         "inputs": {"output": "Thanks for calling, have a great day!"},
                         "model": "turing_flash",
                         "span_id": null,
                         "custom_eval_name": null,
                         "trace_eval": false,
                         "is_async": false,
                         "error_localizer": false}"""))
                .willReturn(toneResult()));

        BatchRunResult batch = client().evaluate("tone",
                Map.of("output", "Thanks for calling, have a great day!"), "turing_flash");

        assertThat(batch.complete()).isTrue();
        assertThat(batch.evalResults()).hasSize(1);
        RemoteEvalResult r = batch.evalResults().get(0);
        assertThat(r.name()).isEqualTo("tone");
        assertThat(r.output()).isEqualTo("Passed");
        assertThat(r.reason()).isEqualTo("friendly and clear");
        assertThat(r.runtimeMs()).isEqualTo(1234);
        assertThat(r.outputType()).isEqualTo("Pass/Fail");
        assertThat(r.evalId()).isEqualTo("ev-tone");
        assertThat(r.explanation()).isEqualTo("the reply thanks the caller");
        assertThat(r.usage().promptTokens()).isEqualTo(120);
        assertThat(r.usage().completionTokens()).isEqualTo(30);
        assertThat(r.usage().costUsd()).isCloseTo(0.0042, within(1e-12));
        assertThat(client.costs().forRubric("tone").costUsd()).isCloseTo(0.0042, within(1e-12));
        wm.verify(1, postRequestedFor(urlEqualTo(EVAL_PATH)));
    }

    @Test
    void sendsEveryOptionAndConfigParams() {
        wm.stubFor(evalCall().withRequestBody(equalToJson("""
                        {"eval_name": "answer_relevancy",
                         "inputs": {"input": "What plan am I on?", "output": "The Pro plan."},
                         "model": null,
                         "span_id": "00f067aa0ba902b7",
                         "custom_eval_name": "relevancy_prod",
                         "trace_eval": true,
                         "is_async": true,
                         "error_localizer": true,
                         "config": {"params": {"threshold": 0.7}}}"""))
                .willReturn(result(evaluation("answer_relevancy", "null", "", "\"{\\\"cost\\\": 0.001}\""))));

        BatchRunResult batch = client().evaluate(EvalRequest.builder("answer_relevancy")
                .inputs(Map.of("input", "What plan am I on?", "output", "The Pro plan."))
                .spanId("00f067aa0ba902b7")
                .customEvalName("relevancy_prod")
                .traceEval(true)
                .isAsync(true)
                .errorLocalizer(true)
                .evalConfig(Map.of("threshold", 0.7))
                .build());

        RemoteEvalResult r = batch.evalResults().get(0);
        assertThat(r.outputValue()).isEmpty(); // async: no output yet
        assertThat(r.usage().costUsd()).isEqualTo(0.001); // metadata sent as a JSON string
        assertThat(client.costs().forRubric("relevancy_prod").evaluations()).isEqualTo(1);
    }

    @Test
    void fetchesAnAsyncResultById() {
        wm.stubFor(get(urlPathEqualTo(EVAL_PATH)).withQueryParam("eval_id", equalTo("ev-42"))
                .withHeader("X-Api-Key", equalTo(TestFixtures.FI_API_KEY))
                .withHeader("X-Secret-Key", equalTo(TestFixtures.FI_SECRET_KEY))
                .willReturn(result(evaluation("tone", "0.8", "mostly warm", "{}"))));
        BatchRunResult r = client().getEvalResult("ev-42");
        assertThat(r.evalResults()).singleElement().satisfies(e -> {
            assertThat(e.output()).isEqualTo(0.8);
            assertThat(e.reason()).isEqualTo("mostly warm");
        });
        wm.verify(getRequestedFor(urlEqualTo(EVAL_PATH + "?eval_id=ev-42")));
    }

    @Test
    void listsTemplates() {
        wm.stubFor(get(urlEqualTo(TEMPLATES_PATH))
                .withHeader("X-Api-Key", equalTo(TestFixtures.FI_API_KEY))
                .willReturn(okJson("""
                        {"status": true, "result": [
                          {"name": "tone", "eval_id": "t1", "description": "Tone of the output",
                           "eval_tags": ["text", "safety"],
                           "config": {"required_keys": ["output"], "output": "Pass/Fail", "eval_type_id": "x"}},
                          {"name": "answer_relevancy", "eval_id": "t2", "description": "Relevance",
                           "config": {"required_keys": ["input", "output"], "output": "score"}}]}""")));
        List<EvalTemplateInfo> templates = client().listEvaluations();
        assertThat(templates).extracting(EvalTemplateInfo::name).containsExactly("tone", "answer_relevancy");
        assertThat(templates.get(0).requiredKeys()).containsExactly("output");
        assertThat(templates.get(0).tags()).containsExactly("text", "safety");
        assertThat(templates.get(1).outputType()).isEqualTo("score");
        assertThat(templates.get(1).evalId()).isEqualTo("t2");
    }

    @Test
    void badRequestIsItsOwnErrorAndNotRetried() {
        wm.stubFor(evalCall().willReturn(aResponse().withStatus(400).withBody("{\"detail\": \"unknown eval tonee\"}")));
        assertThatThrownBy(() -> client().evaluate("tonee", Map.of("output", "x")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("answered 400")
                .hasMessageContaining("unknown eval tonee")
                .satisfies(e -> assertThat(((BadRequestException) e).statusCode()).hasValue(400));
        wm.verify(1, postRequestedFor(urlEqualTo(EVAL_PATH)));
    }

    @Test
    void forbiddenAndUnauthorizedAreAuthErrorsAndNotRetried() {
        wm.stubFor(evalCall().willReturn(aResponse().withStatus(403).withBody("{\"detail\": \"Invalid keys\"}")));
        assertThatThrownBy(() -> client().evaluate("tone", Map.of("output", "x")))
                .isInstanceOf(InvalidAuthException.class)
                .isNotInstanceOf(BadRequestException.class)
                .hasMessageContaining("answered 403")
                .satisfies(e -> assertThat(((InvalidAuthException) e).statusCode()).hasValue(403));
        wm.verify(1, postRequestedFor(urlEqualTo(EVAL_PATH)));

        wm.resetAll();
        wm.stubFor(evalCall().willReturn(aResponse().withStatus(401)));
        assertThatThrownBy(() -> client.evaluate("tone", Map.of("output", "x")))
                .isInstanceOf(InvalidAuthException.class)
                .satisfies(e -> assertThat(((InvalidAuthException) e).statusCode()).hasValue(401));
        wm.verify(1, postRequestedFor(urlEqualTo(EVAL_PATH)));
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        sequence(aResponse().withStatus(429).withHeader("Retry-After", "1"), toneResult());
        long start = System.nanoTime();
        BatchRunResult r = client().evaluate("tone", Map.of("output", "x"));
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(950);
        assertThat(r.evalResults()).hasSize(1);
        wm.verify(2, postRequestedFor(urlEqualTo(EVAL_PATH)));
    }

    @Test
    void serverErrorThenSuccess() {
        sequence(aResponse().withStatus(502), aResponse().withStatus(500), toneResult());
        assertThat(client().evaluate("tone", Map.of("output", "x")).evalResults()).hasSize(1);
        wm.verify(3, postRequestedFor(urlEqualTo(EVAL_PATH)));
    }

    @Test
    void persistentServerErrorsEndInUnavailable() {
        wm.stubFor(evalCall().willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> client().evaluate("tone", Map.of("output", "x")))
                .isInstanceOf(EvalUnavailableException.class)
                .hasMessageContaining("answered 503")
                .hasMessageContaining("(after 3 attempts)");
        wm.verify(3, postRequestedFor(urlEqualTo(EVAL_PATH)));
    }

    @Test
    void perCallTimeout() {
        wm.stubFor(evalCall().willReturn(toneResult().withFixedDelay(1500)));
        RemoteEvaluator c = client(TestFixtures.fastResilience().maxAttempts(1).build());
        assertThatThrownBy(() -> c.evaluate(EvalRequest.builder("tone").input("output", "x")
                        .timeout(Duration.ofMillis(250)).build()))
                .isInstanceOf(EvalUnavailableException.class)
                .hasMessageContaining("timed out after 250 ms");
        wm.verify(1, postRequestedFor(urlEqualTo(EVAL_PATH)));
    }

    @Test
    void clientTimeoutWithRetries() {
        wm.stubFor(evalCall().willReturn(toneResult().withFixedDelay(1500)));
        RemoteEvaluator c = client(TestFixtures.fastResilience().callTimeout(Duration.ofMillis(300)).maxAttempts(2).build());
        assertThatThrownBy(() -> c.evaluate("tone", Map.of("output", "x")))
                .isInstanceOf(EvalUnavailableException.class)
                .hasMessageContaining("timed out after 300 ms (after 2 attempts)");
    }

    @Test
    void connectionResetIsRetried() {
        sequence(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), toneResult());
        assertThat(client().evaluate("tone", Map.of("output", "x")).evalResults()).hasSize(1);
        wm.verify(2, postRequestedFor(urlEqualTo(EVAL_PATH)));
    }

    @Test
    void malformedJsonIsAnError() {
        wm.stubFor(evalCall().willReturn(aResponse().withStatus(200).withBody("{\"result\": [")));
        assertThatThrownBy(() -> client().evaluate("tone", Map.of("output", "x")))
                .hasMessageContaining("answered malformed JSON");
    }

    @Test
    void theCircuitOpensAfterFailuresAndClosesAfterTheWait() throws InterruptedException {
        RemoteEvaluator c = client(TestFixtures.fastResilience().maxAttempts(1)
                .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThresholdPercent(50)
                .waitInOpenState(Duration.ofMillis(300)).permittedCallsInHalfOpenState(1).build());
        wm.stubFor(evalCall().willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> c.evaluate("tone", Map.of("output", "x")))
                    .isInstanceOf(EvalUnavailableException.class);
        }
        assertThat(c.circuitState()).isEqualTo(CircuitState.OPEN);
        assertThatThrownBy(() -> c.evaluate("tone", Map.of("output", "x")))
                .isInstanceOf(EvalUnavailableException.class)
                .hasMessageContaining("circuit breaker is open");
        wm.verify(4, postRequestedFor(urlEqualTo(EVAL_PATH)));

        wm.stubFor(evalCall().willReturn(toneResult()));
        Thread.sleep(400);
        assertThat(c.evaluate("tone", Map.of("output", "x")).evalResults()).hasSize(1);
        assertThat(c.circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void authErrorsDoNotOpenTheCircuit() {
        RemoteEvaluator c = client(TestFixtures.fastResilience().maxAttempts(1)
                .slidingWindowSize(2).minimumNumberOfCalls(2).build());
        wm.stubFor(evalCall().willReturn(aResponse().withStatus(403)));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> c.evaluate("tone", Map.of("output", "x"))).isInstanceOf(InvalidAuthException.class);
        }
        assertThat(c.circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aBatchRunsInParallelAndListsFailures() {
        wm.stubFor(evalCall().withRequestBody(matchingJsonPath("$.eval_name", equalTo("tone"))).willReturn(toneResult()));
        wm.stubFor(evalCall().withRequestBody(matchingJsonPath("$.eval_name", equalTo("nope")))
                .willReturn(aResponse().withStatus(400).withBody("unknown template")));
        BatchRunResult r = client().evaluateBatch(List.of(
                EvalRequest.of("tone", Map.of("output", "a")),
                EvalRequest.of("nope", Map.of("output", "b")),
                EvalRequest.of("tone", Map.of("output", "c"))));
        assertThat(r.evalResults()).hasSize(2).allSatisfy(e -> assertThat(e.name()).isEqualTo("tone"));
        assertThat(r.complete()).isFalse();
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.evalName()).isEqualTo("nope");
            assertThat(f.message()).contains("answered 400");
        });
    }

    @Test
    void scoresConversationsRemotely() {
        wm.stubFor(evalCall().withRequestBody(matchingJsonPath("$.eval_name", equalTo("tone")))
                .willReturn(toneResult()));
        wm.stubFor(evalCall().withRequestBody(matchingJsonPath("$.eval_name", equalTo("completeness")))
                .willReturn(result(evaluation("completeness", "0.3", "missed the ticket number",
                        "{\"cost\": 0.002}"))));
        List<Conversation> calls = List.of(TestFixtures.goodCall("c1"), TestFixtures.goodCall("c2"));

        Map<String, List<EvalResult>> scores = client().scoreConversations(calls, List.of("tone", "completeness"));

        assertThat(scores).containsOnlyKeys("c1", "c2");
        assertThat(scores.get("c1")).extracting(EvalResult::rubric).containsExactly("tone", "completeness");
        assertThat(scores.get("c1").get(0).status()).isEqualTo(EvalStatus.PASS);
        assertThat(scores.get("c1").get(1).status()).isEqualTo(EvalStatus.FAIL); // 0.3 < 0.5
        assertThat(scores.get("c1").get(1).score()).isEqualTo(0.3);
        assertThat(client.costs().forRubric("completeness").evaluations()).isEqualTo(2);
        assertThat(client.costs().forRubric("completeness").costUsd()).isCloseTo(0.004, within(1e-12));
        wm.verify(4, postRequestedFor(urlEqualTo(EVAL_PATH)));
        wm.verify(postRequestedFor(urlEqualTo(EVAL_PATH))
                .withRequestBody(matchingJsonPath("$.inputs.output",
                        equalTo("Thank you, I have your account.\nOf course, ticket TK-1 is open.")))
                .withRequestBody(matchingJsonPath("$.inputs.conversation", containing("CALLER: I'm locked out."))));
    }

    @Test
    void asAnEvaluatorItMixesWithOthersAndNeverThrows() {
        Evaluator polite = client().asEvaluator(Rubrics.IS_POLITE, "tone");
        assertThat(polite.rubric()).isEqualTo(Rubrics.IS_POLITE);

        wm.stubFor(evalCall().willReturn(result(evaluation("tone", "\"Failed\"", "curt", "{}"))));
        assertThat(polite.evaluate(TestFixtures.goodCall("c1")).status()).isEqualTo(EvalStatus.FAIL);

        wm.stubFor(evalCall().willReturn(result(evaluation("tone", "[\"warm\", \"formal\"]", "", "{}"))));
        EvalResult choices = polite.evaluate(TestFixtures.goodCall("c1"));
        assertThat(choices.status()).isEqualTo(EvalStatus.ERROR);
        assertThat(choices.reason()).contains("neither pass/fail nor a score");

        wm.stubFor(evalCall().willReturn(aResponse().withStatus(400).withBody("bad")));
        EvalResult failed = polite.evaluate(TestFixtures.goodCall("c1"));
        assertThat(failed.status()).isEqualTo(EvalStatus.ERROR);
        assertThat(failed.reason()).contains("remote evaluation tone failed").contains("answered 400");
    }

    @Test
    void credentialsComeFromTheEnvironmentOrFailClearly() {
        assertThatThrownBy(() -> RemoteEvaluator.builder(Map.<String, String>of()::get).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FI_API_KEY and FI_SECRET_KEY");
        assertThatThrownBy(() -> RemoteEvaluator.builder(Map.of("FI_API_KEY", "k")::get).build())
                .hasMessageContaining("set FI_SECRET_KEY");
        try (RemoteEvaluator fromBuilder = RemoteEvaluator.builder(Map.<String, String>of()::get)
                .apiKey(TestFixtures.FI_API_KEY).secretKey(TestFixtures.FI_SECRET_KEY).build()) {
            assertThat(fromBuilder.toString()).contains("baseUrl=" + RemoteEvaluator.DEFAULT_BASE_URL)
                    .contains("apiKey=***").contains("secretKey=***")
                    .doesNotContain(TestFixtures.FI_API_KEY).doesNotContain(TestFixtures.FI_SECRET_KEY);
        }
    }
}
