package io.callstorm.simulate.merge;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.callstorm.core.Stage;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.analysis.ReportAssembler;
import io.callstorm.simulate.analysis.ReportRebuilder;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.gate.RegressionThresholds;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.measure.CallRecorder;
import io.callstorm.simulate.measure.Measurements;
import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.HarnessWindow;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.RunStart;
import io.callstorm.simulate.report.SimulationInfo;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.writer.ReportFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Joins the outputs of a simulation's shards ({@code --shard i/n}, each a directory with {@code shard.json} and
 * {@code calls.jsonl}) into one report, as if one process had run the whole simulation: {@code callstorm merge}.
 *
 * <p>Every measurement is bucketed by the <em>global</em> concurrency at its instant: its own shard's concurrency,
 * exact, as the shard recorded it, plus each other shard's calls in progress at that instant, read from the other
 * shard's {@code shard.json} series (a sample every 100 ms, on its clock). The calls are re-recorded from the shards'
 * {@code calls.jsonl} with those concurrencies, by the same recorder a run uses, so every section of the report
 * (latency per bucket, pass rates, error clusters, personas and paths) is built exactly as one process builds it. The
 * rule and its error bound (the sample interval, the clocks' skew between machines) are in docs/scaling-out.md.
 *
 * <pre>{@code
 * ShardMerge.Merged merged = ShardMerge.of(List.of(Path.of("out/0"), Path.of("out/1")))
 *     .allowPartial(false)
 *     .writeTo(Path.of("out/merged"));
 * boolean ship = merged.report().gate().passed();
 * }</pre>
 *
 * Immutable: each setter returns a new merge.
 */
public final class ShardMerge {
    private final List<Path> directories;
    private final boolean allowPartial;
    private final Gate gate;
    private final Optional<SimulationReport> baseline;
    private final RegressionThresholds thresholds;

    private ShardMerge(List<Path> directories, boolean allowPartial, Gate gate, Optional<SimulationReport> baseline,
                       RegressionThresholds thresholds) {
        this.directories = List.copyOf(directories);
        this.allowPartial = allowPartial;
        this.gate = gate;
        this.baseline = baseline;
        this.thresholds = thresholds;
    }

    /** A merge of the shard output directories {@code directories}. */
    public static ShardMerge of(List<Path> directories) {
        Objects.requireNonNull(directories, "directories");
        directories.forEach(d -> Objects.requireNonNull(d, "directory"));
        return new ShardMerge(directories, false, Gate.none(), Optional.empty(), RegressionThresholds.defaults());
    }

    /**
     * Whether shards may be missing (killed, or their output lost): the report is then marked partial
     * ({@code completeness.partial}, {@code completeness.missingShards}) instead of refused.
     */
    public ShardMerge allowPartial(boolean allow) {
        return new ShardMerge(directories, allow, gate, baseline, thresholds);
    }

    /** Conditions judged besides the simulation's own gate (which the shards carry in {@code shard.json}). */
    public ShardMerge gate(Gate extra) {
        return new ShardMerge(directories, allowPartial, Objects.requireNonNull(extra, "gate"), baseline, thresholds);
    }

    /** A baseline report whose regressions fail the gate, as {@code Simulation.Builder.baseline} does. */
    public ShardMerge baseline(Optional<SimulationReport> report, RegressionThresholds regression) {
        return new ShardMerge(directories, allowPartial, gate, Objects.requireNonNull(report, "baseline"),
                Objects.requireNonNull(regression, "thresholds"));
    }

    /**
     * The merged report and what the merge met.
     *
     * @param report  the report, judged by the gate
     * @param calls   calls merged
     * @param merged  the shards merged, by index
     * @param missing the shards missing, by index (only with {@link #allowPartial(boolean)})
     * @param notes   what the merge met that the reader should know (late shards, skipped directories, lines)
     */
    public record Merged(SimulationReport report, long calls, List<Integer> merged, List<Integer> missing,
                         List<String> notes) {
        public Merged {
            merged = List.copyOf(merged);
            missing = List.copyOf(missing);
            notes = List.copyOf(notes);
        }
    }

    /** A shard's output, read and checked. */
    private record Input(Path directory, ShardFile file, Path calls) {
    }

    /**
     * Checks the shards, merges them and writes {@code report.json}, {@code report.html}, {@code junit.xml},
     * {@code run.json} and the merged {@code calls.jsonl} (each call at its global concurrency, its id prefixed by
     * its shard's, its time from the earliest shard's start) into {@code out}.
     *
     * @throws ConfigurationException listing every problem at once: a directory without a readable shard, shards of
     *                                different simulations, seeds, versions, counts or clocks, a shard index twice,
     *                                and missing shards (unless partial merges are allowed)
     * @throws IOException            when a file cannot be read or written
     */
    public Merged writeTo(Path out) throws IOException {
        Objects.requireNonNull(out, "out");
        ProblemCollector p = new ProblemCollector();
        List<String> notes = new ArrayList<>();
        List<Input> inputs = read(p, notes);
        Path absoluteOut = out.toAbsolutePath().normalize();
        for (Input in : inputs) {
            p.check(!in.directory().toAbsolutePath().normalize().equals(absoluteOut), "--out " + out,
                    "is a shard's own directory (" + in.directory() + "): write the merge elsewhere");
        }
        List<Integer> missing = checkTogether(inputs, p);
        Gate own = Gate.none();
        if (!inputs.isEmpty() && !inputs.get(0).file().gate().isEmpty()) {
            own = Gate.of(Gate.parse(List.of(inputs.get(0).file().gate()), "shard.json gate", p));
        }
        p.throwIfAny("merge of " + directories.size() + " shard output director" + (directories.size() == 1 ? "y" : "ies"));
        inputs.sort(Comparator.comparingInt(in -> in.file().index()));
        return merge(inputs, missing, own.and(gate), out, notes);
    }

    private List<Input> read(ProblemCollector p, List<String> notes) {
        List<Input> inputs = new ArrayList<>();
        for (Path dir : directories) {
            Path file = dir.resolve(ShardFile.FILE_NAME);
            String path = "DIR " + dir;
            if (!Files.isDirectory(dir)) {
                p.add(path, "is not a directory");
                continue;
            }
            if (!Files.isRegularFile(file)) {
                String why = "has no " + ShardFile.FILE_NAME + ": the shard did not finish (killed, crashed or still "
                        + "running), or this is not a shard's output directory";
                if (allowPartial) {
                    notes.add(dir + " " + why + "; left out");
                } else {
                    p.add(path, why + " (--allow-partial merges the others, marked partial)");
                }
                continue;
            }
            ShardFile shard;
            try {
                shard = ShardFile.read(file);
            } catch (IOException e) {
                p.add(path + "/" + ShardFile.FILE_NAME, "cannot be read: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                continue;
            }
            Path calls = dir.resolve(shard.callsFile());
            if (!Files.isRegularFile(calls) || shard.callsFile().contains("/") || shard.callsFile().contains("\\")) {
                p.add(path, "has no " + shard.callsFile() + " beside its " + ShardFile.FILE_NAME);
                continue;
            }
            inputs.add(new Input(dir, shard, calls));
        }
        p.check(!directories.isEmpty(), "DIR", "name at least one shard output directory");
        return inputs;
    }

    /** Adds a problem for each way the shards do not belong together; returns the indexes missing. */
    private List<Integer> checkTogether(List<Input> inputs, ProblemCollector p) {
        if (inputs.isEmpty()) {
            p.check(directories.isEmpty() || !p.isEmpty(), "DIR", "no shard output to merge");
            if (p.isEmpty()) {
                p.add("DIR", "no shard output to merge");
            }
            return List.of();
        }
        ShardFile first = inputs.get(0).file();
        Path firstDir = inputs.get(0).directory();
        Map<Integer, Path> byIndex = new TreeMap<>();
        for (Input in : inputs) {
            ShardFile f = in.file();
            String path = "DIR " + in.directory();
            differs(p, path, "simulation", f.simulation(), first.simulation(), firstDir);
            differs(p, path, "seed", Long.toString(f.seed()), Long.toString(first.seed()), firstDir);
            differs(p, path, "Callstorm version", f.version(), first.version(), firstDir);
            differs(p, path, "shard count", Integer.toString(f.count()), Integer.toString(first.count()), firstDir);
            differs(p, path, "clock", f.clock(), first.clock(), firstDir);
            if (!p.check(f.index() >= 0 && f.index() < f.count(), path, "holds shard index " + f.index()
                    + ", outside 0.." + (f.count() - 1))) {
                continue;
            }
            Path before = byIndex.putIfAbsent(f.index(), in.directory());
            p.check(before == null, path, "holds shard " + f.index() + " again (also in " + before
                    + "): each shard once");
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < first.count(); i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty() && !allowPartial) {
            p.add("shards", "shard" + (missing.size() == 1 ? " " : "s ") + missing + " of " + first.count()
                    + " missing (--allow-partial merges the others, marked partial)");
        }
        return missing;
    }

    private static void differs(ProblemCollector p, String path, String what, String value, String expected,
                                Path firstDir) {
        p.check(value.equals(expected), path, "is a shard of " + what + " \"" + value + "\", but " + firstDir
                + " of \"" + expected + "\": only shards of one run merge");
    }

    private Merged merge(List<Input> inputs, List<Integer> missing, Gate judge, Path out, List<String> notes)
            throws IOException {
        long origin = inputs.stream().mapToLong(in -> in.file().anchorEpochMillis()).min().orElse(0);
        ShardFile first = inputs.get(0).file();
        CallRecorder recorder = new CallRecorder(first.bucketWidth(), first.run().evaluation());
        GlobalConcurrency global = new GlobalConcurrency(inputs.stream().map(Input::file).toList());
        Files.createDirectories(out);
        Path callsOut = out.resolve(SimulationReport.CALLS_FILE);
        ObjectWriter lineWriter = ReportJson.mapper().writerFor(CallLine.class);
        long calls = 0;
        try (BufferedWriter w = Files.newBufferedWriter(callsOut, StandardCharsets.UTF_8)) {
            for (int s = 0; s < inputs.size(); s++) {
                Input in = inputs.get(s);
                int shard = s;
                long offset = in.file().anchorEpochMillis() - origin;
                IOException[] failed = new IOException[1];
                ReportRebuilder.LinesRead read = ReportRebuilder.readLines(in.calls(), line -> {
                    CallLine g = global.rebucket(line, shard, offset, "s" + in.file().index() + "-");
                    recorder.record(g);
                    if (failed[0] == null) {
                        try {
                            w.write(lineWriter.writeValueAsString(g));
                            w.write('\n');
                        } catch (IOException e) {
                            failed[0] = e;
                        }
                    }
                });
                if (failed[0] != null) {
                    throw new IOException("cannot write " + callsOut + ": " + failed[0].getMessage(), failed[0]);
                }
                calls += read.lines();
                read.notes().forEach(n -> notes.add("shard " + in.file().index() + " (" + in.calls() + "): " + n));
            }
        }
        Measurements m = recorder.snapshot();
        checkAgainstShardFiles(inputs, m, notes);

        long started = inputs.stream().mapToLong(in -> in.file().load().callsStarted()).sum();
        int peak = Math.max(m.counts().peakConcurrency(), global.peak());
        double duration = inputs.stream().mapToDouble(in -> (in.file().anchorEpochMillis() - origin) / 1000.0
                + in.file().whole().durationSeconds()).max().orElse(0);
        SimulationInfo whole = first.whole();
        SimulationInfo info = new SimulationInfo(whole.name(), whole.agent(), whole.connector(), whole.seed(),
                inputs.stream().map(in -> in.file().whole().startedAt()).min(String::compareTo).orElse(""),
                ReportAssembler.round(duration, 1), whole.loadModel(), whole.loadProfile(), whole.timeScale(),
                whole.rows(), whole.clock(), whole.loadStages());
        SimulationReport report = ReportAssembler.assemble(info, ReportAssembler.load(m, started, peak), m,
                        harness(inputs, origin, notes))
                .withCompleteness(completeness(inputs, missing))
                .withCallers(first.callers());
        if (!judge.isEmpty() || baseline.isPresent()) {
            report = report.withGate(judge.evaluate(report, baseline, thresholds));
        }
        report = report.redacted();
        ReportFiles.write(report, out);
        RunStart start = new RunStart(SimulationReport.SCHEMA_VERSION, info, first.bucketWidth(),
                first.run().evaluation());
        Files.writeString(out.resolve(RunStart.FILE_NAME), ReportJson.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(start), StandardCharsets.UTF_8);
        List<Integer> merged = inputs.stream().map(in -> in.file().index()).toList();
        return new Merged(report, calls, merged, missing, notes);
    }

    /**
     * The shards' own histograms against the calls re-recorded from their files: the same samples per stage, unless
     * a calls file was cut or changed after its shard wrote {@code shard.json}.
     */
    private static void checkAgainstShardFiles(List<Input> inputs, Measurements m, List<String> notes) {
        Map<String, Long> expected = new LinkedHashMap<>();
        for (Input in : inputs) {
            for (ShardFile.StageHistogram h : in.file().histograms()) {
                expected.merge(h.stage(), h.count(), Long::sum);
            }
        }
        Map<Stage, Long> found = new EnumMap<>(Stage.class);
        for (Measurements.LatencyBucket b : m.latency()) {
            found.merge(b.stage(), b.count(), Long::sum);
        }
        expected.forEach((stage, count) -> {
            long had = Stage.fromWireName(stage).map(s -> found.getOrDefault(s, 0L)).orElse(0L);
            if (had != count) {
                notes.add(String.format(Locale.ROOT, "%s: the calls files hold %,d samples, the shard files %,d: a "
                        + "calls file was cut or changed after its shard ended", stage, had, count));
            }
        });
    }

    /**
     * The harness of the shards together: each process's worst figure (lag, heap, pauses, threads), the sums of what
     * adds up (CPU, evaluations, late calls), every shard's unhealthy windows on the merged time line, and a window
     * for each shard that started late.
     */
    private static HarnessStats harness(List<Input> inputs, long origin, List<String> notes) {
        double lagP99 = 0;
        double lagMax = 0;
        long heapPeak = 0;
        long heapLive = 0;
        double cpu = 0;
        int threads = 0;
        long done = 0;
        long dropped = 0;
        double gcTotal = 0;
        double gcMax = 0;
        long heapMax = 0;
        long late = 0;
        double wall = 0;
        List<HarnessWindow> windows = new ArrayList<>();
        for (Input in : inputs) {
            ShardFile f = in.file();
            HarnessStats h = f.harness();
            double offset = (f.anchorEpochMillis() - origin) / 1000.0;
            if (h != null) {
                lagP99 = Math.max(lagP99, h.eventLoopLagP99Ms());
                lagMax = Math.max(lagMax, h.eventLoopLagMaxMs());
                heapPeak = Math.max(heapPeak, h.heapPeakMb());
                heapLive = Math.max(heapLive, h.heapLivePeakMb());
                cpu += h.cpuSeconds();
                threads = Math.max(threads, h.threadsPeak());
                done += h.evaluationsDone();
                dropped += h.evaluationsDropped();
                gcTotal = Math.max(gcTotal, h.gcPauseTotalMs());
                gcMax = Math.max(gcMax, h.gcPauseMaxMs());
                heapMax = Math.max(heapMax, h.heapMaxMb());
                late += h.callsLate();
                wall = Math.max(wall, offset + h.wallSeconds());
                for (HarnessWindow w : h.unhealthyWindows()) {
                    windows.add(new HarnessWindow(ReportAssembler.round(w.startSeconds() + offset, 3),
                            ReportAssembler.round(w.endSeconds() + offset, 3), w.reason(), w.worst(), w.limit(),
                            "shard " + f.index() + ": " + w.detail()));
                }
            }
            if (f.startedLateMillis() > 0) {
                String detail = String.format(Locale.ROOT, "shard %d started %.1f s after --start-at %s; its calls are "
                                + "merged at their own instants, so the load of the first seconds was below the profile's",
                        f.index(), f.startedLateMillis() / 1000.0, f.startAt());
                windows.add(new HarnessWindow(ReportAssembler.round(offset - f.startedLateMillis() / 1000.0, 3),
                        ReportAssembler.round(offset, 3), HarnessWindow.REASON_SHARD_STARTED_LATE,
                        f.startedLateMillis(), ShardFile.LATE_LIMIT_MILLIS, detail));
                notes.add(detail);
            }
        }
        windows.sort(Comparator.comparingDouble(HarnessWindow::startSeconds));
        return new HarnessStats(lagP99, lagMax, heapPeak, heapLive, ReportAssembler.round(cpu, 1), threads, done,
                dropped, gcTotal, gcMax, heapMax, late, windows, ReportAssembler.round(wall, 1));
    }

    /** Partial when a shard is missing or was itself stopped early; whole otherwise. */
    private static Completeness completeness(List<Input> inputs, List<Integer> missing) {
        List<Input> stopped = inputs.stream().filter(in -> in.file().completeness().partial()).toList();
        Completeness c = Completeness.whole();
        if (!stopped.isEmpty()) {
            Completeness firstStop = stopped.get(0).file().completeness();
            String reason = stopped.stream().map(in -> "shard " + in.file().index() + ": "
                    + in.file().completeness().reason()).collect(Collectors.joining("; "));
            long cut = stopped.stream().mapToLong(in -> in.file().completeness().callsCut()).sum();
            List<String> unknown = stopped.stream().flatMap(in -> in.file().completeness().unknownFigures().stream())
                    .distinct().toList();
            c = new Completeness(true, firstStop.stoppedBy(), reason, stopped.stream().mapToDouble(in ->
                    in.file().completeness().stoppedAtSeconds()).min().orElse(0), cut, unknown);
        }
        if (!missing.isEmpty()) {
            int count = inputs.get(0).file().count();
            c = c.withMissingShards(missing, String.format(Locale.ROOT, "%d of %d shards merged; the calls and load "
                    + "of shard%s %s are not in this report", count - missing.size(), count,
                    missing.size() == 1 ? "" : "s", missing.stream().map(String::valueOf)
                            .collect(Collectors.joining(", "))));
        }
        return c;
    }

}
