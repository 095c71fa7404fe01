package io.callstorm.cli;

import io.callstorm.simulate.analysis.ReportRebuilder;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.merge.ShardFile;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code run --shard I/N} four times and {@code merge}, against the reference agent in process on the virtual clock,
 * beside the same file run once: the calls, rows and pass rates of one process; the refusals and the partial merge.
 */
class MergeCommandTest {
    private static final String FILE = """
            name: sharded-smoke
            seed: 5
            rows: 2000
            timeScale: 0.05
            clock: virtual
            load:
              start: 16
              stages:
                - hold: 20s
            gate:
              - error_rate <= 50%
            """;
    @TempDir
    static Path dir;
    private static Path file;

    @BeforeAll
    static void runOnceAndAsFourShards() throws IOException {
        file = dir.resolve("sim.yaml");
        Files.writeString(file, FILE);
        CliResult one = CliResult.run("run", file.toString(), "--out", dir.resolve("one").toString(), "--no-progress");
        assertThat(one.exitCode()).as(one.err()).isZero();
        for (int i = 0; i < 4; i++) {
            CliResult shard = CliResult.run("run", file.toString(), "--shard", i + "/4", "--out",
                    dir.resolve("s" + i).toString(), "--no-progress");
            assertThat(shard.exitCode()).as(shard.err()).isZero();
        }
    }

    @Test
    void fourShardsMergeToOneReportWithOneProcesssCallsRowsAndPassRates() throws IOException {
        CliResult merged = CliResult.run("merge", shard(0), shard(1), shard(2), shard(3), "--out",
                dir.resolve("merged").toString());

        assertThat(merged.exitCode()).as(merged.err()).isZero();
        assertThat(merged.out()).contains("Merged", "calls of shards [0, 1, 2, 3]", "report.json");
        SimulationReport one = SimulationReport.readJson(dir.resolve("one").resolve(SimulationReport.JSON_FILE));
        SimulationReport m = SimulationReport.readJson(dir.resolve("merged").resolve(SimulationReport.JSON_FILE));
        List<CallLine> oneLines = lines(dir.resolve("one"));
        List<CallLine> mergedLines = lines(dir.resolve("merged"));
        // the reference agent's latencies are drawn from one random stream per process, so the calls are alike, not
        // equal: counts and pass rates within a few percent, the rows called the same but for the last blocks
        assertThat((double) mergedLines.size()).isCloseTo(oneLines.size(), within(oneLines.size() * 0.05));
        Set<Integer> oneRows = oneLines.stream().map(CallLine::row).collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> mergedRows = mergedLines.stream().map(CallLine::row).collect(Collectors.toCollection(TreeSet::new));
        assertThat(mergedLines).extracting(CallLine::row).doesNotHaveDuplicates();
        int[] perShard = new int[4];
        mergedLines.forEach(l -> perShard[l.callId().charAt(1) - '0']++);
        int head = java.util.stream.IntStream.of(perShard).min().orElseThrow() * 4; // the blocks every shard called
        assertThat(head).isGreaterThan(40);
        assertThat(mergedRows.stream().filter(r -> r < head).toList())
                .isEqualTo(oneRows.stream().filter(r -> r < head).toList());
        assertThat(m.load().peakConcurrency()).isEqualTo(one.load().peakConcurrency()).isEqualTo(16);
        for (String rubric : one.quality().stream().map(QualityRow::rubric).distinct().toList()) {
            assertThat(passRate(m, rubric)).as(rubric).isCloseTo(passRate(one, rubric), within(0.05));
        }
        assertThat(m.gate().passed()).isTrue();
        assertThat(m.gate().checks()).anySatisfy(c -> assertThat(c.name()).isEqualTo("error_rate"));
        assertThat(ShardFile.read(dir.resolve("s0").resolve(ShardFile.FILE_NAME)).whole().rows()).isEqualTo(2000);
    }

