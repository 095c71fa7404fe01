package io.callstorm.simulate.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.callstorm.core.Stage;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.measure.EvaluationTally;
import io.callstorm.simulate.measure.RunMetrics;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.EvaluationSetup;
import io.callstorm.simulate.report.EvaluationSummary;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.LoadSummary;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.RunStart;
import io.callstorm.simulate.report.SimulationInfo;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds a run's report from its {@code calls.jsonl}: every sample the run put in its histograms is on a line
 * (stage latencies and gaps at 0.1 ms, each with the concurrency it was taken at; each call's concurrency at its
 * end), so replaying the lines into the same histograms and buckets gives the same latency, quality and error
 * sections. What a line cannot carry comes from beside the file: the run's initial bucket width and what ran from
 * {@code run.json}, the harness figures from a {@code report.json} when there is one.
 */
public final class ReportRebuilder {
    /**
     * A rebuilt report and what reading the file met.
     *
     * @param report    the report
     * @param lines     calls read
     * @param malformed lines that could not be read (a run killed mid-write leaves a partial last line)
     * @param notes     what the rebuild had to assume, e.g. without a {@code run.json}
     */
    public record Rebuilt(SimulationReport report, long lines, long malformed, List<String> notes) {
    }

    private ReportRebuilder() {
    }

    public static Rebuilt rebuild(Path callsFile) throws IOException {
        Path dir = callsFile.toAbsolutePath().getParent();
        List<String> notes = new ArrayList<>();
        Optional<RunStart> start = read(dir.resolve(RunStart.FILE_NAME), RunStart.class);
        Optional<SimulationReport> previous = read(dir.resolve("report.json"), SimulationReport.class);
        int initialWidth;
        if (start.isPresent()) {
            initialWidth = start.get().initialBucketWidth();
        } else if (previous.isPresent() && previous.get().load().bucketWidth() > 0) {
            initialWidth = previous.get().load().bucketWidth();
            notes.add("no run.json beside the calls: bucket width taken from report.json");
        } else {
            initialWidth = 1;
            notes.add("no run.json beside the calls: concurrency buckets start at width 1 and may differ from the "
                    + "run's own");
        }

        RunMetrics metrics = new RunMetrics(initialWidth);
        CallFindings findings = new CallFindings(initialWidth);
        EvaluationSetup setup = start.map(RunStart::evaluation).filter(e -> !e.policy().isEmpty())
                .or(() -> previous.map(ReportRebuilder::setupOf))
                .orElseGet(EvaluationSetup::unknown);
        EvaluationTally tally = new EvaluationTally(List.copyOf(setup.evaluators().keySet()));
        Map<String, long[]> statuses = new LinkedHashMap<>();
        long lines = 0;
        long malformed = 0;
        long turns = 0;
        long retries = 0;
        int peak = 0;
        double lastEnd = 0;
        ObjectReader reader = ReportJson.mapper().readerFor(CallLine.class);
        try (BufferedReader in = Files.newBufferedReader(callsFile, StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null) {
                if (text.isBlank()) {
                    continue;
                }
                CallLine line;
                try {
                    line = reader.readValue(text);
                } catch (JsonProcessingException e) {
                    malformed++;
                    continue;
                }
                lines++;
                replay(line, metrics);
                statuses.computeIfAbsent(line.status(), k -> new long[1])[0]++;
                turns += line.turns().stream().filter(t -> "CALLER".equals(t.speaker())).count();
                retries += line.retries();
                peak = Math.max(peak, line.startConcurrency());
                if (line.startConcurrency() == 0) { // a file written before lines carried it: the best lower bound
                    peak = Math.max(peak, Math.max(line.endConcurrency(), line.concurrency()));
                    for (CallLine.Turn t : line.turns()) {
                        peak = Math.max(peak, t.concurrency());
                    }
                }
                lastEnd = Math.max(lastEnd, line.endedAtSeconds());
                tally.accept(line);
                findings.accept(line);
            }
        }
        if (malformed > 0) {
            notes.add(malformed + " line(s) could not be read and were skipped");
        }
        LoadSummary load = new LoadSummary(peak, lines, count(statuses, "COMPLETED"), count(statuses, "FAILED"),
                count(statuses, "TIMED_OUT"), count(statuses, "HUNG_UP"), turns, retries, metrics.buckets().width());
        SimulationInfo info = previous.map(SimulationReport::simulation)
                .or(() -> start.map(RunStart::simulation))
                .orElseGet(() -> new SimulationInfo("rebuilt from " + callsFile.getFileName(), Map.of(), "", 0, "", 0,
                        "", "", 0, 0));
        if (previous.isEmpty()) {
            info = new SimulationInfo(info.name(), info.agent(), info.connector(), info.seed(), info.startedAt(),
                    ReportAssembler.round(lastEnd, 1), info.loadModel(), info.loadProfile(), info.timeScale(),
                    info.rows());
            if (start.isEmpty()) {
                notes.add("no run.json beside the calls: the report does not say what ran");
            }
        }
        HarnessStats harness = previous.map(SimulationReport::harness).orElseGet(() -> new HarnessStats(0, 0, 0, 0, 0,
                0, tally.conversationsScored(), tally.conversationsDropped()));
        SimulationReport report = ReportAssembler.assemble(info, load, metrics, tally.quality(), findings, harness,
                tally.summary(setup));
        return new Rebuilt(report, lines, malformed, notes);
    }

    /** The evaluation setup a report states, for a rebuild without {@code run.json}. */
    private static EvaluationSetup setupOf(SimulationReport report) {
        EvaluationSummary e = report.evaluation();
        Map<String, String> kinds = new LinkedHashMap<>();
        e.rubrics().forEach(r -> kinds.put(r.rubric(), r.evaluator()));
        return new EvaluationSetup(e.policy(), e.threads(), e.queueCapacity(), kinds);
    }

    /** Puts one call's samples where the run put them: the same values at the same concurrency. */
    private static void replay(CallLine line, RunMetrics metrics) {
        for (CallLine.Turn t : line.turns()) {
            if (!"AGENT".equals(t.speaker())) {
                continue;
            }
            // each stage value at the concurrency it was measured at; a line without them, at the turn's
            t.stagesMs().forEach((wire, values) -> Stage.fromWireName(wire).ifPresent(stage -> {
                List<Integer> concurrency = t.stagesConcurrency().getOrDefault(wire, List.of());
                for (int i = 0; i < values.size(); i++) {
                    metrics.recordLatency(stage, micros(values.get(i)),
                            i < concurrency.size() ? concurrency.get(i) : t.concurrency());
                }
            }));
            t.gapMs().ifPresent(gap -> metrics.recordLatency(Stage.USER_PERCEIVED_GAP, micros(gap),
                    t.gapConcurrency() > 0 ? t.gapConcurrency() : t.concurrency()));
        }
        line.error().ifPresent(e -> e.gapMs().ifPresent(gap -> metrics.recordLatency(Stage.USER_PERCEIVED_GAP,
                micros(gap), e.gapConcurrency())));
        int end = line.endConcurrency() > 0 ? line.endConcurrency()
                : line.error().map(CallLine.CallError::concurrency).orElse(line.concurrency());
        metrics.recordCallEnd(end, !"COMPLETED".equals(line.status()));
    }

    private static long micros(double ms) {
        return Math.round(ms * 1000);
    }

    private static long count(Map<String, long[]> statuses, String status) {
        long[] c = statuses.get(status);
        return c == null ? 0 : c[0];
    }

    private static <T> Optional<T> read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ReportJson.mapper().readValue(file.toFile(), type));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
