package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.reference.ReferenceAgentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code serve-agent} as the official OpenAI Java SDK sees it: a non-streaming {@code create} gets one
 * {@code chat.completion}, {@code createStreaming} a stream of chunks the SDK's own parser and accumulator take, and
 * an overloaded agent or a bad request raises the SDK's typed exception. Every client validates every response
 * against the SDK's model ({@code responseValidation}): a missing id, model, message or finish reason, a field of
 * the wrong type or an unknown finish reason or role fails here (the SDK tolerates a missing {@code logprobs} or
 * {@code refusal}; {@link ReferenceAgentServerTest} checks the exact field list). The clients retry nothing, so that
 * a 429 reaches the test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OfficialOpenAiClientTest {
    private static final String MODEL = "callstorm-reference";
    private static final String HELLO = "Hello there, I need some help.";
    private static final String ACCOUNT = "Hi, my account number is AC-48213.";

    private static OpenAIClient client(ReferenceAgentServer server) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(server.baseUrl() + "/v1")
                .apiKey("sk-callstorm-test")
                .maxRetries(0)
                .responseValidation(true)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    private static ChatCompletionCreateParams.Builder ask(String session, String text) {
        return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage(text)
                .putAdditionalHeader("X-Callstorm-Session", session);
    }

    @Test
    void createGetsOneChatCompletion() throws Exception {
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0)) {
            OpenAIClient client = client(server);
            HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
                    .create(ask("plain-1", HELLO).build());
            ChatCompletion completion = raw.parse();

            assertThat(raw.statusCode()).isEqualTo(200);
            assertThat(raw.headers().values("Content-Type")).singleElement().asString().startsWith("application/json");
            // sent when every stage has finished, so the header carries the timings a stream cannot
            assertThat(raw.headers().values("Server-Timing")).singleElement().asString().contains("llm;dur=");
            assertThat(completion.id()).startsWith("chatcmpl-");
            assertThat(completion.model()).isEqualTo(MODEL);
            assertThat(completion.created()).isPositive();
            assertThat(completion.choices()).singleElement().satisfies(choice -> {
                assertThat(choice.index()).isZero();
                assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
                assertThat(choice.message().content()).hasValueSatisfying(c -> assertThat(c).isNotBlank());
                assertThat(choice.message().toolCalls()).isEmpty();
            });
            CompletionUsage usage = completion.usage().orElseThrow();
            assertThat(usage.promptTokens()).isPositive();
            assertThat(usage.completionTokens()).isPositive();
            assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
            // Callstorm's extension rides along as a field the SDK does not know and keeps
            JsonNode ext = extension(completion._allProperties().get("callstorm"));
            assertThat(ext.path("server_timing").asText()).contains("llm;dur=");
        }
    }

    @Test
    void aTurnThatNeedsAToolReturnsTheToolCall() throws Exception {
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0)) {
            ChatCompletion completion = client(server).chat().completions().create(ask("tool-1", ACCOUNT).build());

            ChatCompletion.Choice choice = completion.choices().get(0);
            assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
            assertThat(choice.message().content()).hasValueSatisfying(c -> assertThat(c).isNotBlank());
            List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
            assertThat(calls).singleElement().satisfies(call -> {
                ChatCompletionMessageFunctionToolCall fn = call.asFunction();
                assertThat(fn.id()).startsWith("call_");
                assertThat(fn.function().name()).isEqualTo(SupportDeskScenarios.GET_ACCOUNT_INFO);
                assertThat(fn.function().arguments()).isEqualTo("{\"account_number\":\"AC-48213\"}");
            });
        }
    }

    @Test
    void maxCompletionTokensCutsTheAnswerWithFinishReasonLength() throws Exception {
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0)) {
            ChatCompletion completion = client(server).chat().completions()
                    .create(ask("short-1", HELLO).maxCompletionTokens(4).build());

            ChatCompletion.Choice choice = completion.choices().get(0);
            assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
            assertThat(choice.message().content().orElseThrow().split(" ")).hasSize(3);
            assertThat(completion.usage().orElseThrow().completionTokens()).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void createStreamingAccumulatesToTheSameReply() throws Exception {
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0)) {
            OpenAIClient client = client(server);
            // the same first turn in two sessions: the agent's answer to it does not depend on the mode
            ChatCompletion whole = client.chat().completions().create(ask("whole-1", ACCOUNT).build());

            ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
            List<ChatCompletionChunk> chunks = new ArrayList<>();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ask("streamed-1", ACCOUNT)
                            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                stream.stream().forEach(chunk -> chunks.add(accumulator.accumulate(chunk)));
            }
            ChatCompletion streamed = accumulator.chatCompletion();

            assertThat(chunks.size()).isGreaterThan(3);
            assertThat(chunks).allSatisfy(c -> assertThat(c.id()).isEqualTo(chunks.get(0).id()));
            assertThat(chunks.get(0).choices().get(0).delta().role()).hasValue(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
            // the first chunk marks the agent's first audio; the SDK keeps the extension as an unknown field
            assertThat(extension(chunks.get(0)._allProperties().get("callstorm")).path("first_audio").asBoolean())
                    .isTrue();
            // with include_usage the last chunk has no choices and the whole answer's usage
            ChatCompletionChunk last = chunks.get(chunks.size() - 1);
            assertThat(last.choices()).isEmpty();
            assertThat(last.usage()).isPresent();

            ChatCompletion.Choice a = whole.choices().get(0);
            ChatCompletion.Choice b = streamed.choices().get(0);
            assertThat(b.message().content()).isEqualTo(a.message().content());
            assertThat(b.finishReason()).isEqualTo(a.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
            assertThat(b.message().toolCalls().orElseThrow()).singleElement().satisfies(call -> {
                assertThat(call.asFunction().function().name()).isEqualTo(SupportDeskScenarios.GET_ACCOUNT_INFO);
                assertThat(call.asFunction().function().arguments())
                        .isEqualTo(a.message().toolCalls().orElseThrow().get(0).asFunction().function().arguments());
            });
            assertThat(streamed.usage()).isEqualTo(whole.usage());
        }
    }

    @Test
    void anOverloadedAgentIsTheSdksRateLimitException() throws Exception {
        ReferenceAgentConfig starved = ReferenceAgentConfig.defaults().toBuilder().llmTokenBudgetPerSecond(1).build();
        try (ReferenceAgentServer server = ReferenceAgentServer.start(starved, 0)) {
            OpenAIClient client = client(server);
            RateLimitException whole = catchThrowableOfType(RateLimitException.class,
                    () -> client.chat().completions().create(ask("rl-1", ACCOUNT).build()));
            RateLimitException streamed = catchThrowableOfType(RateLimitException.class, () -> {
                try (StreamResponse<ChatCompletionChunk> s = client.chat().completions()
                        .createStreaming(ask("rl-2", ACCOUNT).build())) {
                    s.stream().forEach(c -> { });
                }
            });

            for (RateLimitException e : List.of(whole, streamed)) {
                assertThat(e.statusCode()).isEqualTo(429);
                assertThat(e.headers().values("Retry-After")).singleElement().asString().matches("[1-9][0-9]*");
                assertThat(e.type()).hasValue("rate_limit_error");
                assertThat(e.code()).hasValue("rate_limit_exceeded");
                assertThat(e.getMessage()).contains("LLM token budget exceeded");
            }
        }
    }

    @Test
    void aRequestOpenAiWouldRefuseIsTheSdksBadRequestException() throws Exception {
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0)) {
            OpenAIClient client = client(server);
            BadRequestException twoAnswers = catchThrowableOfType(BadRequestException.class,
                    () -> client.chat().completions().create(ask("bad-1", HELLO).n(2).build()));
            assertThat(twoAnswers.statusCode()).isEqualTo(400);
            assertThat(twoAnswers.type()).hasValue("invalid_request_error");
            assertThat(twoAnswers.param()).hasValue("n");

            BadRequestException noTurn = catchThrowableOfType(BadRequestException.class,
                    () -> client.chat().completions().create(ask("bad-2", HELLO).addAssistantMessage("Hi!").build()));
            assertThat(noTurn.param()).hasValue("messages");
            assertThat(noTurn.getMessage()).contains("role user");

            BadRequestException noTokens = catchThrowableOfType(BadRequestException.class,
                    () -> client.chat().completions().create(ask("bad-3", HELLO).maxCompletionTokens(0).build()));
            assertThat(noTokens.code()).hasValue("integer_below_min_value");
        }
    }

    private static JsonNode extension(JsonValue value) {
        assertThat(value).as("the callstorm extension").isNotNull();
        return value.convert(JsonNode.class);
    }
}
