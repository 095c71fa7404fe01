package io.callstorm.simulate.report;

/**
 * Pass rate of one rubric at one concurrency bucket.
 *
 * @param rubric      rubric name, e.g. {@code conversation_resolution}
 * @param concurrency mean concurrency of the calls in the bucket
 * @param count       calls scored
 * @param passRate    share that passed, 0..1
 */
public record QualityRow(String rubric, int concurrency, long count, double passRate) {
}
