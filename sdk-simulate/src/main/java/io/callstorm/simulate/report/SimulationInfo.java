package io.callstorm.simulate.report;

import java.util.Map;

/**
 * What ran: {@code agent} holds the agent's name and, for the reference agent, every setting of its capacity
 * models and the fixes applied.
 *
 * @param name            the simulation's name
 * @param agent           the agent under test and its settings
 * @param connector       how callers reached it
 * @param seed            the run seed (same seed, same rows)
 * @param startedAt       ISO-8601 instant
 * @param durationSeconds wall-clock length of the run
 * @param loadModel       {@code closed} or {@code open}
 * @param loadProfile     the profile, human-readable
 * @param timeScale       caller speaking and listening time factor
 * @param rows            rows expanded from personas x paths x variations
 */
public record SimulationInfo(String name, Map<String, Object> agent, String connector, long seed, String startedAt,
                             double durationSeconds, String loadModel, String loadProfile, double timeScale,
                             int rows) {
}
