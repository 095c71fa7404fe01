package io.callstorm.core.scenario;

import io.callstorm.core.persona.Persona;
import io.callstorm.core.validation.ProblemCollector;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Expands personas x paths x variations into a list of rows, reproducibly from a seed: the same inputs and
 * seed give the same rows in the same order. Every persona-path pair appears once before any appears twice
 * (a shuffled round-robin), so a small run still covers the matrix evenly.
 */
public final class ScenarioRows {
    private ScenarioRows() {
    }

    /**
     * @param personas who calls, at least one
     * @param graph    the paths
     * @param count    how many rows, at least one
     * @param seed     the run seed
     * @throws io.callstorm.core.validation.ConfigurationException listing every problem
     */
    public static List<ScenarioRow> expand(List<Persona> personas, ScenarioGraph graph, int count, long seed) {
        ProblemCollector p = new ProblemCollector();
        p.check(personas != null && !personas.isEmpty(), "personas", "must hold at least one persona");
        p.check(graph != null, "scenarios", "must be set");
        p.check(count >= 1 && count <= 10_000_000, "rows", "must be between 1 and 10,000,000, was " + count);
        p.throwIfAny("row expansion");

        List<ScenarioPath> paths = graph.paths();
        int pairs = personas.size() * paths.size();
        SplittableRandom random = new SplittableRandom(seed);
        List<ScenarioRow> rows = new ArrayList<>(count);
        int[] order = new int[pairs];
        for (int round = 0; rows.size() < count; round++) {
            for (int i = 0; i < pairs; i++) {
                order[i] = i;
            }
            for (int i = pairs - 1; i > 0; i--) { // Fisher-Yates, one fresh shuffle per round
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int i = 0; i < pairs && rows.size() < count; i++) {
                int pair = order[i];
                Persona persona = personas.get(pair / paths.size());
                ScenarioPath path = paths.get(pair % paths.size());
                rows.add(new ScenarioRow(rows.size(), persona, path, round, random.nextLong()));
            }
        }
        return List.copyOf(rows);
    }
}
