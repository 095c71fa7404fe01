package io.callstorm.simulate;

import io.callstorm.simulate.report.SimulationReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The run's output files could not all be written (a full disk, a read-only directory): thrown by
 * {@link RunningSimulation#await()} after the run, with the report of everything it measured, so that the report can
 * still be printed or written elsewhere. A run that could not write {@code calls.jsonl} stopped at once (its report
 * is partial, see {@code report.completeness()}); the files that could be written were.
 */
public final class OutputFailedException extends UncheckedIOException {
    private final transient SimulationReport report;
    private final List<String> problems;

    OutputFailedException(SimulationReport report, List<IOException> failures) {
        super(failures.get(0).getMessage(), failures.get(0));
        failures.stream().skip(1).forEach(this::addSuppressed);
        this.report = report;
        this.problems = failures.stream().map(IOException::getMessage).toList();
    }

    /** What the run measured: the whole report, as it would have been written. */
    public SimulationReport report() {
        return report;
    }

    /** Each file that could not be written, and why, e.g. {@code cannot write out/report.json: No space left on device}. */
    public List<String> problems() {
        return problems;
    }
}
