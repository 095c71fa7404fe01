package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.core.Outcome;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.core.transcript.Transcript;
import io.callstorm.core.transcript.TranscriptTurn;

import java.util.ArrayList;
import java.util.List;

/** Builds small conversations by hand for evaluator tests. */
final class TestConversations {
    private TestConversations() {
    }

    static Builder conversation() {
        return new Builder();
    }

    static ToolCall ok(String tool) {
        return new ToolCall(tool, ToolCallStatus.OK, 200, 1);
    }

    /** A successful call with its arguments and result (JSON text). */
    static ToolCall ok(String tool, String arguments, String result) {
        return new ToolCall(tool, ToolCallStatus.OK, 200, 1, arguments, result, "");
    }

    static ToolCall timedOut(String tool) {
        return new ToolCall(tool, ToolCallStatus.TIMEOUT, 2000, 1);
    }

    static ToolCall failed(String tool) {
        return new ToolCall(tool, ToolCallStatus.ERROR, 150, 1);
    }

    static final class Builder {
        private Outcome expectedOutcome = Outcome.RESOLVED;
        private List<String> expectedToolCalls = List.of();
        private CallStatus status = CallStatus.COMPLETED;
        private final List<TranscriptTurn> turns = new ArrayList<>();

        Builder expecting(Outcome outcome, String... tools) {
            this.expectedOutcome = outcome;
            this.expectedToolCalls = List.of(tools);
            return this;
        }

        Builder status(CallStatus status) {
            this.status = status;
            return this;
        }

        Builder caller(String text) {
            turns.add(TranscriptTurn.caller(text, turns.size() * 3000L));
            return this;
        }

        Builder agent(String text, ToolCall... toolCalls) {
            turns.add(TranscriptTurn.agent(text, turns.size() * 3000L, List.of(toolCalls)));
            return this;
        }

        Conversation build() {
            return new Conversation("call-1", "first-time-caller", "test-path", expectedOutcome, expectedToolCalls,
                    status, Transcript.of(turns));
        }
    }
}
