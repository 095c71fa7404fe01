package io.callstorm.eval.judge;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.core.Outcome;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.core.transcript.Transcript;
import io.callstorm.core.transcript.TranscriptTurn;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The judge sees what a tool was asked and what it answered, so it can tell a right lookup from a wrong one. */
class PromptRendererTest {
    @Test
    void aToolsArgumentsResultAndErrorReachTheTranscript() {
        String longRecord = "{\"rows\":\"" + "x".repeat(1_000) + "\"}";
        Conversation c = new Conversation("c1", "p", "billing", Outcome.RESOLVED, List.of("get_billing_status"),
                CallStatus.COMPLETED, Transcript.of(List.of(
                TranscriptTurn.caller("My account is AC-10423, why was I charged twice?", 0),
                TranscriptTurn.agent("The duplicate charge was reversed.", 2_000, List.of(
                        new ToolCall("get_billing_status", ToolCallStatus.OK, 120, 1,
                                "{\"account_number\":\"AC-10423\"}", "{\"duplicate_charge_usd\":1240}", ""),
                        new ToolCall("get_open_tickets", ToolCallStatus.TIMEOUT, 1000, 1,
                                "{\"account_number\":\"AC-10423\"}", "", "timed out after 1000 ms"),
                        new ToolCall("export", ToolCallStatus.OK, 10, 1, "{}", longRecord, ""))))));

        String transcript = PromptRenderer.transcript(c);

        assertThat(transcript).contains("get_billing_status OK args={\"account_number\":\"AC-10423\"} "
                + "result={\"duplicate_charge_usd\":1240}");
        assertThat(transcript).contains("get_open_tickets TIMEOUT args={\"account_number\":\"AC-10423\"} "
                + "error=timed out after 1000 ms");
        assertThat(transcript).contains("export OK result={\"rows\":\"xxx").doesNotContain("x".repeat(500));
    }
}
