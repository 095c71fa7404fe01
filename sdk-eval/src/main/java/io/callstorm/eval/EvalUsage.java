package io.callstorm.eval;

import java.util.Locale;

/**
 * What one evaluation cost: the model tokens it used and their estimated price. Local evaluators cost
 * nothing ({@link #NONE}); an LLM judge reports the {@code usage} of its chat completion and prices it, and
 * the remote eval API reports its own {@code metadata.cost}.
 *
 * @param promptTokens     tokens sent to the model, 0 when unknown
 * @param completionTokens tokens the model produced, 0 when unknown
 * @param costUsd          estimated cost in US dollars, 0 when unknown
 */
public record EvalUsage(long promptTokens, long completionTokens, double costUsd) {
    /** No model was called. */
    public static final EvalUsage NONE = new EvalUsage(0, 0, 0.0);

    public EvalUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0, were " + promptTokens + " and "
                    + completionTokens);
        }
        if (!(costUsd >= 0.0) || Double.isInfinite(costUsd)) {
            throw new IllegalArgumentException("costUsd must be a finite number >= 0, was " + costUsd);
        }
    }

    /** Prompt plus completion tokens. */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** The sum of two usages, e.g. a judge call and its retry. */
    public EvalUsage plus(EvalUsage other) {
        return new EvalUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                costUsd + other.costUsd);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "EvalUsage[promptTokens=%d, completionTokens=%d, costUsd=%.6f]",
                promptTokens, completionTokens, costUsd);
    }
}
