package io.callstorm.simulate.merge;

import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.analysis.ReportRebuilder;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.loop.SimulationClock;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * One simulation run once in one process and once as four shards plus a merge, on the virtual clock with an agent
 * whose answers depend on the row and turn alone: the merge must give one process's report.
 */
class ShardMergeTest {
    private static final int SHARDS = 4;
    @TempDir
    static Path dir;
    private static SimulationReport one;
    private static List<CallLine> oneLines;
    private static List<Path> shardDirs;

    static Simulation.Builder simulation(RowLatencyAgent agent) {
        return Simulation.builder()
                .name("sharded")
                .agent(AgentDefinition.builder("row-agent").behaviour("").build(), agent)
                .personas(Personas.builtIns())
                .scenarios(SupportDeskScenarios.graph(), 4_000)
                .seed(11)
                .timeScale(0.05)
                .clock(SimulationClock.VIRTUAL)
                .gate(Gate.parse("error_rate<=5%"))
                // steps, so that most samples fall in the buckets of three levels, each with hundreds of samples
                .load(LoadProfile.concurrentCalls(20).hold(Duration.ofSeconds(15))
                        .rampTo(40, Duration.ofSeconds(1)).hold(Duration.ofSeconds(15))
                        .rampTo(60, Duration.ofSeconds(1)).hold(Duration.ofSeconds(15)).build());
    }

