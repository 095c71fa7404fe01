package io.callstorm.eval.transcripts;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Outcome;
import io.callstorm.core.transcript.Speaker;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.EvalStatus;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.local.LocalEvaluators;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptFileTest {
    private static TranscriptFile read(String... lines) throws IOException {
        return TranscriptFile.reader().read(new StringReader(String.join("\n", lines)));
    }

    private static String nativeLine(String callId) {
        return "{\"callId\":\"" + callId + "\",\"personaId\":\"p\",\"pathId\":\"billing\",\"expectedOutcome\":\"RESOLVED\","
                + "\"expectedToolCalls\":[\"get_account_info\"],\"status\":\"COMPLETED\",\"turns\":["
                + "{\"speaker\":\"CALLER\",\"text\":\"Hi, account AC-1.\",\"offsetMillis\":0,\"toolCalls\":[]},"
                + "{\"speaker\":\"AGENT\",\"text\":\"Thanks, found it.\",\"offsetMillis\":900,\"toolCalls\":["
                + "{\"name\":\"get_account_info\",\"status\":\"OK\",\"durationMillis\":120,\"attempts\":1,"
                + "\"arguments\":{\"account\":\"AC-1\"},\"result\":\"{\\\"plan\\\":\\\"pro\\\"}\"}]}]}";
    }

    @Test
    void aNativeLineKeepsEveryFieldAndStatesItsExpectations() throws IOException {
        TranscriptFile file = read(nativeLine("c1"));

        assertThat(file.problems()).isEmpty();
        ConversationLine line = file.conversations().get(0);
        assertThat(line.format()).isEqualTo(LineFormat.NATIVE);
        assertThat(line.callId()).isEqualTo("c1");
        assertThat(line.expectedOutcome()).contains(Outcome.RESOLVED);
        assertThat(line.expectedToolCalls()).contains(List.of("get_account_info"));
        assertThat(line.conversation().pathId()).isEqualTo("billing");
        TranscriptTurn agent = line.conversation().transcript().turns().get(1);
        assertThat(agent.offsetMillis()).isEqualTo(900);
        assertThat(agent.toolCalls()).containsExactly(new ToolCall("get_account_info", ToolCallStatus.OK, 120, 1,
                "{\"account\":\"AC-1\"}", "{\"plan\":\"pro\"}", ""));
        assertThat(line.input().has(Expectations.EXPECTED_OUTCOME)).isTrue();
    }

    @Test
    void everyProblemOfABadLineIsListedWithItsLineAndFieldAndTheGoodLinesAreStillRead() throws IOException {
        TranscriptFile file = read(
                nativeLine("c1"),
                "{not json",
                "",
                "{\"callId\":\"c3\",\"status\":\"DONE\",\"turns\":[{\"speaker\":\"CALLER\",\"text\":\"Hi\"},"
                        + "{\"speaker\":\"bot\",\"text\":\"Hello\"},{\"speaker\":\"AGENT\"}]}",
                "{\"callId\":\"c4\"}",
                "[1, 2]",
                nativeLine("c6"));

        assertThat(file.conversations()).extracting(ConversationLine::callId).containsExactly("c1", "c6");
        assertThat(file.conversations()).extracting(ConversationLine::line).containsExactly(1L, 7L);
        assertThat(file.lines()).isEqualTo(6);
        assertThat(file.badLines()).isEqualTo(4);
        assertThat(file.problems()).extracting(LineProblem::toString).satisfiesExactly(
                p -> assertThat(p).startsWith("line 2: not valid JSON: "),
                p -> assertThat(p).isEqualTo("line 4: status: expected COMPLETED, HUNG_UP, TIMED_OUT, FAILED "
                        + "or CANCELLED, got 'DONE'"),
                p -> assertThat(p).isEqualTo("line 4: turns[1].speaker: expected CALLER or AGENT, got 'bot'"),
                p -> assertThat(p).isEqualTo("line 4: turns[2].text: missing: expected what was said (a string, "
                        + "empty if nothing)"),
                p -> assertThat(p).isEqualTo("line 5: turns: missing: a line needs turns (native) or messages "
                        + "(OpenAI chat)"),
                p -> assertThat(p).startsWith("line 6: expected a JSON object"));
    }

    @Test
    void aCallsJsonlLineReadsAsItIs() throws IOException {
        String line = "{\"callId\":\"call-24\",\"row\":24,\"persona\":\"technical-end-user\",\"path\":\"escalation-direct\","
                + "\"expectedOutcome\":\"ESCALATED\",\"actualOutcome\":\"ESCALATED\",\"status\":\"HUNG_UP\","
                + "\"startedAtSeconds\":0.039,\"durationMs\":1833,\"concurrency\":243,\"retries\":0,\"error\":null,"
                + "\"scores\":{\"is_polite\":{\"passed\":true,\"score\":1.0,\"reason\":\"x\",\"status\":\"PASS\"}},"
                + "\"scoring\":\"scored\",\"turns\":[{\"speaker\":\"CALLER\",\"text\":\"Hi\",\"atMs\":20,"
                + "\"concurrency\":44,\"gapMs\":null,\"stagesMs\":{},\"toolCalls\":[],\"annotations\":{}},"
                + "{\"speaker\":\"AGENT\",\"text\":\"Sure.\",\"atMs\":886,\"concurrency\":167,\"gapMs\":308.4,"
                + "\"stagesMs\":{\"llm_ttft\":[142.0]},\"toolCalls\":[{\"name\":\"escalate_to_human\",\"status\":\"OK\","
                + "\"durationMillis\":111,\"attempts\":1}],\"annotations\":{\"llm.cache_hit\":\"true\"}}]}";

        ConversationLine c = read(line).conversations().get(0);

        assertThat(c.conversation().personaId()).isEqualTo("technical-end-user");
        assertThat(c.conversation().pathId()).isEqualTo("escalation-direct");
        assertThat(c.conversation().status()).isEqualTo(CallStatus.HUNG_UP);
        assertThat(c.conversation().transcript().turns()).extracting(TranscriptTurn::offsetMillis)
                .containsExactly(20L, 886L);
        assertThat(c.expectedToolCalls()).isEmpty();
    }

    @Test
    void anAssistantMessageThatOnlyCallsToolsMergesIntoTheNextReplyAndToolMessagesAreItsResults()
            throws IOException {
        String line = "{\"id\":\"chat-1\",\"expectedOutcome\":\"TICKET_CREATED\",\"expectedToolCalls\":"
                + "[\"get_account_info\",\"create_ticket\"],\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are a support agent.\"},"
                + "{\"role\":\"user\",\"content\":\"My router is broken, account AC-7.\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"get_account_info\",\"arguments\":\"{\\\"account\\\":\\\"AC-7\\\"}\"}},"
                + "{\"id\":\"t2\",\"type\":\"function\",\"function\":{\"name\":\"create_ticket\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"{\\\"plan\\\":\\\"pro\\\"}\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"t2\",\"content\":\"{\\\"error\\\":\\\"ticket service down\\\"}\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Sorry, I could not file it.\"}]}]}";

        TranscriptFile file = read(line);

        assertThat(file.problems()).isEmpty();
        ConversationLine c = file.conversations().get(0);
        assertThat(c.format()).isEqualTo(LineFormat.OPENAI);
        assertThat(c.callId()).isEqualTo("chat-1");
        List<TranscriptTurn> turns = c.conversation().transcript().turns();
        assertThat(turns).extracting(TranscriptTurn::speaker).containsExactly(Speaker.CALLER, Speaker.AGENT);
        assertThat(turns.get(1).text()).isEqualTo("Sorry, I could not file it.");
        assertThat(turns.get(1).toolCalls()).containsExactly(
                new ToolCall("get_account_info", ToolCallStatus.OK, 0, 1, "{\"account\":\"AC-7\"}",
                        "{\"plan\":\"pro\"}", ""),
                new ToolCall("create_ticket", ToolCallStatus.ERROR, 0, 1, "{}",
                        "{\"error\":\"ticket service down\"}", "ticket service down"));
        EvalResult task = LocalEvaluators.forRubric(Rubrics.TASK_COMPLETION).orElseThrow()
                .evaluate(c.conversation());
        assertThat(task.status()).isEqualTo(EvalStatus.FAIL);
    }

    @Test
    void toolStatusesUnknownRolesAndUnansweredCalls() throws IOException {
        String statuses = "{\"messages\":[{\"role\":\"user\",\"content\":\"Status?\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"a\",\"function\":{\"name\":\"get_open_tickets\"}},"
                + "{\"id\":\"b\",\"function\":{\"name\":\"get_billing_status\"}},"
                + "{\"id\":\"c\",\"function\":{\"name\":\"get_account_info\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"a\",\"content\":\"{\\\"status\\\":\\\"timeout\\\"}\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"b\",\"content\":\"{\\\"status\\\":\\\"failed\\\",\\\"message\\\":\\\"db\\\"}\"},"
                + "{\"role\":\"user\",\"content\":\"Hello?\"}]}";
        String unknown = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"bot\",\"content\":\"Hey\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"zz\",\"content\":\"{}\"},{\"content\":\"no role\"}]}";

        TranscriptFile file = read(statuses, unknown);

        List<TranscriptTurn> turns = file.conversations().get(0).conversation().transcript().turns();
        // the calls no reply took form an agent turn of their own before the caller speaks again
        assertThat(turns).extracting(TranscriptTurn::speaker)
                .containsExactly(Speaker.CALLER, Speaker.AGENT, Speaker.CALLER);
        assertThat(turns.get(1).text()).isEmpty();
        assertThat(turns.get(1).toolCalls()).extracting(ToolCall::status)
                .containsExactly(ToolCallStatus.TIMEOUT, ToolCallStatus.ERROR, ToolCallStatus.OK);
        assertThat(turns.get(1).toolCalls().get(1).error()).isEqualTo("status failed: db");
        assertThat(file.problems()).extracting(LineProblem::toString).containsExactly(
                "line 2: messages[1].role: expected system, developer, user, assistant or tool, got 'bot'",
                "line 2: messages[2].tool_call_id: no earlier assistant tool call has the id 'zz'",
                "line 2: messages[3].role: missing: expected system, developer, user, assistant or tool");
    }

    @Test
    void metadataMayBeInAMetadataObjectAndLabelsAreRead() throws IOException {
        String line = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello\"}],"
                + "\"metadata\":{\"callId\":\"m1\",\"expectedOutcome\":\"resolved\",\"status\":\"HUNG_UP\"},"
                + "\"labels\":{\"is_polite\":true,\"is_helpful\":false}}";

        ConversationLine c = read(line).conversations().get(0);

        assertThat(c.callId()).isEqualTo("m1");
        assertThat(c.expectedOutcome()).contains(Outcome.RESOLVED);
        assertThat(c.expectedToolCalls()).isEmpty();
        assertThat(c.conversation().status()).isEqualTo(CallStatus.HUNG_UP);
        assertThat(c.labels()).containsExactly(Map.entry("is_polite", true), Map.entry("is_helpful", false));
    }

    @Test
    void aHugeLineIsAProblemWithoutBeingHeldAndTheNextLineIsRead() throws IOException {
        String huge = "{\"turns\":[{\"speaker\":\"CALLER\",\"text\":\"" + "a".repeat(50_000) + "\"}]}";

        TranscriptFile file = TranscriptFile.reader().maxLineChars(10_000)
                .read(new StringReader(huge + "\r\n" + nativeLine("after") + "\r\n"));

        assertThat(file.conversations()).extracting(ConversationLine::callId).containsExactly("after");
        assertThat(file.conversations().get(0).line()).isEqualTo(2);
        assertThat(file.problems()).extracting(LineProblem::toString)
                .containsExactly("line 1: longer than 10,000 characters (50,042): skipped "
                        + "(TranscriptFile.reader().maxLineChars)");
    }

    @Test
    void aLongTextWithinTheLimitIsRead() throws IOException {
        String text = "word ".repeat(5_000_000).strip(); // 25 MB, beyond Jackson's default string limit
        String line = "{\"turns\":[{\"speaker\":\"AGENT\",\"text\":\"" + text + "\"}]}";

        TranscriptFile file = TranscriptFile.reader().maxLineChars(30_000_000).read(new StringReader(line));

        assertThat(file.problems()).isEmpty();
        assertThat(file.conversations().get(0).callId()).isEqualTo("line-1");
        assertThat(file.conversations().get(0).conversation().transcript().turns().get(0).wordCount())
                .isEqualTo(5_000_000);
    }

    @Test
    void rubricsThatNeedAnExpectationTheLineDoesNotStateAreErrorsNotVerdicts() throws IOException {
        String line = "{\"turns\":[{\"speaker\":\"CALLER\",\"text\":\"Hi\"},"
                + "{\"speaker\":\"AGENT\",\"text\":\"Thanks for calling, happy to help.\"}]}";
        ConversationLine c = read(line).conversations().get(0);

        List<Evaluator> evaluators = Expectations.guard(LocalEvaluators.all());
        List<EvalResult> results = evaluators.stream().map(e -> e.evaluate(c.input())).toList();

        assertThat(results).extracting(EvalResult::rubric).containsExactlyElementsOf(Rubrics.CORE);
        assertThat(results.get(0).status()).isEqualTo(EvalStatus.ERROR);
        assertThat(results.get(0).reason()).startsWith("conversation_resolution needs input expected_outcome");
        assertThat(results.get(1).status()).isEqualTo(EvalStatus.ERROR);
        assertThat(results.get(1).reason()).startsWith("task_completion needs input expected_tool_calls");
        assertThat(results.subList(2, 5)).noneMatch(EvalResult::isError);
    }

    @Test
    void theLabelledSetReadsWithoutAProblem() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/labelled/conversations.jsonl")) {
            TranscriptFile file = TranscriptFile.reader().read(new java.io.InputStreamReader(in,
                    StandardCharsets.UTF_8));
            assertThat(file.problems()).isEmpty();
            assertThat(file.conversations()).hasSizeGreaterThanOrEqualTo(40)
                    .allSatisfy(c -> assertThat(c.labels()).isNotEmpty());
        }
    }

    @Test
    void agreementAndKappa() {
        LabelAgreement.Tally t = LabelAgreement.tally("r");
        EvalResult pass = new EvalResult("r", true, 1, "ok");
        EvalResult fail = new EvalResult("r", false, 0, "no");
        // 20 conversations: 8 both pass, 7 both fail, 3 label-only pass, 2 verdict-only pass; 1 error
        for (int i = 0; i < 8; i++) {
            t.add(true, pass);
        }
        for (int i = 0; i < 7; i++) {
            t.add(false, fail);
        }
        for (int i = 0; i < 3; i++) {
            t.add(true, fail);
        }
        t.add(false, pass).add(false, pass).add(true, EvalResult.error("r", "down"));

        LabelAgreement a = t.result();

        assertThat(a.compared()).isEqualTo(20);
        assertThat(a.agreed()).isEqualTo(15);
        assertThat(a.errors()).isEqualTo(1);
        assertThat(a.agreement()).isEqualTo(0.75);
        // po 0.75; pe = 0.55*0.5 + 0.45*0.5 = 0.5; kappa = 0.25 / 0.5
        assertThat(a.kappa()).hasValue(0.5);
        assertThat(LabelAgreement.tally("r").add(true, pass).result().kappa()).isEmpty();
        assertThat(Optional.of(a.rubric())).contains("r");
    }
}
