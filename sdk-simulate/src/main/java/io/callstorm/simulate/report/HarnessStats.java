package io.callstorm.simulate.report;

/**
 * How the harness itself held up: if it lagged, its measurements of the agent are suspect.
 *
 * @param eventLoopLagP99Ms    99th percentile lateness of the harness event loop's timers
 * @param eventLoopLagMaxMs    worst lateness
 * @param heapPeakMb           peak heap in use during the run, garbage included (with a concurrent collector
 *                             this approaches the heap's maximum by design)
 * @param heapLivePeakMb       peak heap still in use right after a collection: the run's real footprint
 * @param cpuSeconds           process CPU time used by the run
 * @param threadsPeak          most live threads in the process
 * @param evaluationsDone      conversations scored
 * @param evaluationsDropped   conversations not scored because the evaluation queue was full
 */
public record HarnessStats(double eventLoopLagP99Ms, double eventLoopLagMaxMs, long heapPeakMb, long heapLivePeakMb,
                           double cpuSeconds,
                           int threadsPeak, long evaluationsDone, long evaluationsDropped) {
}
