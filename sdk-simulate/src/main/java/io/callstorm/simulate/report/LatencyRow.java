package io.callstorm.simulate.report;

/**
 * Latency of one stage at one concurrency bucket, from an HdrHistogram of every sample in it.
 *
 * @param stage           stage wire name, e.g. {@code stt_ttft}
 * @param concurrency     mean concurrency of the samples in the bucket
 * @param concurrencyFrom lowest concurrency of the bucket (inclusive)
 * @param concurrencyTo   highest concurrency of the bucket (inclusive)
 * @param count           samples
 * @param p50Ms           median
 * @param p95Ms           95th percentile
 * @param p99Ms           99th percentile
 * @param maxMs           largest sample
 */
public record LatencyRow(String stage, int concurrency, int concurrencyFrom, int concurrencyTo, long count,
                         double p50Ms, double p95Ms, double p99Ms, double maxMs) {
}
