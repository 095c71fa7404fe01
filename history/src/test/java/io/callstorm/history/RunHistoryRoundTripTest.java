package io.callstorm.history;

import io.callstorm.simulate.gate.RegressionThresholds;
import io.callstorm.simulate.gate.ReportComparison;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The same runs through an embedded SQLite file and through a real PostgreSQL server (started here, stopped after):
 * what is recorded is what is read back, queries select by time, simulation and tag, and baselines come out of it.
 */
class RunHistoryRoundTripTest {
    private static PostgresServer postgres;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        if (!PostgresServer.skipped()) {
            postgres = PostgresServer.start();
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.stop();
        }
    }

    private static int databases;

    /** A fresh history of {@code kind}: a new SQLite file, or a new schema of the PostgreSQL server. */
    private static RunHistory fresh(String kind) throws Exception {
        databases++;
        if (kind.equals("sqlite")) {
            return RunHistory.open(dir.resolve("h" + databases).resolve("history.db").toString());
        }
        assumeFalse(PostgresServer.skipped(), "-D" + PostgresServer.SKIP_PROPERTY + "=true");
        String schema = "h" + databases;
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl()); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        return RunHistory.open(postgres.jdbcUrl() + "&currentSchema=" + schema);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aRecordedRunIsReadBackWhole(String kind) throws Exception {
        Instant started = Instant.parse("2026-11-30T10:00:00Z");
        SimulationReport report = Reports.report("demo", "20261130-100000-abcdef", started, 0.71, 640, 12);
        RunTags tags = RunTags.builder().release("2026.12").agentVersion("4.1.0").provider("stt=a,llm=b")
                .gitSha("0123456789abcdef").label("team", "voice").build();
        try (RunHistory history = fresh(kind)) {
            RunSummary recorded = history.record(report, tags);
            assertThat(recorded.runId()).isEqualTo("20261130-100000-abcdef");

            RunRecord back = history.get("20261130-100000-abcdef").orElseThrow();
            RunSummary s = back.summary();
            assertThat(s).isEqualTo(recorded);
            assertThat(s.startedAt()).isEqualTo(started);
            assertThat(s.simulationName()).isEqualTo("demo");
            assertThat(s.agentName()).isEqualTo("reference-support-agent");
            assertThat(s.seed()).isEqualTo(7);
            assertThat(s.peakConcurrency()).isEqualTo(4_000);
            assertThat(s.callsStarted()).isEqualTo(2_000);
            assertThat(s.callsCompleted()).isEqualTo(1_988);
            assertThat(s.callsFailed()).isEqualTo(12);
            assertThat(s.errorRate()).isEqualTo(0.006);
            assertThat(s.gated()).isTrue();
            assertThat(s.gatePassed()).isFalse();
            assertThat(s.verdict()).isEqualTo("FAILED");
            assertThat(s.tags()).isEqualTo(tags);
            assertThat(s.tags().get(RunTags.GIT_SHA)).contains("0123456789abcdef");

            assertThat(back.latency()).hasSize(4).anySatisfy(l -> {
                assertThat(l.stage()).isEqualTo("user_perceived_gap");
                assertThat(l.concurrency()).isEqualTo(4_000);
                assertThat(l.count()).isEqualTo(5_000);
                assertThat(l.p95Ms()).isEqualTo(640);
                assertThat(l.p99Ms()).isEqualTo(690);
            });
            assertThat(back.quality()).containsExactlyElementsOf(report.quality().stream()
                    .sorted(java.util.Comparator.comparing(io.callstorm.simulate.report.QualityRow::rubric)
                            .thenComparingInt(io.callstorm.simulate.report.QualityRow::concurrency)).toList());
            assertThat(back.errorRate()).containsExactlyElementsOf(report.errors().rate());
            assertThat(back.clusters()).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("llm 429 rate limited");
                assertThat(c.count()).isEqualTo(12);
                assertThat(c.firstSeenConcurrency()).isEqualTo(3_200);
                assertThat(c.quickFix()).isEqualTo("trim the prompt");
            });
            assertThat(back.gateChecks()).extracting(c -> c.name() + ":" + c.passed())
                    .containsExactly("conversation_resolution:false", "user_perceived_gap.p95:true");
            assertThat(back.report()).isEqualTo(report);

            assertThatThrownBy(() -> history.record(report, tags)).isInstanceOf(HistoryException.class)
                    .hasMessageContaining("20261130-100000-abcdef");
            assertThat(history.get("no-such-run")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void queriesSelectByTimeSimulationAndTagNewestFirst(String kind) throws Exception {
        Instant t0 = Instant.parse("2026-11-20T08:00:00Z");
        try (RunHistory history = fresh(kind)) {
            history.record(Reports.report("demo", "a", t0, 0.8, 500, 0), RunTags.builder().release("1").build());
            history.record(Reports.report("demo", "b", t0.plus(Duration.ofDays(2)), 0.8, 500, 0),
                    RunTags.builder().release("2").label("team", "voice").build());
            history.record(Reports.report("checkout", "c", t0.plus(Duration.ofDays(3)), 0.8, 500, 0),
                    RunTags.builder().release("2").build());
            history.record(Reports.report("demo", "d", t0.plus(Duration.ofDays(4)), 0.8, 500, 0), RunTags.none());

            assertThat(ids(history.find(HistoryQuery.latest()))).containsExactly("d", "c", "b", "a");
            assertThat(ids(history.find(HistoryQuery.builder().since(t0.plus(Duration.ofDays(2))).build())))
                    .containsExactly("d", "c", "b");
            assertThat(ids(history.find(HistoryQuery.builder().simulation("demo").limit(2).build())))
                    .containsExactly("d", "b");
            assertThat(ids(history.find(HistoryQuery.builder().tag("release", "2").build())))
                    .containsExactly("c", "b");
            assertThat(ids(history.find(HistoryQuery.builder().tag("release", "2").tag("team", "voice").build())))
                    .containsExactly("b");
            assertThat(history.find(HistoryQuery.builder().simulation("nothing").build())).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void baselinesComeFromTheRunsOfTheSameSimulation(String kind) throws Exception {
        Instant now = Instant.now();
        try (RunHistory history = fresh(kind)) {
            history.record(Reports.report("demo", "old", now.minus(Duration.ofDays(30)), 0.50, 2_000, 400),
                    RunTags.builder().release("2026.10").build());
            history.record(Reports.report("demo", "w1", now.minus(Duration.ofDays(3)), 0.80, 500, 10),
                    RunTags.none());
            history.record(Reports.report("demo", "w2", now.minus(Duration.ofDays(2)), 0.84, 520, 20),
                    RunTags.none());
            history.record(Reports.report("demo", "w3", now.minus(Duration.ofDays(1)), 0.90, 900, 30),
                    RunTags.none());
            history.record(Reports.report("other", "x", now, 0.10, 5_000, 900), RunTags.none());

            Baseline last = history.baseline(spec("last"), "demo", Set.of()).orElseThrow();
            assertThat(last.runIds()).containsExactly("w3");
            assertThat(last.report().simulation().runId()).isEqualTo("w3");
            assertThat(history.baseline(spec("last"), "demo", Set.of("w3")).orElseThrow().runIds())
                    .containsExactly("w2");

            Baseline tagged = history.baseline(spec("tag:2026.10"), "demo", Set.of()).orElseThrow();
            assertThat(tagged.runIds()).containsExactly("old");

            Baseline week = history.baseline(spec("rolling:7d"), "demo", Set.of()).orElseThrow();
            assertThat(week.runIds()).containsExactly("w3", "w2", "w1");
            assertThat(week.description()).startsWith("median of 3 runs of demo since ");
            // the median of each figure: 0.84 resolution, 520 ms gap P95, 20 errors in 1,000 at peak
            SimulationReport median = week.report();
            assertThat(median.quality("conversation_resolution")).singleElement()
                    .satisfies(q -> assertThat(q.passRate()).isEqualTo(0.84));
            assertThat(median.peakLatency(io.callstorm.core.Stage.USER_PERCEIVED_GAP).orElseThrow().p95Ms())
                    .isEqualTo(520);
            assertThat(median.errorRate()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-6));

            // a clearly worse run regresses against the median; the median's own figures do not
            ReportComparison worse = ReportComparison.compare(median,
                    Reports.report("demo", "new", now, 0.70, 800, 60), RegressionThresholds.defaults());
            assertThat(worse.regressions()).extracting(ReportComparison.Change::name)
                    .contains("conversation_resolution", "user_perceived_gap.p95", "error_rate");
            assertThat(ReportComparison.compare(median, Reports.report("demo", "same", now, 0.84, 520, 20),
                    RegressionThresholds.defaults()).hasRegressions()).isFalse();

            assertThat(history.baseline(spec("rolling:12h"), "demo", Set.of())).isEmpty();
            assertThat(history.baseline(spec("tag:2027.01"), "demo", Set.of())).isEmpty();
            assertThat(history.baseline(spec("last"), "checkout", Set.of())).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theTablesAreThereForSqlToQuery(String kind) throws Exception {
        try (RunHistory history = fresh(kind)) {
            history.record(Reports.report("demo", "q1", Instant.now(), 0.8, 610, 0),
                    RunTags.builder().release("r9").build());
        }
        String url = kind.equals("sqlite") ? "jdbc:sqlite:" + dir.resolve("h" + databases).resolve("history.db")
                : postgres.jdbcUrl() + "&currentSchema=h" + databases;
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT l.p95_ms FROM runs r JOIN run_tags t ON t.run_id = r.run_id "
                     + "JOIN run_latency l ON l.run_id = r.run_id WHERE t.tag_key = 'release' AND t.tag_value = 'r9' "
                     + "AND l.stage = 'user_perceived_gap' ORDER BY l.concurrency DESC")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(610);
        }
    }

    private static BaselineSpec spec(String text) {
        return BaselineSpec.parse(text).orElseThrow();
    }

    private static List<String> ids(List<RunSummary> runs) {
        return runs.stream().map(RunSummary::runId).toList();
    }
}
