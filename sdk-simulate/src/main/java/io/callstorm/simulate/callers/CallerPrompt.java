package io.callstorm.simulate.callers;

import io.callstorm.eval.chat.ChatMessage;

import java.util.List;
import java.util.Objects;

/**
 * What an improvising caller's model is asked: who the caller is and what it wants (the system message: persona,
 * language, goal, hidden facts, the rules of the role) and the call so far with the step at hand (the user message).
 * The row's facts appear as placeholders ({@code {account}}), which the answer is expected to keep and which are
 * filled in afterwards: that is what lets one answer serve every caller in the same situation.
 *
 * @param system    the caller's role
 * @param user      the conversation so far and the step to take
 * @param maxTokens the most tokens the answer may have
 */
public record CallerPrompt(String system, String user, int maxTokens) {
    public CallerPrompt {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
    }

    /** The prompt as chat messages: system, then user. */
    public List<ChatMessage> messages() {
        return List.of(ChatMessage.system(system), ChatMessage.user(user));
    }

    /** A rough token count of the prompt (four characters a token), to check a call's budget before asking. */
    public long estimatedTokens() {
        return (system.length() + user.length() + 3) / 4;
    }
}
