package io.callstorm.history.internal;

import io.callstorm.core.secret.Secrets;
import io.callstorm.history.RunSummary;
import io.callstorm.history.RunTags;
import io.callstorm.simulate.report.ErrorCluster;
import io.callstorm.simulate.report.ErrorRateRow;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.SimulationReport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Writes one run, all its tables in one transaction: a run is kept whole or not at all. */
public final class RunWriter {
    private RunWriter() {
    }

    public static RunSummary insert(Connection c, String runId, Instant recordedAt, SimulationReport report,
                                    RunTags tags) throws SQLException {
        RunSummary summary = summary(runId, recordedAt, report, tags);
        String json;
        try {
            // as report.json is written: every registered secret masked
            json = Secrets.redact(ReportJson.mapper().writeValueAsString(report));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("cannot serialise the report: " + e.getMessage(), e);
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            insertRun(c, summary, json);
            insertTags(c, runId, tags);
            insertLatency(c, runId, report.latency());
            insertQuality(c, runId, report.quality());
            insertErrorRate(c, runId, report.errors().rate());
            insertClusters(c, runId, report.errors().clusters());
            insertGate(c, runId, report.gate().checks());
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return summary;
    }

    static RunSummary summary(String runId, Instant recordedAt, SimulationReport r, RunTags tags) {
        Instant started = startedAt(r.simulation().startedAt()).orElse(recordedAt);
        Object agent = r.simulation().agent().getOrDefault("name", "");
        var load = r.load();
        return new RunSummary(runId, recordedAt, started, r.simulation().name(), String.valueOf(agent),
                r.simulation().connector(), r.simulation().seed(), r.simulation().clock(),
                r.simulation().durationSeconds(), load.peakConcurrency(), load.callsStarted(), load.callsCompleted(),
                load.callsFailed(), load.callsTimedOut(), load.callsHungUp(), load.callsCancelled(), r.errorRate(),
                !r.gate().checks().isEmpty(), r.gate().passed(), r.completeness().partial(), tags);
    }

    private static java.util.Optional<Instant> startedAt(String text) {
        try {
            return java.util.Optional.of(Instant.parse(text));
        } catch (DateTimeParseException | NullPointerException e) {
            return java.util.Optional.empty(); // a report rebuilt without its start: the record's time stands in
        }
    }

    private static void insertRun(Connection c, RunSummary s, String json) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO runs (run_id, recorded_at_ms, started_at_ms, "
                + "simulation_name, agent_name, connector, seed, clock, duration_seconds, peak_concurrency, "
                + "calls_started, calls_completed, calls_failed, calls_timed_out, calls_hung_up, calls_cancelled, "
                + "error_rate, gated, gate_passed, partial_run, report_json) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            st.setString(i++, s.runId());
            st.setLong(i++, s.recordedAt().toEpochMilli());
            st.setLong(i++, s.startedAt().toEpochMilli());
            st.setString(i++, s.simulationName());
            st.setString(i++, s.agentName());
            st.setString(i++, s.connector());
            st.setLong(i++, s.seed());
            st.setString(i++, s.clock());
            st.setDouble(i++, s.durationSeconds());
            st.setInt(i++, s.peakConcurrency());
            st.setLong(i++, s.callsStarted());
            st.setLong(i++, s.callsCompleted());
            st.setLong(i++, s.callsFailed());
            st.setLong(i++, s.callsTimedOut());
            st.setLong(i++, s.callsHungUp());
            st.setLong(i++, s.callsCancelled());
            st.setDouble(i++, s.errorRate());
            st.setInt(i++, s.gated() ? 1 : 0);
            st.setInt(i++, s.gatePassed() ? 1 : 0);
            st.setInt(i++, s.partial() ? 1 : 0);
            st.setString(i, json);
            st.executeUpdate();
        }
    }

    private static void insertTags(Connection c, String runId, RunTags tags) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO run_tags (run_id, tag_key, tag_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> t : tags.asMap().entrySet()) {
                st.setString(1, runId);
                st.setString(2, t.getKey());
                st.setString(3, t.getValue());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void insertLatency(Connection c, String runId, List<LatencyRow> rows) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO run_latency (run_id, stage, concurrency, "
                + "sample_count, p50_ms, p95_ms, p99_ms, max_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LatencyRow r : rows) {
                st.setString(1, runId);
                st.setString(2, r.stage());
                st.setInt(3, r.concurrency());
                st.setLong(4, r.count());
                st.setDouble(5, r.p50Ms());
                st.setDouble(6, r.p95Ms());
                st.setDouble(7, r.p99Ms());
                st.setDouble(8, r.maxMs());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void insertQuality(Connection c, String runId, List<QualityRow> rows) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO run_quality (run_id, rubric, concurrency, "
                + "sample_count, pass_rate) VALUES (?, ?, ?, ?, ?)")) {
            for (QualityRow r : rows) {
                st.setString(1, runId);
                st.setString(2, r.rubric());
                st.setInt(3, r.concurrency());
                st.setLong(4, r.count());
                st.setDouble(5, r.passRate());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void insertErrorRate(Connection c, String runId, List<ErrorRateRow> rows) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO run_error_rate (run_id, concurrency, calls, "
                + "errors, error_rate) VALUES (?, ?, ?, ?, ?)")) {
            for (ErrorRateRow r : rows) {
                st.setString(1, runId);
                st.setInt(2, r.concurrency());
                st.setLong(3, r.calls());
                st.setLong(4, r.errors());
                st.setDouble(5, r.errorRate());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void insertClusters(Connection c, String runId, List<ErrorCluster> rows) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO run_clusters (run_id, position, name, stage, "
                + "call_count, share, first_seen_concurrency, root_cause, quick_fix, long_term_fix) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows.size(); i++) {
                ErrorCluster r = rows.get(i);
                st.setString(1, runId);
                st.setInt(2, i);
                st.setString(3, Secrets.redact(r.name()));
                st.setString(4, nonNull(r.stage()));
                st.setLong(5, r.count());
                st.setDouble(6, r.share());
                st.setInt(7, r.firstSeenConcurrency());
                st.setString(8, Secrets.redact(nonNull(r.rootCause())));
                st.setString(9, nonNull(r.quickFix()));
                st.setString(10, nonNull(r.longTermFix()));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void insertGate(Connection c, String runId, List<GateCheck> rows) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO run_gate_checks (run_id, position, name, "
                + "threshold, actual, passed) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows.size(); i++) {
                GateCheck r = rows.get(i);
                st.setString(1, runId);
                st.setInt(2, i);
                st.setString(3, r.name());
                st.setString(4, nonNull(r.threshold()));
                st.setDouble(5, r.actual());
                st.setInt(6, r.passed() ? 1 : 0);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
