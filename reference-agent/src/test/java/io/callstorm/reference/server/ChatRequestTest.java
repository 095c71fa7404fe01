package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.simulate.connect.AgentReply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Reading a chat request as OpenAI reads it, and the answer in OpenAI's terms. */
class ChatRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ChatRequest read(String body) throws Exception {
        return ChatRequest.of(JSON.readTree(body));
    }

    @Test
    void streamIsOffUnlessAskedFor() throws Exception {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
        assertThat(read("{" + messages + "}").stream()).isFalse();
        assertThat(read("{\"stream\":false," + messages + "}").stream()).isFalse();
        ChatRequest streamed = read("{\"stream\":true,\"stream_options\":{\"include_usage\":true}," + messages + "}");
        assertThat(streamed.stream()).isTrue();
        assertThat(streamed.includeUsage()).isTrue();
        assertThat(read("{\"stream\":false,\"stream_options\":{\"include_usage\":true}," + messages + "}")
                .includeUsage()).as("usage chunks exist only in a stream").isFalse();
    }

    @Test
    void contentPartsAndHistoryAreRead() throws Exception {
        ChatRequest r = read("{\"model\":\"m\",\"max_tokens\":20,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"My account is AC-1.\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Why was I\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}},{\"type\":\"text\",\"text\":\"charged?\"}]}]}");
        assertThat(r.firstUser()).isEqualTo("My account is AC-1.");
        assertThat(r.lastUser()).isEqualTo("Why was I\ncharged?");
        assertThat(r.userTurns()).isEqualTo(2);
        assertThat(r.maxTokens()).hasValue(20);
        assertThat(r.model()).isEqualTo("m");
        assertThat(r.promptTokens()).isEqualTo(ChatRequest.tokens("Be brief. My account is AC-1. Why was I charged?"));
    }

    @Test
    void eachRefusalNamesTheField() {
        assertThat(refusal("[]").param()).isEmpty();
        assertThat(refusal("{}").code()).isEqualTo("missing_required_parameter");
        assertThat(refusal("{\"messages\":\"Hi\"}").getMessage())
                .isEqualTo("Invalid type for 'messages': expected an array of objects, but got a string instead.");
        assertThat(refusal("{\"messages\":[{\"content\":\"Hi\"}]}").param()).hasValue("messages[0].role");
        assertThat(refusal("{\"messages\":[{\"role\":\"user\",\"content\":7}]}").param())
                .hasValue("messages[0].content");
        String ok = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
        assertThat(refusal("{\"stream\":1," + ok + "}").param()).hasValue("stream");
        assertThat(refusal("{\"max_completion_tokens\":1.5," + ok + "}").param()).hasValue("max_completion_tokens");
        assertThat(refusal("{\"max_tokens\":0," + ok + "}").code()).isEqualTo("integer_below_min_value");
        assertThat(refusal("{\"n\":3," + ok + "}").param()).hasValue("n");
    }

    @Test
    void theAnswerIsCutAtMaxTokensAndSaysWhy() throws Exception {
        AgentReply reply = new AgentReply(0, "One two three four five six.", Duration.ofSeconds(2),
                List.of(new ToolCall("get_account_info", ToolCallStatus.OK, 120, 1, "{\"a\":1}", "{}", "")),
                List.of(), Map.of());
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

        Completion whole = Completion.of(reply, read("{" + messages + "}"));
        assertThat(whole.content()).isEqualTo("One two three four five six.");
        assertThat(whole.finishReason()).isEqualTo("tool_calls");

        int toolTokens = ChatRequest.tokens("get_account_info {\"a\":1}");
        assertThat(whole.completionTokens()).isEqualTo(ChatRequest.tokens(whole.content()) + toolTokens);

        // the tool call's tokens count against the limit: 5 left for the content are 3 words
        Completion cut = Completion.of(reply, read("{\"max_tokens\":" + (toolTokens + 5) + "," + messages + "}"));
        assertThat(cut.content()).isEqualTo("One two three");
        assertThat(cut.finishReason()).isEqualTo("length");
        assertThat(cut.completionTokens()).isLessThanOrEqualTo(toolTokens + 5);

        Completion exact = Completion.of(reply, read("{\"max_tokens\":" + whole.completionTokens() + ","
                + messages + "}"));
        assertThat(exact.content()).as("the whole answer fits: nothing to cut").isEqualTo(whole.content());
        assertThat(exact.finishReason()).isEqualTo("tool_calls");
    }

    private static ChatRequest.Invalid refusal(String body) {
        return catchThrowableOfType(ChatRequest.Invalid.class, () -> read(body));
    }
}
