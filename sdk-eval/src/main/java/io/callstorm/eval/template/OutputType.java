package io.callstorm.eval.template;

/**
 * What a template's verdict looks like. Every verdict has a pass/fail, a score from 0 to 1 and a reason; the
 * type says how the score relates to the pass.
 */
public enum OutputType {
    /** A yes/no rubric: the score is usually 1 for a pass and 0 for a fail. */
    PASS_FAIL("pass/fail, score 0 or 1, reason"),
    /** A graded rubric: the score varies from 0 to 1 and the pass is a threshold on what it measures. */
    SCORE("pass/fail, score 0..1, reason");

    private final String description;

    OutputType(String description) {
        this.description = description;
    }

    /** How the verdict reads, e.g. {@code pass/fail, score 0..1, reason}. */
    public String description() {
        return description;
    }
}
