package io.callstorm.simulate.report;

import io.callstorm.core.secret.Secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ab.json}: two configurations run under the same seed and load profile, and per stage (P50 and P95 at
 * peak), per rubric (pass rate at peak) and on the error rate, which one won, with confidence intervals, or "no
 * difference". Written by {@code callstorm ab}; keys are added, never renamed.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION}
 * @param order         how the two runs were scheduled, e.g. {@code "back to back: A, then B"}
 * @param seed          the seed both ran under
 * @param confidence    the confidence of every interval and verdict, e.g. 0.95
 * @param thresholds    the smallest moves that count, in words (e.g. {@code "rubric 3.0 points, latency 50 ms, error
 *                      rate 1.0 points"})
 * @param a             the first configuration
 * @param b             the second configuration
 * @param metrics       one row per metric measured in both runs
 */
public record AbReport(int schemaVersion, String order, long seed, double confidence, String thresholds, Run a, Run b,
                       List<Metric> metrics) {
    public static final int SCHEMA_VERSION = 1;
    public static final String JSON_FILE = "ab.json";
    public static final String HTML_FILE = "ab.html";

    public AbReport {
        metrics = List.copyOf(metrics);
    }

    /**
     * One configuration's run.
     *
     * @param label     {@code A} or {@code B}
     * @param file      the simulation file
     * @param name      the simulation's name
     * @param directory where its report.json, report.html and calls are
     * @param calls     calls started
     * @param fixes     the reference agent's fixes, if any
     */
    public record Run(String label, String file, String name, String directory, long calls, List<String> fixes) {
        public Run {
            fixes = List.copyOf(fixes);
        }
    }

    /**
     * One metric in both runs.
     *
     * @param metric         e.g. {@code stt_ttft.p95}, {@code is_polite}, {@code error_rate}
     * @param kind           {@code stage}, {@code rubric} or {@code error_rate}
     * @param unit           {@code ms} for latency, {@code fraction} for rates
     * @param a              A's value
     * @param aLow           the low end of A's interval
     * @param aHigh          the high end of A's interval
     * @param b              B's value
     * @param bLow           the low end of B's interval
     * @param bHigh          the high end of B's interval
     * @param delta          B minus A, in ms for latency and points for rates
     * @param deltaLow       the low end of the difference's interval
     * @param deltaHigh      the high end of the difference's interval
     * @param limit          the smallest move that names a winner, in the delta's unit
     * @param winner         {@code A}, {@code B}, {@code no difference} or {@code not enough calls to tell}
     * @param intervalSource how the intervals were found (Wilson, or order statistics over the calls)
     */
    public record Metric(String metric, String kind, String unit, double a, double aLow, double aHigh, double b,
                         double bLow, double bHigh, double delta, double deltaLow, double deltaHigh, double limit,
                         String winner, String intervalSource) {
        public static final String NO_DIFFERENCE = "no difference";
        public static final String NOT_ENOUGH_CALLS = "not enough calls to tell";
    }

    /** Writes this as pretty-printed JSON, every registered secret masked ({@link Secrets}). */
    public void writeJson(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, Secrets.redact(ReportJson.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(this)), StandardCharsets.UTF_8);
    }

    /** Reads an {@code ab.json}. */
    public static AbReport readJson(Path file) throws IOException {
        return ReportJson.mapper().readValue(file.toFile(), AbReport.class);
    }
}
