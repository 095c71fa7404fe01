package io.callstorm.simulate.writer;

import io.callstorm.simulate.report.SimulationReport;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a report's files: {@code report.json}, {@code report.html} and {@code junit.xml}.
 *
 * <pre>{@code
 * ReportFiles.write(simulation.run(), Path.of("out"));
 * }</pre>
 */
public final class ReportFiles {
    private ReportFiles() {
    }

    /** Writes {@code report.json}, {@code report.html} and {@code junit.xml} into {@code directory}. */
    public static void write(SimulationReport report, Path directory) throws IOException {
        report.writeJson(directory.resolve(SimulationReport.JSON_FILE));
        HtmlReport.write(report, directory.resolve(SimulationReport.HTML_FILE));
        JunitReport.write(report, directory.resolve(SimulationReport.JUNIT_FILE));
    }
}