    @Test
    void aMissingShardIsAUsageErrorListingItUnlessAllowedAndThenTheReportIsPartial() throws IOException {
        Path killed = dir.resolve("killed");
        Files.createDirectories(killed);
        Files.copy(dir.resolve("s2").resolve("calls.jsonl"), killed.resolve("calls.jsonl"));

        CliResult refused = CliResult.run("merge", shard(0), shard(1), killed.toString(), shard(3), "--out",
                dir.resolve("refused").toString());
        assertThat(refused.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(refused.err()).contains("has no shard.json", "shard [2] of 4 missing", "--allow-partial")
                .doesNotContain("Exception", "\tat ");

        CliResult partial = CliResult.run("merge", shard(0), shard(1), killed.toString(), shard(3), "--out",
                dir.resolve("partial").toString(), "--allow-partial");
        assertThat(partial.exitCode()).as("the gate fails a partial report").isEqualTo(CallstormCli.EXIT_GATE_FAILED);
        assertThat(partial.out()).contains("MISSING shard [2]: the report is partial");
        SimulationReport report = SimulationReport.readJson(dir.resolve("partial").resolve("report.json"));
        assertThat(report.completeness().partial()).isTrue();
        assertThat(report.completeness().missingShards()).containsExactly(2);
    }

    @Test
    void shardsOfDifferentSeedsAndATwiceNamedShardAreRefusedTogether() throws IOException {
        Path other = dir.resolve("seed-6");
        CliResult run = CliResult.run("run", file.toString(), "--shard", "3/4", "--out", other.toString(),
                "--no-progress", "--gate", "error_rate<=100%");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String json = Files.readString(other.resolve(ShardFile.FILE_NAME));
        Files.writeString(other.resolve(ShardFile.FILE_NAME), json.replaceFirst("\"seed\" : 5", "\"seed\" : 6"));

        CliResult refused = CliResult.run("merge", shard(0), shard(1), shard(1), shard(2), other.toString(),
                "--out", dir.resolve("mixed").toString());
        assertThat(refused.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(refused.err()).contains("is a shard of seed \"6\"", "holds shard 1 again");
    }

    @Test
    void badShardOptionsAreUsageErrorsNamingTheOption() {
        CliResult r = CliResult.run("run", file.toString(), "--shard", "4/4", "--start-at", "tomorrow",
                "--no-progress");
        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("--shard.index: must be between 0 and 3", "--start-at: must be an ISO-8601");

        CliResult noIndex = CliResult.run(name -> null, "run", file.toString(), "--shards", "4", "--no-progress");
        assertThat(noIndex.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(noIndex.err()).contains("JOB_COMPLETION_INDEX");
    }

    @Test
    void theIndexOfAnIndexedJobComesFromJobCompletionIndex() throws IOException {
        Path out = dir.resolve("indexed");
        CliResult r = CliResult.run(name -> name.equals("JOB_COMPLETION_INDEX") ? "1" : null, "run",
                file.toString(), "--shards", "4", "--out", out.toString(), "--no-progress");
        assertThat(r.exitCode()).as(r.err()).isZero();
        ShardFile f = ShardFile.read(out.resolve(ShardFile.FILE_NAME));
        assertThat(f.index()).isEqualTo(1);
        assertThat(f.count()).isEqualTo(4);
    }

    private static String shard(int i) {
        return dir.resolve("s" + i).toString();
    }

    private static double passRate(SimulationReport r, String rubric) {
        long count = r.quality().stream().filter(q -> q.rubric().equals(rubric)).mapToLong(QualityRow::count).sum();
        double passed = r.quality().stream().filter(q -> q.rubric().equals(rubric))
                .mapToDouble(q -> q.passRate() * q.count()).sum();
        return passed / count;
    }

    private static List<CallLine> lines(Path dir) throws IOException {
        List<CallLine> lines = new ArrayList<>();
        ReportRebuilder.readLines(dir.resolve("calls.jsonl"), lines::add);
        return lines;
    }
}
