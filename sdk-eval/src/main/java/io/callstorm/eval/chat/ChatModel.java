package io.callstorm.eval.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.core.secret.Secrets;
import io.callstorm.core.validation.HeaderSyntax;
import io.callstorm.eval.EvalUsage;
import io.callstorm.eval.http.EvalHttpException;
import io.callstorm.eval.http.ResilienceConfig;
import io.callstorm.eval.internal.http.ChatCompletionClient;
import io.callstorm.eval.internal.http.ChatCompletionClient.Message;
import io.callstorm.eval.judge.JudgePricing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A plain client of an OpenAI-compatible chat-completions endpoint ({@code POST {baseUrl}/chat/completions}) for
 * free text: the simulated callers that improvise their turns ask theirs through it. It shares the judge's client
 * and HTTP stack (OkHttp behind the retries, rate limiter, bulkhead, circuit breaker and timeouts of a
 * {@link ResilienceConfig}) and the judge's pricing, and keeps its key out of every message and log line. Blocking:
 * call it from a worker thread, never an event loop.
 *
 * <pre>{@code
 * try (ChatModel model = ChatModel.builder().baseUrl("https://api.openai.com/v1").model("gpt-4o-mini")
 *         .apiKey(System.getenv("OPENAI_API_KEY")).build()) {
 *     ChatReply reply = model.complete(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hello")), 60, 0.7);
 * }
 * }</pre>
 */
public final class ChatModel implements AutoCloseable {
    private final ChatCompletionClient client;
    private final JudgePricing pricing;
    private final ResilienceConfig resilience;
    private final ObjectMapper mapper = new ObjectMapper();

    private ChatModel(Builder b) {
        this.client = new ChatCompletionClient("chat model", b.baseUrl, b.model, b.apiKey, b.resilience);
        this.pricing = b.pricing;
        this.resilience = b.resilience;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Asks the model for one answer.
     *
     * @param messages    the conversation, system message first
     * @param maxTokens   the most tokens the answer may have ({@code max_tokens})
     * @param temperature sampling temperature, 0 to 2
     * @param timeout     the deadline of each attempt
     * @return the answer, with its usage; its text is empty when the response had none
     * @throws EvalHttpException when the call failed (401, 400, retries exhausted, a protection refused it)
     */
    public ChatReply complete(List<ChatMessage> messages, int maxTokens, double temperature, Duration timeout) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
        }
        List<Message> request = messages.stream().map(m -> new Message(m.role(), m.content())).toList();
        String text = client.completeText(request, maxTokens, temperature, timeout);
        JsonNode response;
        try {
            response = mapper.readTree(text);
        } catch (Exception notJson) {
            return new ChatReply("", "", EvalUsage.NONE);
        }
        if (response == null || !response.isObject()) {
            return new ChatReply("", "", EvalUsage.NONE);
        }
        JsonNode choice = response.path("choices").path(0);
        JsonNode content = choice.path("message").path("content");
        JsonNode u = response.path("usage");
        long prompt = Math.max(0, u.path("prompt_tokens").asLong(0));
        long completion = Math.max(0, u.path("completion_tokens").asLong(0));
        return new ChatReply(content.isTextual() ? content.asText() : "", choice.path("finish_reason").asText(""),
                new EvalUsage(prompt, completion, pricing.costUsd(prompt, completion)));
    }

    /** The model's name, as requests give it. */
    public String model() {
        return client.model();
    }

    /** The token prices cost estimates use. */
    public JudgePricing pricing() {
        return pricing;
    }

    /** Releases the HTTP client's threads and connections. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "ChatModel{endpoint=" + client.endpoint() + ", model=" + client.model() + ", apiKey="
                + client.maskedKey() + ", pricing=" + pricing + ", resilience=" + resilience + "}";
    }

    /** Builds a {@link ChatModel}; base URL, model and key are required. */
    public static final class Builder {
        private String baseUrl;
        private String model;
        private String apiKey;
        private JudgePricing pricing = JudgePricing.DEFAULT;
        private ResilienceConfig resilience = ResilienceConfig.defaults();

        private Builder() {
        }

        /** Base URL of the OpenAI-compatible API, e.g. {@code https://api.openai.com/v1}. */
        public Builder baseUrl(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (!ChatCompletionClient.isHttpUrl(baseUrl)) {
                throw new IllegalArgumentException("baseUrl must be an http(s) URL, was \"" + baseUrl + "\"");
            }
            this.baseUrl = baseUrl;
            return this;
        }

        /** The model's name, e.g. {@code gpt-4o-mini}. */
        public Builder model(String model) {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            this.model = model.strip();
            return this;
        }

        /** The API key, sent as a bearer token and masked everywhere (a local server that needs none takes any). */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            Secrets.register(apiKey); // masked everywhere from now on, whatever else fails
            HeaderSyntax.valueProblem(apiKey).ifPresent(problem -> {
                throw new IllegalArgumentException("chat model API key " + problem);
            });
            this.apiKey = apiKey;
            return this;
        }

        /** Token prices for cost estimates; {@link JudgePricing#DEFAULT} unless set. */
        public Builder pricing(JudgePricing pricing) {
            this.pricing = Objects.requireNonNull(pricing, "pricing");
            return this;
        }

        /**
         * Timeouts, retries and protections; {@link ResilienceConfig#defaults()} unless set. Its
         * {@code maxConcurrentCalls} (a bulkhead) should be at least the number of threads that call this model at once.
         */
        public Builder resilience(ResilienceConfig resilience) {
            this.resilience = Objects.requireNonNull(resilience, "resilience");
            return this;
        }

        /** @throws IllegalArgumentException naming every missing setting */
        public ChatModel build() {
            List<String> missing = new java.util.ArrayList<>();
            if (baseUrl == null) {
                missing.add("baseUrl");
            }
            if (model == null) {
                missing.add("model");
            }
            if (apiKey == null) {
                missing.add("apiKey");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("chat model needs " + String.join(", ", missing));
            }
            return new ChatModel(this);
        }
    }
}
