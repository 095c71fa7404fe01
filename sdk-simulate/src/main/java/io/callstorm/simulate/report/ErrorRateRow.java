package io.callstorm.simulate.report;

/**
 * Share of calls that ended in error at one concurrency bucket.
 *
 * @param concurrency mean concurrency at the calls' ends
 * @param calls       calls that ended in the bucket
 * @param errors      of which ended failed, timed out or hung up
 * @param errorRate   errors / calls
 */
public record ErrorRateRow(int concurrency, long calls, long errors, double errorRate) {
}
