package io.callstorm.benchmarks;

import io.callstorm.core.CallStatus;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.merge.ShardFile;
import io.callstorm.simulate.merge.ShardMerge;
import io.callstorm.simulate.report.CallerSummary;
import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.EvaluationSetup;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.InFlightSeries;
import io.callstorm.simulate.report.LoadSummary;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.RunStart;
import io.callstorm.simulate.report.SimulationInfo;
import io.callstorm.simulate.report.SimulationReport;

import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * How long {@code callstorm merge} takes for many shards: writes {@code SHARDS} shard outputs of {@code CALLS} calls
 * each (a {@code shard.json} with its calls in progress every 100 ms over ten minutes, and a {@code calls.jsonl} of
 * six-turn calls scored on five rubrics, about 2.5 KB a line), then times {@link ShardMerge} over them and prints the
 * seconds. A plain main, not JMH: one merge is seconds of work, read from disk.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *     io.callstorm.benchmarks.ShardMergeBenchmark [SHARDS [CALLS [DIR]]]
 * </pre>
 */
public final class ShardMergeBenchmark {
    private static final int CONCURRENCY_PER_SHARD = 50;
    private static final long RUN_MILLIS = 600_000;
    private static final List<String> RUBRICS = List.of("conversation_resolution", "task_completion", "is_polite",
            "is_helpful", "is_concise");

    private ShardMergeBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int shards = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("callstorm-merge-bench");
        List<Path> dirs = new ArrayList<>();
        long written = System.nanoTime();
        long bytes = 0;
        for (int s = 0; s < shards; s++) {
            Path out = dir.resolve("shard-" + s);
            bytes += writeShard(out, s, shards, calls);
            dirs.add(out);
        }
        System.out.printf("wrote %d shards of %,d calls (%,d MB of calls.jsonl) in %.1f s%n", shards, calls,
                bytes / (1024 * 1024), (System.nanoTime() - written) / 1e9);
        for (int run = 1; run <= 2; run++) {
            long start = System.nanoTime();
            ShardMerge.Merged merged = ShardMerge.of(dirs).writeTo(dir.resolve("merged-" + run));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("merge %d: %,d calls of %d shards in %.1f s (%,.0f calls/s); peak concurrency %,d, "
                            + "%d latency rows%n", run, merged.calls(), merged.merged().size(), seconds,
                    merged.calls() / seconds, merged.report().load().peakConcurrency(),
                    merged.report().latency().size());
        }
    }

    /** One shard's output: its calls spread over ten minutes, 50 at a time; returns the calls file's size. */
    private static long writeShard(Path out, int index, int count, int calls) throws IOException {
        Files.createDirectories(out);
        SplittableRandom random = new SplittableRandom(index);
        ObjectWriter writer = ReportJson.mapper().writerFor(CallLine.class);
        double spacing = RUN_MILLIS / 1000.0 / calls * CONCURRENCY_PER_SHARD;
        long callMillis = Math.round(spacing * 1000);
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve(SimulationReport.CALLS_FILE),
                StandardCharsets.UTF_8)) {
            for (int i = 0; i < calls; i++) {
                double startedAt = (double) i / calls * RUN_MILLIS / 1000.0;
                w.write(writer.writeValueAsString(call(index, i, count, startedAt, callMillis, random)));
                w.write('\n');
            }
        }
        int samples = (int) (RUN_MILLIS / InFlightSeries.SAMPLE_INTERVAL_MILLIS) + 1;
        long[] at = new long[samples];
        int[] inFlight = new int[samples];
        for (int i = 0; i < samples; i++) {
            at[i] = i * InFlightSeries.SAMPLE_INTERVAL_MILLIS;
            inFlight[i] = CONCURRENCY_PER_SHARD - random.nextInt(3);
        }
        SimulationInfo info = new SimulationInfo("merge-benchmark", Map.of("name", "synthetic"), "in-process", 1,
                "2026-12-02T18:00:00Z", RUN_MILLIS / 1000.0, "closed", "concurrentCalls hold " + CONCURRENCY_PER_SHARD
                * count, 0.1, calls * count, SimulationInfo.REAL_CLOCK, List.of());
        EvaluationSetup setup = EvaluationSetup.unknown();
        ShardFile file = new ShardFile(ShardFile.SCHEMA_VERSION, ShardFile.KIND, info.name(), info.seed(), "bench",
                index, count, SimulationInfo.REAL_CLOCK, "", 1_796_000_000_000L + index % 3, 0, info,
                Math.max(1, CONCURRENCY_PER_SHARD * count / 40), "", new RunStart(1, info, 2, setup),
                new LoadSummary(CONCURRENCY_PER_SHARD, calls, calls, 0, 0, 0, calls * 6L, 0),
                List.of(), List.of(), List.of(), new InFlightSeries(at, inFlight),
                new HarnessStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0), Completeness.whole(),
                CallerSummary.scripted(), SimulationReport.CALLS_FILE);
        file.write(out);
        return Files.size(out.resolve(SimulationReport.CALLS_FILE));
    }

    /** A six-turn call, scored, its agent turns with a gap and three stage latencies. */
    private static CallLine call(int shard, int i, int count, double startedAt, long durationMs,
                                 SplittableRandom random) {
        List<CallLine.Turn> turns = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            long atMs = t * durationMs / 6;
            int concurrency = CONCURRENCY_PER_SHARD - random.nextInt(3);
            if (t % 2 == 0) {
                turns.add(new CallLine.Turn(CallLine.Speaker.CALLER, "I would like to check the status of my order "
                        + "please, it has not arrived yet.", atMs, concurrency, Optional.empty(), Map.of(), List.of(),
                        Map.of(), 0, Map.of()));
            } else {
                double gap = 300 + random.nextDouble() * 500;
                Map<String, List<Double>> stages = new LinkedHashMap<>();
                stages.put("stt_ttft", List.of(80 + random.nextDouble() * 60));
                stages.put("llm_ttft", List.of(180 + random.nextDouble() * 300));
                stages.put("tts_first_audio", List.of(60 + random.nextDouble() * 50));
                Map<String, List<Integer>> at = new LinkedHashMap<>();
                stages.keySet().forEach(k -> at.put(k, List.of(concurrency)));
                turns.add(new CallLine.Turn(CallLine.Speaker.AGENT, "I found your order; it ships tomorrow and "
                        + "arrives on Friday. Is there anything else I can help you with?", atMs, concurrency,
                        Optional.of(gap), stages, List.of(), Map.of(), concurrency, at));
            }
        }
        Map<String, CallLine.Score> scores = new LinkedHashMap<>();
        for (String rubric : RUBRICS) {
            boolean passed = random.nextDouble() < 0.9;
            scores.put(rubric, new CallLine.Score(passed, passed ? 1 : 0, passed ? "met" : "not met"));
        }
        int row = i * count + shard;
        return new CallLine("call-" + i, row, "persona-" + row % 18, "path-" + row % 12, "RESOLVED", "RESOLVED",
                CallStatus.COMPLETED, startedAt, durationMs, CONCURRENCY_PER_SHARD, 0, Optional.empty(), scores, turns,
                CONCURRENCY_PER_SHARD, CONCURRENCY_PER_SHARD, CallLine.Scoring.SCORED);
    }
}
