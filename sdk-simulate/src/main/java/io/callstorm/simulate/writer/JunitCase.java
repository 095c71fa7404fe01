package io.callstorm.simulate.writer;

import java.util.Objects;

/**
 * A test case of {@code junit.xml} beside the gate's checks, e.g. a rubric's verdicts when scoring transcripts
 * ({@link JunitReport#render(io.callstorm.simulate.report.SimulationReport, java.util.List)}).
 *
 * @param name    the test case's name
 * @param result  passed, failed or skipped
 * @param message a failure's or a skip's message; empty for a pass
 * @param output  what the case says in {@code system-out}; may be empty
 */
public record JunitCase(String name, Result result, String message, String output) {
    /** How a case ended. */
    public enum Result { PASSED, FAILED, SKIPPED }

    public JunitCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(output, "output");
    }

    public static JunitCase passed(String name, String output) {
        return new JunitCase(name, Result.PASSED, "", output);
    }

    public static JunitCase failed(String name, String message, String output) {
        return new JunitCase(name, Result.FAILED, message, output);
    }

    public static JunitCase skipped(String name, String message) {
        return new JunitCase(name, Result.SKIPPED, message, "");
    }
}
