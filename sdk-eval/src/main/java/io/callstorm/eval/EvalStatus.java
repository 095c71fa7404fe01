package io.callstorm.eval;

/**
 * How an evaluation ended. {@link #ERROR} is not a verdict on the conversation: the evaluator could not
 * judge it (a missing input, a judge that answered malformed JSON twice, a remote API that stayed down),
 * so an error must never be counted as a pass, and reports keep it apart from a fail.
 */
public enum EvalStatus {
    /** The conversation meets the rubric. */
    PASS,
    /** The conversation does not meet the rubric. */
    FAIL,
    /** The evaluator could not reach a verdict; the result's reason says why. */
    ERROR
}
