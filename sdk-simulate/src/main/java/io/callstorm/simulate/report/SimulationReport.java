package io.callstorm.simulate.report;

import io.callstorm.core.secret.Secrets;
import io.callstorm.core.Stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The result of a run, shaped as {@code report.json} (schema version 1, a public contract: keys are added,
 * never renamed). Latency, quality and errors are given per concurrency bucket so each can be plotted against
 * concurrency.
 *
 * <pre>{@code
 * SimulationReport report = simulation.run();
 * double p95AtPeak = report.peakLatency(Stage.USER_PERCEIVED_GAP).orElseThrow().p95Ms();
 * ReportFiles.write(report, Path.of("out"));   // report.json, report.html, junit.xml
 * GateAssertions.assertThat(report).passesGate();
 * }</pre>
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for this class
 * @param simulation    what ran
 * @param load          what load was applied
 * @param latency       per stage and concurrency bucket
 * @param curves        per stage, the shape of P95 against concurrency
 * @param quality       per rubric and concurrency bucket
 * @param drift         per rubric, the pass-rate change from lowest to peak concurrency
 * @param errors        error rate per bucket and named clusters
 * @param gate          the CI verdict
 * @param harness       how the harness itself held up
 * @param timeline      the load over time
 * @param evaluation    how the calls were scored: per rubric, the evaluator kind, verdicts, errors, drops, tokens
 *                      and estimated cost
 * @param completeness  whether the report holds the whole run; if not, why, when, and what it cannot know
 * @param breakdown     the results per persona and per scenario path, and the worst of each
 * @param callers       how the callers found their words: scripted, or improvised by a model (turns, fallbacks by
 *                      reason, requests, cache hits, tokens and cost)
 */
