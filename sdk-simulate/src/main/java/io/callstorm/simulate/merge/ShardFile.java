package io.callstorm.simulate.merge;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.callstorm.core.secret.Secrets;
import io.callstorm.simulate.load.Shard;
import io.callstorm.simulate.measure.Measurements;
import io.callstorm.simulate.report.CallerSummary;
import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.ErrorCluster;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.InFlightSeries;
import io.callstorm.simulate.report.LoadSummary;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.RunStart;
import io.callstorm.simulate.report.SimulationInfo;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.tracing.VoiceTelemetry;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;

/**
 * {@code shard.json}: what one shard of a simulation ({@code --shard i/n}) measured, in a form that merges. Beside it
 * in the shard's output directory are its {@code calls.jsonl} and its own {@code report.json}. It holds what ran
 * (simulation, seed, version, shard index and count, the instant its clock started), every latency histogram its
 * report was built from (HdrHistogram's compressed encoding, base64), its counters, rubric pass counts and error
 * clusters, and its calls in progress over time. {@code callstorm merge} checks the shards against each other with
 * it and adds up their calls in progress to bucket every measurement by the global concurrency.
 *
 * @param schemaVersion     {@link #SCHEMA_VERSION}
 * @param kind              {@link #KIND}, so that no other JSON passes for a shard file
 * @param simulation        the simulation's name
 * @param seed              its seed
 * @param version           the Callstorm version that ran it: shards of different versions do not merge
 * @param index             this shard, 0-based
 * @param count             how many shards run the simulation
 * @param clock             {@code real} or {@code virtual}
 * @param startAt           the instant the shards were told to start at ({@code --start-at}), ISO-8601; empty when
 *                          none was given
 * @param anchorEpochMillis the wall instant of the shard's time 0, epoch ms: every time in {@code calls.jsonl} and
 *                          {@link #inFlight()} is after it. On a virtual clock, the start-at instant (0 without one):
 *                          simulated time has no wall instant, so virtual shards are aligned at their starts
 * @param startedLateMillis how much later than {@code startAt} the shard's clock started, when more than
 *                          {@link #LATE_LIMIT_MILLIS}; 0 otherwise
 * @param whole             the simulation as one process would have run it: the whole load profile and row count
 * @param bucketWidth       the concurrency bucket width one process would have started with: the merged report's
 * @param gate              the simulation's gate, as {@code --gate} takes it; empty when none
 * @param run               the shard's {@code run.json}: how its calls are scored (the rubrics, in order)
 * @param load              the shard's counters
 * @param histograms        the shard's latency samples per stage and (its own) concurrency bucket
 * @param quality           the shard's verdicts per rubric and bucket
 * @param clusters          the shard's error clusters
 * @param inFlight          the shard's calls in progress over time, in ms after its time 0
 * @param harness           how the shard's harness held up
 * @param completeness      whether the shard ran its whole share, or was stopped early
 * @param callers           how the shard's callers found their words
 * @param callsFile         the name of the shard's calls file beside this one
 */