    @BeforeAll
    static void runOnceAndAsShards() throws IOException {
        try (RowLatencyAgent agent = new RowLatencyAgent()) {
            one = simulation(agent).outputDirectory(dir.resolve("one")).build().run();
        }
        oneLines = lines(dir.resolve("one"));
        shardDirs = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
            try (RowLatencyAgent agent = new RowLatencyAgent()) {
                Path out = dir.resolve("shard-" + i);
                simulation(agent).shard(i, SHARDS).outputDirectory(out).build().run();
                shardDirs.add(out);
            }
        }
    }

    @Test
    void fourShardsMergeToOneProcesssCallsRubricsAndCurves() throws IOException {
        ShardMerge.Merged merged = ShardMerge.of(shardDirs).writeTo(dir.resolve("merged"));
        SimulationReport m = merged.report();
        List<CallLine> mergedLines = lines(dir.resolve("merged"));

        assertThat(merged.missing()).isEmpty();
        assertThat(m.completeness().partial()).isFalse();
        assertThat(m.load().peakConcurrency()).isEqualTo(one.load().peakConcurrency());
        assertThat(m.load().bucketWidth()).isEqualTo(one.load().bucketWidth());
        // the same rows: each shard calls a disjoint share, and together they call the rows one process calls
        Set<Integer> oneRows = oneLines.stream().map(CallLine::row).collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> mergedRows = mergedLines.stream().map(CallLine::row).collect(Collectors.toCollection(TreeSet::new));
        assertThat(mergedLines).extracting(CallLine::row).doesNotHaveDuplicates();
        // A closed model admits a call whenever one ends, and calls last as long as their rows make them: a shard whose
        // rows are shorter makes a few more calls by the end of the profile. So the rows called agree but for the last
        // blocks of rows, those the shards were still starting when the profile ended (docs/scaling-out.md).
        int[] perShard = new int[SHARDS];
        mergedLines.forEach(l -> perShard[Integer.parseInt(l.callId().substring(1, l.callId().indexOf('-')))]++);
        int fewest = IntStream.of(perShard).min().orElseThrow();
        int most = IntStream.of(perShard).max().orElseThrow();
        assertThat(mergedLines.size()).isCloseTo(oneLines.size(), within((int) Math.ceil(oneLines.size() * 0.02)));
        Set<Integer> oneHead = oneRows.stream().filter(r -> r < fewest * SHARDS).collect(Collectors.toSet());
        Set<Integer> mergedHead = mergedRows.stream().filter(r -> r < fewest * SHARDS).collect(Collectors.toSet());
        assertThat(mergedHead).as("every row of the blocks all shards called").hasSize(fewest * SHARDS)
                .isEqualTo(oneHead);
        assertThat(minus(oneRows, mergedRows).size() + minus(mergedRows, oneRows).size())
                .isLessThanOrEqualTo((most - fewest + 1) * SHARDS + Math.abs(oneLines.size() - mergedLines.size()));
        // a row's call is the same call in both: the same verdicts; the pass rates differ by the tail's rows at most
        Map<Integer, Map<String, Boolean>> oneVerdicts = verdicts(oneLines);
        Map<Integer, Map<String, Boolean>> mergedVerdicts = verdicts(mergedLines);
        oneVerdicts.forEach((row, v) -> {
            if (mergedVerdicts.containsKey(row)) {
                assertThat(mergedVerdicts.get(row)).as("row " + row).isEqualTo(v);
            }
        });
        int tail = minus(oneRows, mergedRows).size() + minus(mergedRows, oneRows).size();
        for (String rubric : one.quality().stream().map(QualityRow::rubric).distinct().toList()) {
            assertThat(passRate(m, rubric)).as(rubric)
                    .isCloseTo(passRate(one, rubric), within((double) tail / oneLines.size() + 1e-3));
        }
        // per bucket of a level held (hundreds of samples), the same percentiles within the histograms' precision
        // (two significant digits: 1%); the few samples taken during the 1-s steps may land one bucket over
        Map<String, LatencyRow> mergedByBucket = byBucket(m);
        List<String> compared = new ArrayList<>();
        byBucket(one).forEach((key, row) -> {
            if (row.count() < 100) {
                return;
            }
            compared.add(key);
            LatencyRow other = mergedByBucket.get(key);
            assertThat(other).as(key).isNotNull();
            assertThat((double) other.count()).as(key + " samples").isCloseTo(row.count(), within(row.count() * 0.02));
            assertThat(other.p50Ms()).as(key + " p50").isCloseTo(row.p50Ms(), within(row.p50Ms() * 0.01 + 0.1));
            assertThat(other.p95Ms()).as(key + " p95").isCloseTo(row.p95Ms(), within(row.p95Ms() * 0.01 + 0.1));
            assertThat(other.p99Ms()).as(key + " p99").isCloseTo(row.p99Ms(), within(row.p99Ms() * 0.01 + 0.1));
        });
        assertThat(compared).as("the three levels of both measured stages").hasSize(6);
        assertThat(m.gate().passed()).isEqualTo(one.gate().passed());
    }

    @Test
    void aMissingShardIsRefusedUnlessPartialMergesAreAllowedAndThenTheReportSaysWhichIsMissing() throws IOException {
        List<Path> three = List.of(shardDirs.get(0), shardDirs.get(1), shardDirs.get(3));

        assertThatThrownBy(() -> ShardMerge.of(three).writeTo(dir.resolve("refused")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("shard [2] of 4 missing (--allow-partial");

        ShardMerge.Merged partial = ShardMerge.of(three).allowPartial(true).writeTo(dir.resolve("partial"));
        assertThat(partial.missing()).containsExactly(2);
        assertThat(partial.merged()).containsExactly(0, 1, 3);
        SimulationReport written = SimulationReport.readJson(dir.resolve("partial").resolve(SimulationReport.JSON_FILE));
        assertThat(written.completeness().partial()).isTrue();
        assertThat(written.completeness().missingShards()).containsExactly(2);
        assertThat(written.completeness().summary()).contains("merged without shard [2]", "3 of 4 shards merged");
        assertThat(written.gate().checks()).anySatisfy(c -> assertThat(c.name()).isEqualTo(Gate.COMPLETE_CHECK));
        assertThat(written.gate().passed()).as("a gated partial report fails its gate").isFalse();
        assertThat(lines(dir.resolve("partial"))).noneMatch(l -> l.callId().startsWith("s2-"));
    }

    @Test
    void aShardKilledBeforeItWroteShardJsonIsMissingAndTheMergeSaysSo() throws IOException {
        Path killed = dir.resolve("killed");
        Files.createDirectories(killed);
        Files.copy(shardDirs.get(1).resolve(SimulationReport.CALLS_FILE), killed.resolve(SimulationReport.CALLS_FILE));
        List<Path> dirs = List.of(shardDirs.get(0), killed, shardDirs.get(2), shardDirs.get(3));

        assertThatThrownBy(() -> ShardMerge.of(dirs).writeTo(dir.resolve("refused-killed")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(killed + ": has no shard.json: the shard did not finish")
                .hasMessageContaining("shard [1] of 4 missing");
        ShardMerge.Merged partial = ShardMerge.of(dirs).allowPartial(true).writeTo(dir.resolve("partial-killed"));
        assertThat(partial.report().completeness().missingShards()).containsExactly(1);
        assertThat(partial.notes()).anySatisfy(n -> assertThat(n).contains(killed.toString(), "left out"));
    }

    @Test
    void shardsOfAnotherSeedAndADuplicateIndexAreRefusedAllAtOnce() throws IOException {
        Path other = dir.resolve("other-seed");
        Files.createDirectories(other);
        Files.copy(shardDirs.get(3).resolve(SimulationReport.CALLS_FILE), other.resolve(SimulationReport.CALLS_FILE));
        String json = Files.readString(shardDirs.get(3).resolve(ShardFile.FILE_NAME));
        Files.writeString(other.resolve(ShardFile.FILE_NAME), json.replaceFirst("\"seed\" : 11", "\"seed\" : 12"));
        List<Path> dirs = List.of(shardDirs.get(0), shardDirs.get(1), shardDirs.get(1), shardDirs.get(2), other);

        assertThatThrownBy(() -> ShardMerge.of(dirs).writeTo(dir.resolve("mixed")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is a shard of seed \"12\", but " + shardDirs.get(0) + " of \"11\"")
                .hasMessageContaining("holds shard 1 again (also in " + shardDirs.get(1) + ")");
    }

    @Test
    void aShardFileHoldsEveryHistogramInHdrHistogramsEncodingAndItsCallsInProgress() throws IOException {
        ShardFile f = ShardFile.read(shardDirs.get(0).resolve(ShardFile.FILE_NAME));
        SimulationReport own = SimulationReport.readJson(shardDirs.get(0).resolve(SimulationReport.JSON_FILE));

        assertThat(f.shard().toString()).isEqualTo("0/4");
        assertThat(f.whole().loadProfile()).isEqualTo(one.simulation().loadProfile());
        assertThat(f.bucketWidth()).isEqualTo(one.load().bucketWidth());
        assertThat(f.gate()).isEqualTo("error_rate<=0.05");
        assertThat(f.histograms()).isNotEmpty().allSatisfy(h ->
                assertThat(h.decode().getTotalCount()).isEqualTo(h.count()));
        assertThat(f.histograms().stream().mapToLong(ShardFile.StageHistogram::count).sum())
                .isEqualTo(own.latency().stream().mapToLong(LatencyRow::count).sum());
        assertThat(f.inFlight().size()).as("a sample every 100 ms of a 47-s profile")
                .isGreaterThan(470);
        assertThat(f.inFlight().peak()).isEqualTo(15); // a quarter of 60
        assertThat(f.quality()).isNotEmpty();
    }

    private static Set<Integer> minus(Set<Integer> a, Set<Integer> b) {
        Set<Integer> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static Map<Integer, Map<String, Boolean>> verdicts(List<CallLine> lines) {
        Map<Integer, Map<String, Boolean>> verdicts = new TreeMap<>();
        for (CallLine l : lines) {
            Map<String, Boolean> v = new TreeMap<>();
            l.scores().forEach((rubric, score) -> v.put(rubric, score.passed()));
            verdicts.put(l.row(), v);
        }
        return verdicts;
    }

    private static double passRate(SimulationReport r, String rubric) {
        long count = r.quality().stream().filter(q -> q.rubric().equals(rubric)).mapToLong(QualityRow::count).sum();
        double passed = r.quality().stream().filter(q -> q.rubric().equals(rubric))
                .mapToDouble(q -> q.passRate() * q.count()).sum();
        return passed / count;
    }

    private static Map<String, LatencyRow> byBucket(SimulationReport r) {
        Map<String, LatencyRow> rows = new TreeMap<>();
        for (LatencyRow row : r.latency()) {
            rows.put(row.stage() + "@" + row.concurrencyFrom(), row);
        }
        return rows;
    }

    static List<CallLine> lines(Path dir) throws IOException {
        List<CallLine> lines = new ArrayList<>();
        ReportRebuilder.readLines(dir.resolve(SimulationReport.CALLS_FILE), lines::add);
        return lines;
    }
}
