package io.callstorm.eval.chat;

import io.callstorm.eval.EvalUsage;

import java.util.Objects;

/**
 * A chat completion's answer.
 *
 * @param text         {@code choices[0].message.content}; empty when the response had none
 * @param finishReason {@code choices[0].finish_reason}, e.g. {@code stop} or {@code length} (cut at the token limit);
 *                     empty when not given
 * @param usage        the tokens the endpoint reported and their estimated cost
 */
public record ChatReply(String text, String finishReason, EvalUsage usage) {
    public ChatReply {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
    }

    /** Whether the model stopped because it reached the request's token limit, its answer cut short. */
    public boolean truncated() {
        return finishReason.equals("length");
    }
}
