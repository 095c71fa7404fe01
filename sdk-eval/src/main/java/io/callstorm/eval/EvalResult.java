package io.callstorm.eval;

import java.util.Objects;

/**
 * The verdict of one evaluator on one conversation.
 *
 * @param rubric the rubric scored, e.g. {@link Rubrics#IS_POLITE}
 * @param passed whether the conversation meets the rubric
 * @param score  how well it meets it, from 0 (not at all) to 1 (fully); a pass does not imply 1
 * @param reason why, in one line a reader can check against the transcript
 */
public record EvalResult(String rubric, boolean passed, double score, String reason) {
    public EvalResult {
        Objects.requireNonNull(rubric, "rubric");
        Objects.requireNonNull(reason, "reason");
        // NaN fails both comparisons, so it is rejected too.
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be between 0 and 1, was " + score);
        }
    }
}