public record ShardFile(int schemaVersion, String kind, String simulation, long seed, String version, int index,
                        int count, String clock, String startAt, long anchorEpochMillis, long startedLateMillis,
                        SimulationInfo whole, int bucketWidth, String gate, RunStart run, LoadSummary load,
                        List<StageHistogram> histograms, List<RubricCounts> quality, List<ErrorCluster> clusters,
                        InFlightSeries inFlight, HarnessStats harness, Completeness completeness,
                        CallerSummary callers, String callsFile) {
    public static final String FILE_NAME = "shard.json";
    public static final String KIND = "callstorm-shard";
    public static final int SCHEMA_VERSION = 1;
    /** A shard whose clock started more than this after {@code startAt} started late: the merge says so. */
    public static final long LATE_LIMIT_MILLIS = 1_000;
    /** No shard file is larger than this: it holds histograms and one sample per 100 ms, not calls. */
    public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    public ShardFile {
        kind = kind == null ? "" : kind;
        simulation = simulation == null ? "" : simulation;
        version = version == null ? "" : version;
        clock = clock == null ? SimulationInfo.REAL_CLOCK : clock;
        startAt = startAt == null ? "" : startAt;
        gate = gate == null ? "" : gate;
        histograms = histograms == null ? List.of() : List.copyOf(histograms);
        quality = quality == null ? List.of() : List.copyOf(quality);
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
        inFlight = inFlight == null ? InFlightSeries.empty() : inFlight;
        completeness = completeness == null ? Completeness.whole() : completeness;
        callers = callers == null ? CallerSummary.scripted() : callers;
        callsFile = callsFile == null || callsFile.isBlank() ? SimulationReport.CALLS_FILE : callsFile;
    }

    /**
     * The latency samples of one stage in one of the shard's concurrency buckets.
     *
     * @param stage       the stage's wire name, e.g. {@code user_perceived_gap}
     * @param concurrency the samples' mean concurrency (the shard's own)
     * @param lowest      lowest concurrency of the bucket
     * @param highest     highest concurrency of the bucket
     * @param count       samples
     * @param histogram   the samples in microseconds: HdrHistogram's compressed encoding, base64
     */
    public record StageHistogram(String stage, int concurrency, int lowest, int highest, long count,
                                 String histogram) {
        /** The samples, in microseconds. */
        public Histogram decode() {
            try {
                return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(histogram)),
                        0);
            } catch (DataFormatException | RuntimeException e) {
                throw new IllegalArgumentException("histogram of " + stage + " is not an HdrHistogram encoding: "
                        + e.getMessage(), e);
            }
        }

        static String encode(Histogram h) {
            ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
            int length = h.encodeIntoCompressedByteBuffer(buffer);
            byte[] bytes = new byte[length];
            buffer.flip();
            buffer.get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
    }

    /**
     * @param rubric      the rubric
     * @param concurrency the verdicts' mean concurrency (the shard's own)
     * @param count       verdicts
     * @param passed      of which passed
     */
    public record RubricCounts(String rubric, int concurrency, long count, long passed) {
    }

    /** This shard's place among the shards. */
    @JsonIgnore
    public Shard shard() {
        return new Shard(index, count);
    }

    /** The shard file of a finished shard run. */
    public static ShardFile of(Shard shard, String startAt, long anchorEpochMillis, long startedLateMillis,
                               SimulationInfo whole, int bucketWidth, String gate, RunStart run, Measurements m,
                               SimulationReport report, InFlightSeries inFlight, String callsFile) {
        List<StageHistogram> histograms = new ArrayList<>();
        for (Measurements.LatencyBucket b : m.latency()) {
            histograms.add(new StageHistogram(b.stage().wireName(), b.concurrency(), b.lowest(), b.highest(),
                    b.count(), StageHistogram.encode(b.histogram())));
        }
        List<RubricCounts> quality = m.quality().stream()
                .map(q -> new RubricCounts(q.rubric(), q.concurrency(), q.count(), q.passed())).toList();
        return new ShardFile(SCHEMA_VERSION, KIND, whole.name(), whole.seed(), VoiceTelemetry.instrumentationVersion(),
                shard.index(), shard.count(), whole.clock(), startAt, anchorEpochMillis, startedLateMillis, whole,
                bucketWidth, gate, run, report.load(), histograms, quality, report.errors().clusters(), inFlight,
                report.harness(), report.completeness(), report.callers(), callsFile);
    }

    /** Writes this file as {@code directory/shard.json}, with every registered secret masked. */
    public void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(FILE_NAME), Secrets.redact(ReportJson.mapper()
                .writerWithDefaultPrettyPrinter().writeValueAsString(this)), StandardCharsets.UTF_8);
    }

    /** Reads {@code file}. @throws IOException when it cannot be read or is no shard file */
    public static ShardFile read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MB: not a shard file");
        }
        ShardFile f = ReportJson.mapper().readValue(file.toFile(), ShardFile.class);
        if (!KIND.equals(f.kind())) {
            throw new IOException("is not a shard file (kind \"" + f.kind() + "\", expected \"" + KIND + "\")");
        }
        return f;
    }
}
