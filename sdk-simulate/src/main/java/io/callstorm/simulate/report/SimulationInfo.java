package io.callstorm.simulate.report;

import java.util.List;
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
 * @param durationSeconds length of the run, load and drain, on the run's clock: wall-clock seconds on the real
 *                        clock, simulated seconds on the virtual one ({@code harness.wallSeconds} has the machine's)
 * @param loadModel       {@code closed} or {@code open}
 * @param loadProfile     the profile, human-readable
 * @param timeScale       caller speaking and listening time factor
 * @param rows            rows expanded from personas x paths x variations
 * @param clock           the time the run ran on: {@code real} or {@code virtual} (simulated time; see
 *                        {@code SimulationClock})
 * @param loadStages      the load profile's stages, structured (empty in reports written before they were)
 * @param runId           the run's id in a run history ({@code callstorm history show RUN_ID}), as the one who ran
 *                        it gave it ({@code Simulation.Builder.runId}); empty when none was given, and in reports
 *                        written before runs had one
 */
public record SimulationInfo(String name, Map<String, Object> agent, String connector, long seed, String startedAt,
                             double durationSeconds, String loadModel, String loadProfile, double timeScale,
                             int rows, String clock, List<LoadStageRow> loadStages, String runId) {
    /** {@code clock} of a run on the machine's clock, and of a report written before runs said which. */
    public static final String REAL_CLOCK = "real";
    /** {@code clock} of a run on simulated time. */
    public static final String VIRTUAL_CLOCK = "virtual";

    public SimulationInfo {
        clock = clock == null || clock.isBlank() ? REAL_CLOCK : clock; // older reports
        loadStages = loadStages == null ? List.of() : List.copyOf(loadStages); // likewise
        runId = runId == null ? "" : runId; // likewise
    }

    /** What ran, without a run id. */
    public SimulationInfo(String name, Map<String, Object> agent, String connector, long seed, String startedAt,
                          double durationSeconds, String loadModel, String loadProfile, double timeScale, int rows,
                          String clock, List<LoadStageRow> loadStages) {
        this(name, agent, connector, seed, startedAt, durationSeconds, loadModel, loadProfile, timeScale, rows, clock,
                loadStages, "");
    }

    /** What ran, without its stages structured (a rebuild without run.json, transcripts). */
    public SimulationInfo(String name, Map<String, Object> agent, String connector, long seed, String startedAt,
                          double durationSeconds, String loadModel, String loadProfile, double timeScale, int rows,
                          String clock) {
        this(name, agent, connector, seed, startedAt, durationSeconds, loadModel, loadProfile, timeScale, rows, clock,
                List.of());
    }

    /** This information with another duration: a rebuild's, from its calls. */
    public SimulationInfo withDurationSeconds(double seconds) {
        return new SimulationInfo(name, agent, connector, seed, startedAt, seconds, loadModel, loadProfile, timeScale,
                rows, clock, loadStages, runId);
    }

    /** What ran, on the real clock. */
    public SimulationInfo(String name, Map<String, Object> agent, String connector, long seed, String startedAt,
                          double durationSeconds, String loadModel, String loadProfile, double timeScale, int rows) {
        this(name, agent, connector, seed, startedAt, durationSeconds, loadModel, loadProfile, timeScale, rows,
                REAL_CLOCK);
    }
}
