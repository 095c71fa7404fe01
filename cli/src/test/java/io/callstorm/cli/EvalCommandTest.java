package io.callstorm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.callstorm.eval.Rubrics;
import io.callstorm.simulate.JudgeStubs;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.RubricEvaluation;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code callstorm eval}: a file of good native lines, malformed lines and OpenAI chat lines, end to end. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension judge = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    /** Line 1: a resolved call, labelled. */
    static final String GOOD_NATIVE = "{\"callId\":\"n1\",\"personaId\":\"first-time-caller\","
            + "\"pathId\":\"account-plan-question\",\"expectedOutcome\":\"RESOLVED\",\"expectedToolCalls\":[\"get_account_info\"],"
            + "\"status\":\"COMPLETED\",\"turns\":["
            + "{\"speaker\":\"CALLER\",\"text\":\"Hi, my account number is AC-10423.\",\"offsetMillis\":0,\"toolCalls\":[]},"
            + "{\"speaker\":\"AGENT\",\"text\":\"Thank you! I've pulled up account AC-10423. How can I help?\",\"offsetMillis\":4000,"
            + "\"toolCalls\":[{\"name\":\"get_account_info\",\"status\":\"OK\",\"durationMillis\":300,\"attempts\":1}]},"
            + "{\"speaker\":\"CALLER\",\"text\":\"Which plan am I on?\",\"offsetMillis\":8000,\"toolCalls\":[]},"
            + "{\"speaker\":\"AGENT\",\"text\":\"You're on the Business plan with 25 seats.\",\"offsetMillis\":12000,\"toolCalls\":[]}],"
            + "\"labels\":{\"conversation_resolution\":true,\"task_completion\":true,\"is_polite\":true,"
            + "\"is_helpful\":true,\"is_concise\":true}}";
    /** Line 2: a hung-up call whose ticket was never filed. */
    static final String FAILING_NATIVE = "{\"callId\":\"n2\",\"expectedOutcome\":\"TICKET_CREATED\","
            + "\"expectedToolCalls\":[\"create_ticket\"],\"status\":\"HUNG_UP\",\"turns\":["
            + "{\"speaker\":\"CALLER\",\"text\":\"My router keeps dropping.\"},"
            + "{\"speaker\":\"AGENT\",\"text\":\"One moment, let me check that.\",\"toolCalls\":"
            + "[{\"name\":\"create_ticket\",\"status\":\"TIMEOUT\",\"error\":\"timed out after 2000 ms\"}]}]}";
    static final String BAD_JSON = "{\"callId\":\"b1\",\"turns\":[";
    static final String WRONG_SPEAKER = "{\"callId\":\"b2\",\"turns\":[{\"speaker\":\"CALLER\",\"text\":\"Hi\"},"
            + "{\"speaker\":\"bot\",\"text\":\"Hello\"}]}";
    static final String MISSING_TURNS = "{\"callId\":\"b3\",\"expectedOutcome\":\"RESOLVED\"}";
    /** An OpenAI chat: the tool call is in an assistant message without content; its result is an error. */
    static final String OPENAI_TOOL_ERROR = "{\"id\":\"o1\",\"expectedOutcome\":\"TICKET_CREATED\","
            + "\"expectedToolCalls\":[\"create_ticket\"],\"messages\":["
            + "{\"role\":\"system\",\"content\":\"You are a support agent.\"},"
            + "{\"role\":\"user\",\"content\":\"Please open a ticket, my internet is down.\"},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"create_ticket\",\"arguments\":\"{\\\"summary\\\":\\\"internet down\\\"}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{\\\"error\\\":\\\"ticket service unavailable\\\"}\"},"
            + "{\"role\":\"assistant\",\"content\":\"Sorry, I could not open the ticket right now.\"}]}";
    /** An OpenAI chat with no expectations: the two rubrics that need them are errors, the others verdicts. */
    static final String OPENAI_NO_EXPECTATIONS = "{\"messages\":["
            + "{\"role\":\"user\",\"content\":\"Hi, what are your opening hours?\"},"
            + "{\"role\":\"assistant\",\"content\":\"Thanks for asking! We're open 8 to 6, Monday to Friday.\"}]}";

    private static Path mixedFile(Path dir) throws IOException {
        Path file = dir.resolve("transcripts.jsonl");
        Files.write(file, List.of(GOOD_NATIVE, FAILING_NATIVE, BAD_JSON, WRONG_SPEAKER, "", MISSING_TURNS,
                OPENAI_TOOL_ERROR, OPENAI_NO_EXPECTATIONS));
        return file;
    }

    private static List<JsonNode> verdicts(Path out) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("verdicts.jsonl"))) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void everyGoodLineIsScoredAndEveryBadLineIsNamedWithItsLineAndField(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");

        CliResult r = CliResult.run("eval", mixedFile(dir).toString(), "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(r.err().lines().toList()).containsExactly(
                "callstorm eval: transcripts.jsonl: line 3: not valid JSON: Unexpected end-of-input: expected close "
                        + "marker for Array at column 25",
                "callstorm eval: transcripts.jsonl: line 4: turns[1].speaker: expected CALLER or AGENT, got 'bot'",
                "callstorm eval: transcripts.jsonl: line 6: turns: missing: a line needs turns (native) or messages "
                        + "(OpenAI chat)");
        assertThat(r.out()).contains("Scored 4 conversations from transcripts.jsonl", "3 bad lines skipped");

        List<JsonNode> verdicts = verdicts(out);
        assertThat(verdicts).extracting(v -> v.get("line").asInt() + " " + v.get("callId").asText() + " "
                + v.get("format").asText()).containsExactly("1 n1 native", "2 n2 native", "7 o1 openai",
                "8 line-8 openai");
        assertThat(verdicts).allSatisfy(v -> assertThat(v.get("scores").size()).isEqualTo(5));
        JsonNode n1 = verdicts.get(0);
        assertThat(n1.get("passed").asBoolean()).isTrue();
        JsonNode n2 = verdicts.get(1).get("scores");
        assertThat(n2.get("conversation_resolution").get("status").asText()).isEqualTo("FAIL");
        assertThat(n2.get("conversation_resolution").get("reason").asText())
                .isEqualTo("expected TICKET_CREATED, got UNRESOLVED: the call ended on a holding reply: "
                        + "\"One moment, let me check that.\"");
        assertThat(n2.get("task_completion").get("reason").asText()).contains("create_ticket timed out");
        assertThat(n2.get("is_helpful").get("turn").asInt()).isEqualTo(1);
        JsonNode o1 = verdicts.get(2).get("scores");
        assertThat(o1.get("task_completion").get("status").asText()).isEqualTo("FAIL");
        assertThat(o1.get("task_completion").get("reason").asText()).contains("create_ticket failed");
        JsonNode o2 = verdicts.get(3).get("scores");
        assertThat(o2.get("conversation_resolution").get("status").asText()).isEqualTo("ERROR");
        assertThat(o2.get("conversation_resolution").get("reason").asText())
                .startsWith("conversation_resolution needs input expected_outcome");
        assertThat(o2.get("task_completion").get("status").asText()).isEqualTo("ERROR");
        assertThat(o2.get("is_polite").get("status").asText()).isEqualTo("PASS");

        SimulationReport report = SimulationReport.readJson(out.resolve("report.json"));
        assertThat(report.quality(Rubrics.CONVERSATION_RESOLUTION))
                .containsExactly(new QualityRow(Rubrics.CONVERSATION_RESOLUTION, 1, 3, 0.3333));
        assertThat(report.quality()).extracting(QualityRow::rubric).containsExactlyInAnyOrderElementsOf(Rubrics.CORE);
        assertThat(report.evaluation().rubrics()).extracting(RubricEvaluation::rubric)
                .containsExactlyElementsOf(Rubrics.CORE);
        RubricEvaluation resolution = report.evaluation().rubric(Rubrics.CONVERSATION_RESOLUTION).orElseThrow();
        assertThat(resolution.done()).isEqualTo(4);
        assertThat(resolution.errors()).isEqualTo(1);
        assertThat(report.evaluation().conversationsScored()).isEqualTo(4);
        assertThat(report.gate().checks()).isEmpty();

        String junit = Files.readString(out.resolve("junit.xml"));
        assertThat(junit).contains("tests=\"6\" failures=\"0\"", "name=\"rubric conversation_resolution\"",
                "line 2 n2 FAIL: turn 1: expected TICKET_CREATED, got UNRESOLVED: the call ended on a holding reply: ",
                "<skipped message=\"3 bad line(s) not scored: line 3: not valid JSON");

        JsonNode summary = JSON.readTree(out.resolve("eval-summary.json").toFile());
        assertThat(summary.get("badLines").asInt()).isEqualTo(3);
        assertThat(summary.get("problems")).extracting(p -> p.get("line").asInt() + " " + p.get("field").asText())
                .containsExactly("3 ", "4 turns[1].speaker", "6 turns");
        assertThat(summary.get("agreement")).hasSize(5)
                .allSatisfy(a -> assertThat(a.get("compared").asInt()).isEqualTo(1));
    }

    @Test
    void aFailedGateExitsOneAndItsChecksAreInJunit(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");

        CliResult r = CliResult.run("eval", mixedFile(dir).toString(), "--out", out.toString(),
                "--gate", "conversation_resolution>=0.80,is_polite>=0.5");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_GATE_FAILED);
        assertThat(r.out()).contains("Gate: FAILED (1 of 2 checks)");
        String junit = Files.readString(out.resolve("junit.xml"));
        assertThat(junit).contains("failures=\"1\"", "name=\"conversation_resolution &gt;= 0.80\"",
                "<failure type=\"GateCheckFailed\"");
        assertThat(SimulationReport.readJson(out.resolve("report.json")).gate().passed()).isFalse();
    }

    @Test
    void aFileWithNoGoodLineExitsTwoListingEveryProblem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.write(file, List.of(BAD_JSON, WRONG_SPEAKER, MISSING_TURNS, "{\"messages\":[{\"role\":\"bot\"}]}"));

        CliResult r = CliResult.run("eval", file.toString(), "--out", dir.resolve("out").toString());

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("bad.jsonl: no line could be scored (4 problems)",
                "  - line 1: not valid JSON: ",
                "  - line 2: turns[1].speaker: expected CALLER or AGENT, got 'bot'",
                "  - line 3: turns: missing",
                "  - line 4: messages[0].role: expected system, developer, user, assistant or tool, got 'bot'")
                .doesNotContain("Exception");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void badUsageExitsTwoWithEveryProblem(@TempDir Path dir) {
        CliResult r = CliResult.run(Map.<String, String>of()::get, "eval", dir.resolve("none.jsonl").toString(),
                "--gate", "no_such_rubric>=0.5", "--judge-url", "http://127.0.0.1:1/v1", "--threads", "0");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("TRANSCRIPTS", "no such file", "--threads", "CALLSTORM_JUDGE_API_KEY",
                "unknown rubric \"no_such_rubric\"");
    }

    @Test
    void aJudgeScoresItsRubricsAndTheKeyIsNeverWritten(@TempDir Path dir) throws IOException {
        judge.stubFor(post(urlEqualTo(JudgeStubs.PATH)).withRequestBody(containing("Rubric: is_polite"))
                .willReturn(okJson(JudgeStubs.verdict(false, 0.2, "Curt throughout."))));
        Path out = dir.resolve("out");
        Map<String, String> env = Map.of("CALLSTORM_JUDGE_API_KEY", JudgeStubs.KEY);

        CliResult r = CliResult.run(env::get, "eval", mixedFile(dir).toString(), "--out", out.toString(),
                "--judge-url", judge.baseUrl() + "/v1", "--judge-model", "judge-model", "--judge-rubrics", "is_polite");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_OK);
        judge.verify(4, postRequestedFor(urlEqualTo(JudgeStubs.PATH))
                .withHeader("Authorization", equalTo("Bearer " + JudgeStubs.KEY)));
        SimulationReport report = SimulationReport.readJson(out.resolve("report.json"));
        assertThat(report.evaluation().rubrics()).extracting(RubricEvaluation::evaluator)
                .containsExactly("local", "local", "judge", "local", "local");
        assertThat(report.quality(Rubrics.IS_POLITE)).containsExactly(new QualityRow(Rubrics.IS_POLITE, 1, 4, 0.0));
        assertThat(verdicts(out).get(0).get("scores").get("is_polite").get("reason").asText())
                .isEqualTo("Curt throughout.");
        assertThat(r.out()).contains("Scoring is_polite with the judge judge-model at " + judge.baseUrl() + "/v1");
        assertThat(r.out() + r.err()).doesNotContain(JudgeStubs.KEY);
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(JudgeStubs.KEY);
            }
        }
    }
}
