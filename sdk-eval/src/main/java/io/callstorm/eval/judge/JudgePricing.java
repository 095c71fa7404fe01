package io.callstorm.eval.judge;

/**
 * Price of judge tokens, to estimate the cost of each verdict from the {@code usage} the endpoint reports.
 * The defaults are a small hosted model's list prices; set your model's.
 *
 * @param promptPer1kTokensUsd     US dollars per 1,000 prompt tokens
 * @param completionPer1kTokensUsd US dollars per 1,000 completion tokens
 */
public record JudgePricing(double promptPer1kTokensUsd, double completionPer1kTokensUsd) {
    /** $0.00015 per 1K prompt tokens, $0.0006 per 1K completion tokens. */
    public static final JudgePricing DEFAULT = new JudgePricing(0.00015, 0.0006);
    /** No cost, e.g. a model served locally. */
    public static final JudgePricing FREE = new JudgePricing(0.0, 0.0);

    public JudgePricing {
        if (!(promptPer1kTokensUsd >= 0) || !(completionPer1kTokensUsd >= 0)
                || Double.isInfinite(promptPer1kTokensUsd) || Double.isInfinite(completionPer1kTokensUsd)) {
            throw new IllegalArgumentException("prices must be finite and >= 0, were " + promptPer1kTokensUsd
                    + " and " + completionPer1kTokensUsd);
        }
    }

    /** Estimated cost of a call in US dollars. */
    public double costUsd(long promptTokens, long completionTokens) {
        return promptTokens / 1000.0 * promptPer1kTokensUsd + completionTokens / 1000.0 * completionPer1kTokensUsd;
    }
}
