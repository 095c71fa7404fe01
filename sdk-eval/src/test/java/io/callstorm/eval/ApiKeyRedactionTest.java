package io.callstorm.eval;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.callstorm.eval.http.EvalHttpException;
import io.callstorm.eval.judge.LlmJudge;
import io.callstorm.eval.remote.BatchRunResult;
import io.callstorm.eval.remote.EvalRequest;
import io.callstorm.eval.remote.RemoteEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Drives the judge and the remote client through every failure while the server echoes the keys back in its
 * error bodies, then searches every exception message, reason, toString and log line (debug level, written to
 * the file the surefire configuration names) for the keys.
 */
class ApiKeyRedactionTest {
    static final List<String> KEYS = List.of(TestFixtures.JUDGE_KEY, TestFixtures.FI_API_KEY, TestFixtures.FI_SECRET_KEY);

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @Test
    void keysAppearInNoLogLineExceptionMessageReasonOrToString() throws IOException {
        LoggerFactory.getLogger(ApiKeyRedactionTest.class).info("redaction test starts");
        List<String> seen = new ArrayList<>();
        // the server echoes the credential headers it received, as some gateways do in their error bodies
        String echo = "{\"detail\": \"rejected {{request.headers.Authorization}} {{request.headers.X-Api-Key}} "
                + "{{request.headers.X-Secret-Key}}\"}";

        try (LlmJudge judge = LlmJudge.builder().baseUrl(wm.baseUrl()).apiKey(TestFixtures.JUDGE_KEY)
                .resilience(TestFixtures.fastResilience().callTimeout(Duration.ofMillis(300)).build()).build();
             RemoteEvaluator remote = RemoteEvaluator.builder().baseUrl(wm.baseUrl())
                     .apiKey(TestFixtures.FI_API_KEY).secretKey(TestFixtures.FI_SECRET_KEY)
                     .resilience(TestFixtures.fastResilience().callTimeout(Duration.ofMillis(300)).build()).build()) {
            seen.add(judge.toString());
            seen.add(remote.toString());
            Evaluator polite = judge.evaluator(Rubrics.IS_POLITE);
            Evaluator remotePolite = remote.asEvaluator(Rubrics.IS_POLITE, "tone");

            for (int status : new int[] {400, 401, 403, 404, 429, 500}) {
                wm.resetAll();
                wm.stubFor(post(anyUrl()).willReturn(echoing(status, echo)));
                wm.stubFor(get(anyUrl()).willReturn(echoing(status, echo)));
                seen.add(polite.evaluate(TestFixtures.goodCall("c1")).reason());
                seen.add(remotePolite.evaluate(TestFixtures.goodCall("c1")).reason());
                seen.add(messageOf(() -> remote.evaluate("tone", Map.of("output", "x"))));
                seen.add(messageOf(() -> remote.getEvalResult("ev-1")));
                seen.add(messageOf(remote::listEvaluations));
                BatchRunResult batch = remote.evaluateBatch(List.of(EvalRequest.of("tone", Map.of("output", "x"))));
                batch.failures().forEach(f -> seen.add(f.message()));
            }
            wm.resetAll();
            wm.stubFor(post(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            seen.add(polite.evaluate(TestFixtures.goodCall("c1")).reason());
            seen.add(messageOf(() -> remote.evaluate("tone", Map.of("output", "x"))));

            wm.resetAll();
            wm.stubFor(post(anyUrl()).willReturn(echoing(200, echo).withFixedDelay(1000)));
            seen.add(polite.evaluate(TestFixtures.goodCall("c1")).reason());
            seen.add(messageOf(() -> remote.evaluate("tone", Map.of("output", "x"))));

            wm.resetAll(); // a verdict quoting the key back is malformed, and quoted in the reason
            wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
                    "{\"choices\": [{\"message\": {\"content\": \"key " + TestFixtures.JUDGE_KEY + "\"}}]}")));
            seen.add(polite.evaluate(TestFixtures.goodCall("c1")).reason());
        }

        assertThat(seen).hasSizeGreaterThan(30).allSatisfy(text -> {
            assertThat(text).isNotBlank();
            KEYS.forEach(key -> assertThat(text).doesNotContain(key));
        });
        assertThat(String.join("\n", seen)).contains("rejected Bearer ***").contains("rejected *** ***")
                .contains("answered 401").contains("answered 403")
                .contains("answered 400").contains("timed out");

        String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
        assumeThat(logFile).as("run by surefire, which sends the log to a file").isNotNull();
        String log = Files.readString(Path.of(logFile), StandardCharsets.UTF_8);
        assertThat(log).contains("redaction test starts").contains("retrying in"); // the capture works
        KEYS.forEach(key -> assertThat(log).as("log file " + logFile).doesNotContain(key));
    }

    private static ResponseDefinitionBuilder echoing(int status, String body) {
        return aResponse().withStatus(status).withBody(body).withTransformers("response-template");
    }

    private static String messageOf(Runnable call) {
        try {
            call.run();
            return "no exception";
        } catch (EvalHttpException e) {
            StringBuilder all = new StringBuilder(e.toString());
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                all.append(" / ").append(c);
            }
            return all.toString();
        }
    }
}
