package io.callstorm.core.scenario;

import io.callstorm.core.Outcome;
import io.callstorm.core.validation.ProblemCollector;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What callers want: a named set of conversation paths, each ending in an expected outcome. Paths that
 * open with the same steps are branches of one tree; {@link #branchCounts()} shows the spread so a user
 * can check coverage before a run.
 *
 * <pre>{@code
 * ScenarioGraph graph = ScenarioGraph.builder("support")
 *     .description("Customer calls support for an account, billing or technical issue.")
 *     .path(refund).path(outage).path(escalation)
 *     .build();
 * }</pre>
 */
public final class ScenarioGraph {
    private final String name;
    private final String description;
    private final List<ScenarioPath> paths;

    private ScenarioGraph(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.paths = List.copyOf(b.paths);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() { return name; }
    public String description() { return description; }
    public List<ScenarioPath> paths() { return paths; }

    /** Number of paths per category, in first-seen order. */
    public Map<String, Integer> branchCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        paths.forEach(p -> counts.merge(p.category(), 1, Integer::sum));
        return counts;
    }

    /** Number of paths per expected outcome. */
    public Map<Outcome, Integer> outcomeCounts() {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        paths.forEach(p -> counts.merge(p.expectedOutcome(), 1, Integer::sum));
        return counts;
    }

    @Override
    public String toString() {
        return "ScenarioGraph{" + name + ", " + paths.size() + " paths}";
    }

    /** Builds a {@link ScenarioGraph}; {@link #build()} checks every path and reports all problems at once. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private final List<ScenarioPath> paths = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String description) { this.description = description; return this; }

        public Builder path(ScenarioPath path) {
            paths.add(path);
            return this;
        }

        public Builder paths(List<ScenarioPath> morePaths) {
            paths.addAll(morePaths);
            return this;
        }

        public ScenarioGraph build() {
            ProblemCollector p = new ProblemCollector();
            p.check(name != null && !name.isBlank(), "name", "must not be blank");
            p.check(!paths.isEmpty(), "paths", "must hold at least one path");
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < paths.size(); i++) {
                p.check(ids.add(paths.get(i).id()), "paths[" + i + "].id",
                        "duplicates an earlier path id \"" + paths.get(i).id() + "\"");
            }
            p.throwIfAny("scenario graph \"" + name + "\"");
            return new ScenarioGraph(this);
        }
    }
}
