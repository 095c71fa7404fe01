package io.callstorm.cli.config;

import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reports a builder's problems under the names the user wrote: the builders own the range checks, but a user of
 * {@code demo} wrote {@code --time-scale}, not {@code timeScale}, and a simulation file says {@code rows}, not
 * {@code scenarios.rows}. The builder's message is kept; only the path changes.
 *
 * <pre>{@code
 * BuilderProblems names = new BuilderProblems().name("timeScale", "--time-scale");
 * names.addTo(sim.problems(), p);   // timeScale: must be > 0 ...  ->  --time-scale: must be > 0 ...
 * }</pre>
 */
public final class BuilderProblems {
    private final Map<String, String> names = new HashMap<>();
    private final Set<String> ignored = new HashSet<>();
    private final Map<String, String> written = new HashMap<>();

    /** Reports the builder's problems at {@code builderPath} under {@code userName}. */
    public BuilderProblems name(String builderPath, String userName) {
        names.put(builderPath, userName);
        return this;
    }

    /**
     * Quotes the value at {@code builderPath} as the user wrote it: the builder saw it converted ({@code 1e10} rows
     * as the nearest int, {@code 99999999999999h} as a {@code Duration}), and its message's {@code ", was ..."} is
     * replaced with {@code ", was " + asWritten}.
     */
    public BuilderProblems written(String builderPath, String asWritten) {
        written.put(builderPath, asWritten);
        return this;
    }

    /** Drops the builder's problems at {@code builderPath}; the caller says why where it calls this. */
    public BuilderProblems ignore(String builderPath) {
        ignored.add(builderPath);
        return this;
    }

    /**
     * Adds {@code problems} to {@code p}, each under the user's name (a path without one keeps the builder's), and
     * at most one per name. A problem is dropped when {@code p} already holds one at its name or within it
     * ({@code personas[1]} is within {@code personas}): the user's input there could not be read, so the builder
     * judged a stand-in for it, and the problem the reader found is the one to fix.
     */
    public void addTo(List<Problem> problems, ProblemCollector p) {
        List<Problem> alreadyReported = p.problems();
        Set<String> added = new HashSet<>();
        for (Problem problem : problems) {
            if (ignored.contains(problem.path())) {
                continue;
            }
            String name = names.getOrDefault(problem.path(), problem.path());
            boolean readerReported = alreadyReported.stream().anyMatch(r -> isAtOrWithin(r.path(), name));
            if (!readerReported && added.add(name)) {
                p.add(name, asWritten(problem));
            }
        }
    }

    private String asWritten(Problem problem) {
        String text = written.get(problem.path());
        int was = problem.message().lastIndexOf(", was ");
        return text == null || was < 0 ? problem.message() : problem.message().substring(0, was) + ", was " + text;
    }

    private static boolean isAtOrWithin(String path, String name) {
        return path.equals(name) || path.startsWith(name + ".") || path.startsWith(name + "[");
    }
}
