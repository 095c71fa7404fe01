package io.callstorm.simulate.callers;

import io.callstorm.eval.chat.ChatModel;
import io.callstorm.eval.chat.ChatReply;

import java.time.Duration;
import java.util.Objects;

/**
 * The model that writes an improvising caller's turns ({@link CallerMode#improvising(CallerModel)}). Its
 * {@link #answer} is called on the run's own worker threads, never on the harness loop, at most
 * {@link CallerMode#maxConcurrentRequests()} at a time; it may block, and may throw (the caller then says its scripted
 * turn). Any OpenAI-compatible chat-completions endpoint serves through {@link #chatCompletions(ChatModel, double)}.
 *
 * <pre>{@code
 * try (ChatModel chat = ChatModel.builder().baseUrl("https://api.openai.com/v1").model("gpt-4o-mini")
 *         .apiKey(System.getenv("OPENAI_API_KEY")).build()) {
 *     Simulation.builder()...callers(CallerMode.improvising(CallerModel.chatCompletions(chat, 0.7))).build().run();
 * }
 * }</pre>
 */
public interface CallerModel {
    /**
     * The caller's next words for {@code prompt}.
     *
     * @param timeout how long the answer may take: twice {@link CallerMode#requestTimeout()}, the caller having said its
     *                scripted turn after the first half, so that a late answer still serves later callers from the
     *                cache
     * @return the answer with the tokens it used; an empty or cut-short answer is not used
     */
    ChatReply answer(CallerPrompt prompt, Duration timeout) throws Exception;

    /** The model in a few words for the report, e.g. {@code gpt-4o-mini}; never a key. */
    String describe();

    /**
     * A chat-completions model: the prompt's system and user messages, {@link CallerPrompt#maxTokens()} as
     * {@code max_tokens}, at {@code temperature}. The simulation does not close {@code chat}.
     */
    static CallerModel chatCompletions(ChatModel chat, double temperature) {
        Objects.requireNonNull(chat, "chat");
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
        }
        return new CallerModel() {
            @Override
            public ChatReply answer(CallerPrompt prompt, Duration timeout) {
                return chat.complete(prompt.messages(), prompt.maxTokens(), temperature, timeout);
            }

            @Override
            public String describe() {
                return chat.model();
            }

            @Override
            public String toString() {
                return "CallerModel[" + chat + ", temperature " + temperature + "]";
            }
        };
    }
}
