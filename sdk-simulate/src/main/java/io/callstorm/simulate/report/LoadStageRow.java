package io.callstorm.simulate.report;

/**
 * One stage of the load profile as {@code report.json}'s {@code simulation.loadStages} gives it, for tools that
 * plot or compare profiles without parsing {@code loadProfile}'s sentence: a ramp when {@code from != to}, a hold
 * when equal.
 *
 * @param from    the target at the stage's start: concurrent calls (closed model) or arrivals per second (open)
 * @param to      the target at its end
 * @param seconds its length
 */
public record LoadStageRow(double from, double to, double seconds) {
}
