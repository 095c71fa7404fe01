package io.callstorm.eval.remote;

/**
 * A request of a batch that got no result.
 *
 * @param evalName the template requested
 * @param message  why, without any key
 */
public record FailedEval(String evalName, String message) {
}
