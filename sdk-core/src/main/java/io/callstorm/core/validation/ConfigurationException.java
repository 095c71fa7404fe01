package io.callstorm.core.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a configuration is invalid. It carries every problem found, not just the first, so a user
 * fixes them all in one go; the message lists each as {@code path: what is allowed}.
 */
public final class ConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public ConfigurationException(String subject, List<Problem> problems) {
        super(format(subject, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigurationException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order they were found. */
    public List<Problem> problems() {
        return problems;
    }

    private static String format(String subject, List<Problem> problems) {
        return "Invalid " + subject + " (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "):\n" + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
    }
}
