package io.callstorm.eval.chat;

import java.util.Objects;

/**
 * One message of a chat-completions request.
 *
 * @param role    {@code system}, {@code user} or {@code assistant}
 * @param content the message's text
 */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** Instructions the model follows throughout. */
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    /** What the model answers. */
    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
