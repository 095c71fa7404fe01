package io.callstorm.simulate.report;

/**
 * What load was applied.
 *
 * @param peakConcurrency highest number of calls in progress at once
 * @param callsStarted    calls opened
 * @param callsCompleted  calls that went through their whole path
 * @param callsFailed     calls ended by an agent error that retries did not cure
 * @param callsTimedOut   calls ended by a turn or call timeout
 * @param callsHungUp     calls the caller abandoned after waiting longer than the persona's patience
 * @param callsCancelled  calls in progress when the run was stopped early (cancelled, interrupted, or unable to
 *                        write its results): cut short, they count in no pass rate and no error rate
 * @param turns           caller turns sent (retries not counted)
 * @param retries         turns re-sent after a transient error
 * @param bucketWidth     width of the concurrency buckets of the latency, quality and error-rate rows
 */
public record LoadSummary(int peakConcurrency, long callsStarted, long callsCompleted, long callsFailed,
                          long callsTimedOut, long callsHungUp, long callsCancelled, long turns, long retries,
                          int bucketWidth) {
    /** A run that was not cut short. */
    public LoadSummary(int peakConcurrency, long callsStarted, long callsCompleted, long callsFailed,
                       long callsTimedOut, long callsHungUp, long turns, long retries, int bucketWidth) {
        this(peakConcurrency, callsStarted, callsCompleted, callsFailed, callsTimedOut, callsHungUp, 0, turns, retries,
                bucketWidth);
    }

    public LoadSummary(int peakConcurrency, long callsStarted, long callsCompleted, long callsFailed,
                       long callsTimedOut, long callsHungUp, long turns, long retries) {
        this(peakConcurrency, callsStarted, callsCompleted, callsFailed, callsTimedOut, callsHungUp, 0, turns, retries,
                0);
    }
}