public record SimulationReport(int schemaVersion, SimulationInfo simulation, LoadSummary load, List<LatencyRow> latency,
                               List<CurveRow> curves, List<QualityRow> quality, List<DriftRow> drift,
                               ErrorSummary errors, GateResult gate, HarnessStats harness, Timeline timeline,
                               EvaluationSummary evaluation, Completeness completeness, Breakdown breakdown,
                               CallerSummary callers) {
    public static final int SCHEMA_VERSION = 1;
    public static final String JSON_FILE = "report.json";
    public static final String HTML_FILE = "report.html";
    public static final String JUNIT_FILE = "junit.xml";
    public static final String CALLS_FILE = "calls.jsonl";
    /** The calls, gzip-compressed ({@code Simulation.Builder.compressCallsFile}). */
    public static final String CALLS_GZ_FILE = "calls.jsonl.gz";
    /** Buckets with fewer samples than this are reported but not used as a curve's ends. */
    public static final int MIN_SAMPLES_FOR_ENDS = 20;

    public SimulationReport {
        latency = List.copyOf(latency);
        curves = List.copyOf(curves);
        quality = List.copyOf(quality);
        drift = List.copyOf(drift);
        gate = gate == null ? GateResult.none() : gate;
        timeline = timeline == null ? Timeline.empty() : timeline; // reports written before it was added
        evaluation = evaluation == null ? EvaluationSummary.none() : evaluation; // likewise
        completeness = completeness == null ? Completeness.whole() : completeness; // likewise
        breakdown = breakdown == null ? Breakdown.none() : breakdown; // likewise
        callers = callers == null ? CallerSummary.scripted() : callers; // likewise: their callers were all scripted
    }

    /** A report of scripted callers. */
    public SimulationReport(int schemaVersion, SimulationInfo simulation, LoadSummary load, List<LatencyRow> latency,
                            List<CurveRow> curves, List<QualityRow> quality, List<DriftRow> drift, ErrorSummary errors,
                            GateResult gate, HarnessStats harness, Timeline timeline, EvaluationSummary evaluation,
                            Completeness completeness, Breakdown breakdown) {
        this(schemaVersion, simulation, load, latency, curves, quality, drift, errors, gate, harness, timeline,
                evaluation, completeness, breakdown, CallerSummary.scripted());
    }

    /** A report without the per-persona and per-path breakdown. */
    public SimulationReport(int schemaVersion, SimulationInfo simulation, LoadSummary load, List<LatencyRow> latency,
                            List<CurveRow> curves, List<QualityRow> quality, List<DriftRow> drift, ErrorSummary errors,
                            GateResult gate, HarnessStats harness, Timeline timeline, EvaluationSummary evaluation,
                            Completeness completeness) {
        this(schemaVersion, simulation, load, latency, curves, quality, drift, errors, gate, harness, timeline,
                evaluation, completeness, Breakdown.none());
    }

    /** A report of a whole run. */
    public SimulationReport(int schemaVersion, SimulationInfo simulation, LoadSummary load, List<LatencyRow> latency,
                            List<CurveRow> curves, List<QualityRow> quality, List<DriftRow> drift, ErrorSummary errors,
                            GateResult gate, HarnessStats harness, Timeline timeline, EvaluationSummary evaluation) {
        this(schemaVersion, simulation, load, latency, curves, quality, drift, errors, gate, harness, timeline,
                evaluation, Completeness.whole());
    }

    /** A report without an evaluation section. */
    public SimulationReport(int schemaVersion, SimulationInfo simulation, LoadSummary load, List<LatencyRow> latency,
                            List<CurveRow> curves, List<QualityRow> quality, List<DriftRow> drift, ErrorSummary errors,
                            GateResult gate, HarnessStats harness, Timeline timeline) {
        this(schemaVersion, simulation, load, latency, curves, quality, drift, errors, gate, harness, timeline,
                EvaluationSummary.none());
    }

    /** Latency rows of one stage, by increasing concurrency. */
    public List<LatencyRow> latency(Stage stage) {
        return latency.stream().filter(r -> r.stage().equals(stage.wireName()))
                .sorted(Comparator.comparingInt(LatencyRow::concurrency)).toList();
    }

    /** The row at the lowest concurrency with enough samples to trust its percentiles. */
    public Optional<LatencyRow> lowestLatency(Stage stage) {
        return latency(stage).stream().filter(r -> r.count() >= MIN_SAMPLES_FOR_ENDS).findFirst();
    }

    /** The row at the highest concurrency with enough samples to trust its percentiles. */
    public Optional<LatencyRow> peakLatency(Stage stage) {
        List<LatencyRow> rows = latency(stage).stream()
                .filter(r -> r.count() >= MIN_SAMPLES_FOR_ENDS).toList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(rows.size() - 1));
    }

    /** Quality rows of one rubric, by increasing concurrency. */
    public List<QualityRow> quality(String rubric) {
        return quality.stream().filter(r -> r.rubric().equals(rubric))
                .sorted(Comparator.comparingInt(QualityRow::concurrency)).toList();
    }

    public Optional<CurveRow> curve(Stage stage) {
        return curves.stream().filter(c -> c.stage().equals(stage.wireName())).findFirst();
    }

    public Optional<DriftRow> drift(String rubric) {
        return drift.stream().filter(d -> d.rubric().equals(rubric)).findFirst();
    }

    /** Share of all finished calls that ended in error. */
    public double errorRate() {
        long calls = errors.rate().stream().mapToLong(r -> r.calls()).sum();
        long errs = errors.rate().stream().mapToLong(r -> r.errors()).sum();
        return calls == 0 ? 0 : (double) errs / calls;
    }

    /** This report with another gate verdict. */
    public SimulationReport withGate(GateResult newGate) {
        return new SimulationReport(schemaVersion, simulation, load, latency, curves, quality, drift, errors, newGate,
                harness, timeline, evaluation, completeness, breakdown, callers);
    }

    /** This report with another completeness. */
    public SimulationReport withCompleteness(Completeness newCompleteness) {
        return new SimulationReport(schemaVersion, simulation, load, latency, curves, quality, drift, errors, gate,
                harness, timeline, evaluation, newCompleteness, breakdown, callers);
    }

    /** This report with another callers section. */
    public SimulationReport withCallers(CallerSummary newCallers) {
        return new SimulationReport(schemaVersion, simulation, load, latency, curves, quality, drift, errors, gate,
                harness, timeline, evaluation, completeness, breakdown, newCallers);
    }

    /**
     * This report with every registered secret masked ({@link Secrets}), or this report itself when it holds none:
     * what a run returns, so that a report printed or logged by its user leaks no key an agent or a judge echoed.
     */
    public SimulationReport redacted() {
        try {
            String json = ReportJson.mapper().writeValueAsString(this);
            String masked = Secrets.redact(json);
            return masked.equals(json) ? this : ReportJson.mapper().readValue(masked, SimulationReport.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes {@code report.json}, pretty-printed, every registered secret masked ({@link Secrets}). */
    public void writeJson(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, Secrets.redact(ReportJson.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(this)), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The largest {@code report.json} read back ({@link #readJson}): a report holds rows per bucket, not per call,
     * and the largest runs write a few MB.
     */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    /**
     * Reads a {@code report.json}.
     *
     * @throws IOException when it cannot be read, is not a report, or is larger than {@link #MAX_FILE_BYTES}
     */
    public static SimulationReport readJson(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(String.format(java.util.Locale.ROOT, "%,d bytes: a report.json is at most %,d MB",
                    size, MAX_FILE_BYTES / (1024 * 1024)));
        }
        return ReportJson.mapper().readValue(file.toFile(), SimulationReport.class);
    }
}
