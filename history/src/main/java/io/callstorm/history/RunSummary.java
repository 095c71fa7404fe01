package io.callstorm.history;

import java.time.Instant;

/**
 * One run as the history lists it: what ran, when, how many calls ended how, and its verdict.
 *
 * @param runId           the run's id
 * @param recordedAt      when it was recorded (its end)
 * @param startedAt       when it started, as its report says
 * @param simulationName  the simulation's name ({@code demo}, or the file's {@code name:})
 * @param agentName       the agent under test
 * @param connector       how the callers reached it
 * @param seed            the seed of its rows
 * @param clock           {@code real} or {@code virtual}
 * @param durationSeconds its length on its clock
 * @param peakConcurrency the most calls open at once
 * @param callsStarted    calls started
 * @param callsCompleted  calls that ended as their path did
 * @param callsFailed     calls that ended in an error
 * @param callsTimedOut   calls that timed out
 * @param callsHungUp     calls the caller hung up
 * @param callsCancelled  calls cut by a stop
 * @param errorRate       share of finished calls that ended in error
 * @param gated           whether it had a gate (checks of its own, or a baseline)
 * @param gatePassed      whether the gate passed (true when it had none)
 * @param partial         whether the run was stopped before its end
 * @param tags            its release, agent version, provider, git commit and labels
 */
public record RunSummary(String runId, Instant recordedAt, Instant startedAt, String simulationName, String agentName,
                         String connector, long seed, String clock, double durationSeconds, int peakConcurrency,
                         long callsStarted, long callsCompleted, long callsFailed, long callsTimedOut,
                         long callsHungUp, long callsCancelled, double errorRate, boolean gated, boolean gatePassed,
                         boolean partial, RunTags tags) {
    /** {@code passed}, {@code FAILED} or {@code no gate}. */
    public String verdict() {
        return !gated ? "no gate" : gatePassed ? "passed" : "FAILED";
    }
}
