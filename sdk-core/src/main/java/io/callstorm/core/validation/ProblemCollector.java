package io.callstorm.core.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the problems of one configuration so they can be reported together.
 *
 * <pre>{@code
 * ProblemCollector problems = new ProblemCollector();
 * problems.check(rate > 0, "speakingRateWpm", "must be > 0, was " + rate);
 * problems.throwIfAny("persona");
 * }</pre>
 */
public final class ProblemCollector {
    private final List<Problem> problems = new ArrayList<>();

    /** Records a problem at {@code path} unless {@code ok} holds. Returns {@code ok}. */
    public boolean check(boolean ok, String path, String message) {
        if (!ok) {
            problems.add(new Problem(path, message));
        }
        return ok;
    }

    public void add(String path, String message) {
        problems.add(new Problem(path, message));
    }

    /** Adds another collection's problems under a path prefix, e.g. {@code personas[2]}. */
    public void addAll(String prefix, List<Problem> nested) {
        for (Problem p : nested) {
            problems.add(new Problem(prefix.isEmpty() ? p.path() : prefix + "." + p.path(), p.message()));
        }
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws one {@link ConfigurationException} listing every problem, if there is any. */
    public void throwIfAny(String subject) {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(subject, problems);
        }
    }
}
