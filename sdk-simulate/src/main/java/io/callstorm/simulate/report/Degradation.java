package io.callstorm.simulate.report;

import java.util.List;

/**
 * A way calls got worse without failing: the agent answered, but with a signal that it cut a corner (a prompt
 * cache miss, a fallback reply after a tool timeout, dropped context, non-streaming TTS, an overloaded provider).
 * Read from what the agent reported on each reply, so a call can show several; shares are of all calls and do
 * not add up to 1.
 *
 * @param name                 e.g. {@code prompt cache miss spike}
 * @param kind                 always {@code degradation}
 * @param signal               what the agent reported, e.g. {@code llm.cache_hit=false} or {@code tool_call.status=TIMEOUT}
 * @param stage                the stage it hurts
 * @param calls                calls with at least one such reply
 * @param turns                agent replies with the signal
 * @param share                calls / all calls
 * @param turnShare            turns / all agent replies
 * @param firstSeenConcurrency concurrency in force at the first such reply in time
 * @param lowRate              share of agent replies with the signal at the lowest concurrency bucket
 * @param peakRate             the same at the peak bucket
 * @param rootCause            what causes it
 * @param quickFix             what to do this week
 * @param longTermFix          what to do for good
 * @param rate                 share of agent replies with the signal, per concurrency bucket
 */
public record Degradation(String name, String kind, String signal, String stage, long calls, long turns,
                          double share, double turnShare, int firstSeenConcurrency, double lowRate, double peakRate,
                          String rootCause, String quickFix, String longTermFix, List<Rate> rate) {
    public static final String KIND = "degradation";

    public Degradation {
        rate = rate == null ? List.of() : List.copyOf(rate);
    }

    /**
     * @param concurrency mean concurrency of the agent replies in the bucket
     * @param turns       agent replies in the bucket
     * @param degraded    of which carried the signal
     * @param rate        degraded / turns
     */
    public record Rate(int concurrency, long turns, long degraded, double rate) {
    }
}
