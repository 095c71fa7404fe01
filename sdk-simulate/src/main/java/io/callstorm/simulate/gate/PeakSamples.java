package io.callstorm.simulate.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.callstorm.core.Stage;
import io.callstorm.core.io.BoundedLines;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.measure.LatencySamples;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.SimulationReport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Every latency sample of a report's peak buckets, one per stage, read from the run's {@code calls.jsonl} (or
 * {@code calls.jsonl.gz}): with them a comparison's percentile intervals are exact order-statistic intervals rather
 * than read off the report's P50/P95/P99/max. A stage whose samples in the file do not add up to its peak row's count
 * (the file is another run's, or was cut short) is left out, and its interval read off the report instead.
 *
 * <pre>{@code
 * SimulationReport report = SimulationReport.readJson(dir.resolve("report.json"));
 * PeakSamples samples = PeakSamples.read(report, dir);   // none() when dir holds no calls file
 * }</pre>
 */
public final class PeakSamples {
    private static final PeakSamples NONE = new PeakSamples(Map.of(), "");

    private final Map<Stage, double[]> sorted;
    private final String file;

    private PeakSamples(Map<Stage, double[]> sorted, String file) {
        this.sorted = sorted;
        this.file = file;
    }

    /** No samples: every percentile interval is read off the report. */
    public static PeakSamples none() {
        return NONE;
    }

    /**
     * The samples of {@code report}'s peak buckets in {@code directory}'s {@code calls.jsonl} (or
     * {@code calls.jsonl.gz}); {@link #none()} when it holds neither. Lines that cannot be read are skipped (the
     * count check then leaves their stages out).
     *
     * @throws IOException when the file is there but cannot be read
     */
    public static PeakSamples read(SimulationReport report, Path directory) throws IOException {
        Objects.requireNonNull(report, "report");
        Path plain = directory.resolve(SimulationReport.CALLS_FILE);
        Path gz = directory.resolve(SimulationReport.CALLS_GZ_FILE);
        Path file = Files.isRegularFile(plain) ? plain : Files.isRegularFile(gz) ? gz : null;
        if (file == null) {
            return NONE;
        }
        Map<Stage, LatencyRow> peaks = new EnumMap<>(Stage.class);
        Map<Stage, Samples> found = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            PeakValues.atPeak(report.latency(stage), LatencyRow::count).ifPresent(row -> {
                peaks.put(stage, row);
                found.put(stage, new Samples());
            });
        }
        if (peaks.isEmpty()) {
            return NONE;
        }
        ObjectReader reader = ReportJson.mapper().readerFor(CallLine.class);
        LatencySamples.Sink keep = (stage, ms, concurrency) -> {
            LatencyRow row = peaks.get(stage);
            if (row != null && concurrency >= row.concurrencyFrom() && concurrency <= row.concurrencyTo()) {
                found.get(stage).add(ms);
            }
        };
        try (BufferedReader in = open(file)) {
            BoundedLines lines = new BoundedLines(in, io.callstorm.simulate.analysis.ReportRebuilder.MAX_LINE_CHARS);
            for (BoundedLines.Line text = next(lines); text != null; text = next(lines)) {
                if (text.tooLong() || text.text().isBlank()) {
                    continue;
                }
                try {
                    LatencySamples.of(reader.readValue(text.text()), keep);
                } catch (JsonProcessingException e) {
                    // a run killed mid-write leaves a partial last line; the count check below catches the rest
                }
            }
        }
        Map<Stage, double[]> sorted = new EnumMap<>(Stage.class);
        found.forEach((stage, samples) -> {
            if (samples.size == peaks.get(stage).count()) {
                double[] values = Arrays.copyOf(samples.values, samples.size);
                Arrays.sort(values);
                sorted.put(stage, values);
            }
        });
        return new PeakSamples(Map.copyOf(sorted), file.getFileName().toString());
    }

    /** The stage's samples at peak, ascending, when the file held exactly the report's. */
    Optional<double[]> sorted(String stage) {
        return Stage.fromWireName(stage).map(sorted::get);
    }

    /** The file the samples came from ({@code calls.jsonl} or {@code calls.jsonl.gz}), empty for {@link #none()}. */
    public String file() {
        return file;
    }

    /** Whether any stage has its samples. */
    public boolean isEmpty() {
        return sorted.isEmpty();
    }

    private static BufferedReader open(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".gz")) {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                StandardCharsets.UTF_8));
    }

    private static BoundedLines.Line next(BoundedLines lines) throws IOException {
        try {
            return lines.next();
        } catch (java.io.EOFException | java.util.zip.ZipException cut) {
            return null; // a compressed file cut inside a member: the lines before it were read
        }
    }

    /** A growing array of samples: a peak bucket can hold millions, boxed they would take five times the heap. */
    private static final class Samples {
        private double[] values = new double[64];
        private int size;

        void add(double ms) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = ms;
        }
    }
}
