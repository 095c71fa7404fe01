package io.callstorm.cli;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.callstorm.simulate.JudgeStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Canary secrets through the CLI: an agent (WireMock, over the HTTP SSE connector) that echoes the bearer token and
 * a secret header, raw and encoded, in its 4xx and 5xx bodies, in SSE error events and in its replies; a judge that
 * echoes its key in its verdicts and its error bodies. No canary, in any of its forms, may reach stdout, stderr
 * (where the CLI's log lines go), or any file of the run.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecretsCanaryTest {
    static final String TOKEN = "cs-canary-agent-9Xk2Lm7Qp4";
    static final String HEADER_KEY = "cs-canary-hdr-5Tz8Vw3Nb6";
    static final String JUDGE_KEY = "cs-canary-judge-2Hd6Rq8Ws1";
    static final String PATH = "/v1/chat/completions";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    /** A secret and the forms a server may echo it in. */
    static List<String> forms(String secret) {
        return List.of(secret, URLEncoder.encode("Bearer " + secret, StandardCharsets.UTF_8), b64(secret),
                b64("Bearer " + secret), b64("user:" + secret));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** What the agent echoes: the headers it got (templated) and, literally, encodings of both secrets. */
    static final String ECHO = "got {{request.headers.Authorization}} and key {{request.headers.X-Api-Key}}; "
            + "basic " + b64("user:" + TOKEN) + " query token=" + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8)
            + " key64 " + b64(HEADER_KEY);

    private static ResponseDefinitionBuilder templated(int status, String contentType, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", contentType).withBody(body)
                .withHeader("X-Echo", "{{request.headers.Authorization}}").withTransformers("response-template");
    }

    private static String sse(String... data) {
        StringBuilder b = new StringBuilder();
        for (String d : data) {
            b.append("data: ").append(d).append("\n\n");
        }
        return b.toString();
    }

    @Test
    void theAgentsTokenAndSecretHeaderEchoedEverywhereReachNoOutput(@TempDir Path dir) throws Exception {
        stubAgent("in-a-hurry", templated(401, "application/json", "{\"error\": {\"message\": \"" + ECHO + "\"}}"));
        stubAgent("frustrated", templated(500, "application/json", "{\"error\": {\"message\": \"" + ECHO + "\"}}"));
        stubAgent("polite-escalator", templated(200, "text/event-stream", sse(
                "{\"error\": {\"message\": \"stream failed: " + ECHO + "\", \"type\": \"server_error\"}}")));
        stubAgent("skeptical", templated(200, "text/event-stream", sse(
                "{\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"You sent " + ECHO + "\"}}]}",
                "{\"choices\": [{\"index\": 0, \"delta\": {}, \"finish_reason\": \"stop\"}]}", "[DONE]")));
        Path file = dir.resolve("canary.yaml");
        Files.writeString(file, """
                name: canary
                rows: 40
                timeScale: 0.02
                personas: [in-a-hurry, frustrated, polite-escalator, skeptical]
                load:
                  start: 4
                  stages:
                    - hold: 2s
                agent:
                  connector:
                    kind: http
                    url: %s
                    bearerTokenEnv: AGENT_TOKEN
                    headers: {X-Tenant: load-test}
                    headersEnv: {X-Api-Key: AGENT_X_KEY}
                    firstAudioTimeout: 2s
                out: out
                """.formatted(wm.baseUrl()));
        Map<String, String> env = Map.of("AGENT_TOKEN", TOKEN, "AGENT_X_KEY", HEADER_KEY);

        CliResult r = CliResult.run(env::get, "run", file.toString(), "--no-progress");
        Path out = dir.resolve("out");
        CliResult rebuilt = CliResult.run(env::get, "report", out.resolve("calls.jsonl").toString(), "--out",
                dir.resolve("rebuilt").toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isEqualTo(CallstormCli.EXIT_OK);
        // the secrets went to the agent...
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("X-Api-Key", equalTo(HEADER_KEY)).withHeader("X-Tenant", equalTo("load-test")));
        // ...came back in every way the agent has, and were masked there
        String calls = Files.readString(out.resolve("calls.jsonl"));
        // (which of the echoes lands depends on timing: an impatient caller may hang up before a slow 401)
        assertThat(calls).contains("got Bearer *** and key ***; basic dXNlcjp***", "query token=***", "key64 ***")
                .containsAnyOf("HTTP 401: got Bearer ***", "HTTP 500: got Bearer ***",
                        "stream error: stream failed: got Bearer ***", "You sent got Bearer ***");
        // nothing clipped a secret before it was masked (a scorer quotes the start of a reply)
        assertThat(calls).doesNotContain("key cs").doesNotContain("Bearer cs");
        assertNoCanary(List.of(TOKEN, HEADER_KEY), dir, r, rebuilt);
    }

    @Test
    void theJudgesKeyEchoedByTheJudgeReachesNoOutput(@TempDir Path dir) throws Exception {
        wm.stubFor(post(urlEqualTo(JudgeStubs.PATH)).withRequestBody(containing("Rubric: is_polite"))
                .willReturn(templated(200, "application/json", JudgeStubs.completion("{\"passed\": false, "
                        + "\"score\": 0.2, \"reason\": \"you sent {{request.headers.Authorization}}, or "
                        + b64("Bearer " + JUDGE_KEY) + "\"}", 400, 20))));
        wm.stubFor(post(urlEqualTo(JudgeStubs.PATH)).withRequestBody(containing("Rubric: is_helpful"))
                .willReturn(templated(500, "application/json",
                        "{\"error\": {\"message\": \"bad key {{request.headers.Authorization}}\"}}")));
        Path out = dir.resolve("run");

        CliResult r = CliResult.run(Map.of("CALLSTORM_JUDGE_API_KEY", JUDGE_KEY)::get, "demo", "--peak", "6",
                "--start", "2", "--ramp", "1s", "--hold", "1s", "--ramp-down", "0s", "--time-scale", "0.02",
                "--no-progress", "--out", out.toString(), "--judge-url", wm.baseUrl() + "/v1",
                "--judge-model", "judge-model", "--judge-rubrics", "is_polite,is_helpful");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_OK);
        wm.verify(postRequestedFor(urlEqualTo(JudgeStubs.PATH))
                .withHeader("Authorization", equalTo("Bearer " + JUDGE_KEY)));
        String calls = Files.readString(out.resolve("calls.jsonl"));
        // (the 500s' bodies soon give way to the open circuit breaker's message; sdk-eval's ApiKeyRedactionTest
        // drives the judge through every failure)
        assertThat(calls).contains("you sent Bearer ***, or QmVhcmVyIG***");
        assertNoCanary(List.of(JUDGE_KEY), dir, r);
    }

    @Test
    void headersWithControlCharactersAreRefusedNamingTheirKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad-headers.yaml");
        Files.writeString(file, """
                load:
                  stages:
                    - hold: 1s
                agent:
                  connector:
                    kind: http
                    url: http://127.0.0.1:9
                    bearerTokenEnv: AGENT_TOKEN
                    headers: {X-Tenant: "load\\r\\nX-Injected: 1", "X Bad": ok}
                    headersEnv: {X-Api-Key: AGENT_X_KEY, X-Other-Key: UNSET_KEY}
                """);
        Map<String, String> env = Map.of("AGENT_TOKEN", TOKEN + "\n" + "tail", "AGENT_X_KEY", HEADER_KEY + "\u0000");

        CliResult r = CliResult.run(env::get, "run", file.toString(), "--no-progress");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("agent.connector.headers.X-Tenant", "CR at index 4",
                "agent.connector.headers.X Bad", "token",
                "agent.connector.bearerTokenEnv", "environment variable AGENT_TOKEN (bearer token)",
                "LF at index " + TOKEN.length(),
                "agent.connector.headersEnv.X-Api-Key", "NUL at index " + HEADER_KEY.length(),
                "agent.connector.headersEnv.X-Other-Key", "environment variable UNSET_KEY is not set")
                .doesNotContain("X-Injected").doesNotContain(TOKEN).doesNotContain(HEADER_KEY);
        assertThat(dir.resolve("callstorm-out")).doesNotExist();
    }

    private static void stubAgent(String persona, ResponseDefinitionBuilder response) {
        wm.stubFor(post(urlEqualTo(PATH)).withHeader("X-Callstorm-Persona", equalTo(persona)).willReturn(response));
    }

    /** None of the secrets, in any form, in the CLI's output (logs included) or in any file under {@code dir}. */
    private static void assertNoCanary(List<String> secrets, Path dir, CliResult... results) throws Exception {
        List<String> outputs = new ArrayList<>();
        for (CliResult r : results) {
            outputs.add(r.out());
            outputs.add(r.err());
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString())
                .contains("calls.jsonl", "run.json", "report.json", "report.html", "junit.xml");
        for (String secret : secrets) {
            for (String form : forms(secret)) {
                for (String o : outputs) {
                    assertThat(o).as("console output holds " + form).doesNotContain(form);
                }
                for (Path f : files) {
                    assertThat(Files.readString(f)).as(f + " holds " + form).doesNotContain(form);
                }
            }
        }
    }
}
