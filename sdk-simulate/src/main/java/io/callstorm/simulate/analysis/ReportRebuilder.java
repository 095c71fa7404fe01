package io.callstorm.simulate.analysis;

import io.callstorm.simulate.analysis.internal.CallsFileReader;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.measure.CallRecorder;
import io.callstorm.simulate.measure.Measurements;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.EvaluationSetup;
import io.callstorm.simulate.report.EvaluationSummary;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.LoadSummary;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.RunStart;
import io.callstorm.simulate.report.SimulationInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.callstorm.core.io.BoundedLines;

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
import java.util.function.Consumer;

/**
 * Rebuilds a run's report from its {@code calls.jsonl}: the run recorded each call from its line, with one
 * {@link CallRecorder}, so feeding the same lines to a recorder of the same initial bucket width gives the same
 * measurements, and {@link ReportAssembler} the same latency, quality, error, load, timeline, evaluation and breakdown sections. What a line cannot carry comes from beside the file: the run's initial bucket width and what ran from
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

    /**
     * Longer lines are skipped unread: a call line of the longest calls is a few hundred KB. Counted in UTF-8 bytes: its
     * characters, but for non-ASCII text, whose characters take two to four bytes each.
     */
    public static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

    private ReportRebuilder() {
    }

    /**
     * Rebuilds the report of the run whose {@code calls.jsonl} (or {@code calls.jsonl.gz}) is {@code callsFile},
     * reading the file once, in blocks parsed on every core, in memory that does not grow with the file.
     *
     * <pre>{@code
     * ReportRebuilder.Rebuilt r = ReportRebuilder.rebuild(Path.of("callstorm-out/calls.jsonl"));
     * ReportFiles.write(r.report(), outDir);
     * }</pre>
     */
    public static Rebuilt rebuild(Path callsFile) throws IOException {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        CallsFileReader reader = new CallsFileReader(MAX_LINE_CHARS, threads);
        return rebuild(callsFile, reader::read);
    }

    /** How the calls of a file are read: the tests compare the reader with data binding line by line. */
    @FunctionalInterface
    interface CallSource {
        CallsFileReader.Reading read(Path callsFile, Consumer<CallLine> sink) throws IOException;
    }

    static Rebuilt rebuild(Path callsFile, CallSource source) throws IOException {
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

        EvaluationSetup setup = start.map(RunStart::evaluation).filter(e -> !e.policy().isEmpty())
                .or(() -> previous.map(ReportRebuilder::setupOf))
                .orElseGet(EvaluationSetup::unknown);
        CallRecorder recorder = new CallRecorder(initialWidth, setup);
        CallsFileReader.Reading reading = source.read(callsFile, recorder::record);
        long malformed = readingNotes(reading, notes);
        long lines = reading.calls();
        Measurements m = recorder.snapshot();
        LoadSummary load = ReportAssembler.load(m);
        SimulationInfo info = previous.map(SimulationReport::simulation)
                .or(() -> start.map(RunStart::simulation))
                .orElseGet(() -> new SimulationInfo("rebuilt from " + callsFile.getFileName(), Map.of(), "", 0, "", 0,
                        "", "", 0, 0));
        if (previous.isEmpty()) {
            info = info.withDurationSeconds(ReportAssembler.round(m.counts().lastEndSeconds(), 1));
            if (start.isEmpty()) {
                notes.add("no run.json beside the calls: the report does not say what ran");
            }
        }
        HarnessStats harness = previous.map(SimulationReport::harness).orElseGet(() -> new HarnessStats(0, 0, 0, 0, 0,
                0, m.evaluation().conversationsScored(), m.evaluation().conversationsDropped()));
        Completeness completeness = previous.map(SimulationReport::completeness)
                .orElseGet(() -> endUnknown(m.counts().lastEndSeconds()));
        // which words the callers said is on no line: the run's report.json says, else they read as scripted
        SimulationReport report = ReportAssembler.assemble(info, load, m, harness).withCompleteness(completeness)
                .withCallers(previous.map(SimulationReport::callers)
                        .orElse(io.callstorm.simulate.report.CallerSummary.scripted()));
        return new Rebuilt(report, lines, malformed, notes);
    }

    /**
     * What reading a calls file met.
     *
     * @param lines     calls read
     * @param malformed lines that could not be read, or were too long to be a call's
     * @param notes     what the reader met, in words
     */
    public record LinesRead(long lines, long malformed, List<String> notes) {
        public LinesRead {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Reads the calls of {@code callsFile} ({@code calls.jsonl}, or {@code .gz}) in their order, whole (every field,
     * by data binding: a shard merge writes them out again, where the report's own read keeps only what the report
     * uses), handing each to {@code each}; lines that cannot be read (a run killed mid-write leaves a partial last
     * line) are counted and skipped.
     */
    public static LinesRead readLines(Path callsFile, Consumer<CallLine> each) throws IOException {
        List<String> notes = new ArrayList<>();
        long lines = 0;
        long malformed = 0;
        ObjectReader reader = ReportJson.mapper().readerFor(CallLine.class);
        long tooLong = 0;
        try (BufferedReader in = open(callsFile)) {
            BoundedLines file = new BoundedLines(in, MAX_LINE_CHARS);
            for (BoundedLines.Line text = next(file, notes); text != null; text = next(file, notes)) {
                if (text.tooLong()) {
                    tooLong++; // no call line is this long: not held, so one huge line cannot take the heap
                    continue;
                }
                if (text.text().isBlank()) {
                    continue;
                }
                CallLine line;
                try {
                    line = reader.readValue(text.text());
                } catch (JsonProcessingException e) {
                    malformed++;
                    continue;
                }
                lines++;
                each.accept(line);
            }
        }
        if (tooLong > 0) {
            notes.add(tooLong + " line(s) longer than " + MAX_LINE_CHARS / (1024 * 1024)
                    + "M characters were skipped unread");
            malformed += tooLong;
        }
        if (malformed > 0) {
            notes.add(malformed + " line(s) could not be read and were skipped");
        }
        return new LinesRead(lines, malformed, notes);
    }

    private static BufferedReader open(Path callsFile) throws IOException {
        if (!callsFile.getFileName().toString().endsWith(".gz")) {
            return Files.newBufferedReader(callsFile, StandardCharsets.UTF_8);
        }
        return new BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
                Files.newInputStream(callsFile), 1 << 16), StandardCharsets.UTF_8));
    }

    private static BoundedLines.Line next(BoundedLines file, List<String> notes) throws IOException {
        try {
            return file.next();
        } catch (java.io.EOFException | java.util.zip.ZipException cut) {
            notes.add("the compressed file ends inside a gzip member (" + cut.getMessage() + "): the lines before "
                    + "it were read");
            return null;
        }
    }

    /** Adds what a reading met to {@code notes}; returns the lines skipped (unreadable or too long). */
    private static long readingNotes(CallsFileReader.Reading reading, List<String> notes) {
        reading.cut().ifPresent(cut -> notes.add("the compressed file ends inside a gzip member (" + cut + "): the "
                + "lines before it were read"));
        if (reading.tooLong() > 0) {
            notes.add(reading.tooLong() + " line(s) longer than " + MAX_LINE_CHARS / (1024 * 1024)
                    + "M characters were skipped unread");
        }
        long malformed = reading.malformed() + reading.tooLong();
        if (malformed > 0) {
            notes.add(malformed + " line(s) could not be read and were skipped" + lineNumbers(reading));
        }
        return malformed;
    }

    /** {@code ": lines 3, 17 and 40"}: where the malformed lines are, the first few of them. */
    private static String lineNumbers(CallsFileReader.Reading reading) {
        List<Long> at = reading.malformedLines();
        if (at.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(at.size() == 1 ? ": line " : ": lines ");
        for (int i = 0; i < at.size(); i++) {
            b.append(i == 0 ? "" : i == at.size() - 1 && reading.malformed() == at.size() ? " and " : ", ")
                    .append(at.get(i));
        }
        return reading.malformed() > at.size() ? b.append(", ...").toString() : b.toString();
    }

    /**
     * Without the run's {@code report.json}, the run did not get to write it: it was killed (e.g. {@code kill -9}) or
     * crashed, and what only the run itself measured is not in any file.
     */
    private static Completeness endUnknown(double lastEndSeconds) {
        return Completeness.stopped(Completeness.UNKNOWN_END, "the run ended without writing report.json: killed "
                        + "(e.g. kill -9) or crashed", ReportAssembler.round(lastEndSeconds, 1), -1)
                .withUnknownFigures(List.of(
                        "harness: the harness's own figures (event-loop lag, heap, CPU, threads, collections, health "
                                + "windows) are measured by the run and kept in its report.json only; 0 here",
                        "load.callsStarted: calls still in progress when the run ended have no line; this counts the "
                                + "calls that have one",
                        "load.callsCancelled: calls cut short by the end have no line",
                        "simulation.durationSeconds: the end of the last call recorded, not of the run"));
    }

    /** The evaluation setup a report states, for a rebuild without {@code run.json}. */
    private static EvaluationSetup setupOf(SimulationReport report) {
        EvaluationSummary e = report.evaluation();
        Map<String, String> kinds = new LinkedHashMap<>();
        e.rubrics().forEach(r -> kinds.put(r.rubric(), r.evaluator()));
        return new EvaluationSetup(e.policy(), e.threads(), e.queueCapacity(), kinds, e.sample());
    }

    private static <T> Optional<T> read(Path file, Class<T> type) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) > SimulationReport.MAX_FILE_BYTES) {
            return Optional.empty(); // not the run's: no report or run.json is this large
        }
        try {
            return Optional.of(ReportJson.mapper().readValue(file.toFile(), type));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
