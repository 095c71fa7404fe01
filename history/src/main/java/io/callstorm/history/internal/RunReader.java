package io.callstorm.history.internal;

import io.callstorm.history.HistoryQuery;
import io.callstorm.history.RunRecord;
import io.callstorm.history.RunSummary;
import io.callstorm.history.RunTags;
import io.callstorm.simulate.report.ErrorRateRow;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.SimulationReport;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads runs back: the summaries a query selects, and one run whole. */
public final class RunReader {
    private static final String SUMMARY_COLUMNS = "run_id, recorded_at_ms, started_at_ms, simulation_name, "
            + "agent_name, connector, seed, clock, duration_seconds, peak_concurrency, calls_started, calls_completed, "
            + "calls_failed, calls_timed_out, calls_hung_up, calls_cancelled, error_rate, gated, gate_passed, "
            + "partial_run";

    private RunReader() {
    }

    public static List<RunSummary> find(Connection c, HistoryQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + SUMMARY_COLUMNS + " FROM runs r WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        q.since().ifPresent(since -> {
            sql.append(" AND r.started_at_ms >= ?");
            args.add(since.toEpochMilli());
        });
        q.simulation().ifPresent(name -> {
            sql.append(" AND r.simulation_name = ?");
            args.add(name);
        });
        for (Map.Entry<String, String> tag : q.tags().entrySet()) {
            sql.append(" AND EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.run_id AND t.tag_key = ? "
                    + "AND t.tag_value = ?)");
            args.add(tag.getKey());
            args.add(tag.getValue());
        }
        // newest first; the id (time, then random) orders runs started in the same millisecond
        sql.append(" ORDER BY r.started_at_ms DESC, r.run_id DESC LIMIT ?");
        args.add(q.limit());
        List<RunSummary> runs = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Long l) {
                    st.setLong(i + 1, l);
                } else if (a instanceof Integer n) {
                    st.setInt(i + 1, n);
                } else {
                    st.setString(i + 1, (String) a);
                }
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    runs.add(summary(rs, RunTags.none()));
                }
            }
        }
        Map<String, RunTags> tags = tags(c, runs.stream().map(RunSummary::runId).toList());
        return runs.stream().map(r -> withTags(r, tags.getOrDefault(r.runId(), RunTags.none()))).toList();
    }

    public static Optional<RunRecord> get(Connection c, String runId) throws SQLException {
        RunSummary summary;
        String json;
        try (PreparedStatement st = c.prepareStatement("SELECT " + SUMMARY_COLUMNS + ", report_json FROM runs "
                + "WHERE run_id = ?")) {
            st.setString(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                summary = summary(rs, RunTags.none());
                json = rs.getString("report_json");
            }
        }
        summary = withTags(summary, tags(c, List.of(runId)).getOrDefault(runId, RunTags.none()));
        SimulationReport report;
        try {
            report = ReportJson.mapper().readValue(json, SimulationReport.class);
        } catch (IOException e) {
            throw new SQLException("run " + runId + ": its stored report cannot be read: " + e.getMessage(), e);
        }
        return Optional.of(new RunRecord(summary, latency(c, runId), quality(c, runId), errorRate(c, runId),
                clusters(c, runId), gate(c, runId), report));
    }

    private static RunSummary summary(ResultSet rs, RunTags tags) throws SQLException {
        return new RunSummary(rs.getString("run_id"), Instant.ofEpochMilli(rs.getLong("recorded_at_ms")),
                Instant.ofEpochMilli(rs.getLong("started_at_ms")), rs.getString("simulation_name"),
                rs.getString("agent_name"), rs.getString("connector"), rs.getLong("seed"), rs.getString("clock"),
                rs.getDouble("duration_seconds"), rs.getInt("peak_concurrency"), rs.getLong("calls_started"),
                rs.getLong("calls_completed"), rs.getLong("calls_failed"), rs.getLong("calls_timed_out"),
                rs.getLong("calls_hung_up"), rs.getLong("calls_cancelled"), rs.getDouble("error_rate"),
                rs.getInt("gated") != 0, rs.getInt("gate_passed") != 0, rs.getInt("partial_run") != 0, tags);
    }

    private static RunSummary withTags(RunSummary s, RunTags tags) {
        return new RunSummary(s.runId(), s.recordedAt(), s.startedAt(), s.simulationName(), s.agentName(),
                s.connector(), s.seed(), s.clock(), s.durationSeconds(), s.peakConcurrency(), s.callsStarted(),
                s.callsCompleted(), s.callsFailed(), s.callsTimedOut(), s.callsHungUp(), s.callsCancelled(),
                s.errorRate(), s.gated(), s.gatePassed(), s.partial(), tags);
    }

    private static Map<String, RunTags> tags(Connection c, List<String> runIds) throws SQLException {
        Map<String, RunTags.Builder> builders = new LinkedHashMap<>();
        if (runIds.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(runIds.size(), "?"));
        try (PreparedStatement st = c.prepareStatement("SELECT run_id, tag_key, tag_value FROM run_tags WHERE run_id IN ("
                + marks + ')')) {
            for (int i = 0; i < runIds.size(); i++) {
                st.setString(i + 1, runIds.get(i));
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    builders.computeIfAbsent(rs.getString(1), id -> RunTags.builder())
                            .label(rs.getString(2), rs.getString(3));
                }
            }
        }
        Map<String, RunTags> tags = new HashMap<>();
        builders.forEach((id, b) -> tags.put(id, b.build()));
        return tags;
    }

    private static List<LatencyRow> latency(Connection c, String runId) throws SQLException {
        List<LatencyRow> rows = new ArrayList<>();
        try (ResultSet rs = select(c, "SELECT stage, concurrency, sample_count, p50_ms, p95_ms, p99_ms, max_ms FROM "
                + "run_latency WHERE run_id = ? ORDER BY stage, concurrency", runId)) {
            while (rs.next()) {
                int concurrency = rs.getInt(2);
                rows.add(new LatencyRow(rs.getString(1), concurrency, concurrency, concurrency, rs.getLong(3),
                        rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)));
            }
        }
        return rows;
    }

    private static List<QualityRow> quality(Connection c, String runId) throws SQLException {
        List<QualityRow> rows = new ArrayList<>();
        try (ResultSet rs = select(c, "SELECT rubric, concurrency, sample_count, pass_rate FROM run_quality "
                + "WHERE run_id = ? ORDER BY rubric, concurrency", runId)) {
            while (rs.next()) {
                rows.add(new QualityRow(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getDouble(4)));
            }
        }
        return rows;
    }

    private static List<ErrorRateRow> errorRate(Connection c, String runId) throws SQLException {
        List<ErrorRateRow> rows = new ArrayList<>();
        try (ResultSet rs = select(c, "SELECT concurrency, calls, errors, error_rate FROM run_error_rate "
                + "WHERE run_id = ? ORDER BY concurrency", runId)) {
            while (rs.next()) {
                rows.add(new ErrorRateRow(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4)));
            }
        }
        return rows;
    }

    private static List<RunRecord.ClusterSummary> clusters(Connection c, String runId) throws SQLException {
        List<RunRecord.ClusterSummary> rows = new ArrayList<>();
        try (ResultSet rs = select(c, "SELECT name, stage, call_count, share, first_seen_concurrency, root_cause, "
                + "quick_fix, long_term_fix FROM run_clusters WHERE run_id = ? ORDER BY position", runId)) {
            while (rs.next()) {
                rows.add(new RunRecord.ClusterSummary(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getDouble(4), rs.getInt(5), rs.getString(6), rs.getString(7), rs.getString(8)));
            }
        }
        return rows;
    }

    private static List<GateCheck> gate(Connection c, String runId) throws SQLException {
        List<GateCheck> rows = new ArrayList<>();
        try (ResultSet rs = select(c, "SELECT name, threshold, actual, passed FROM run_gate_checks WHERE run_id = ? "
                + "ORDER BY position", runId)) {
            while (rs.next()) {
                rows.add(new GateCheck(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getInt(4) != 0, ""));
            }
        }
        return rows;
    }

    /** A query of one run's rows; closing the result set closes its statement. */
    private static ResultSet select(Connection c, String sql, String runId) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        st.setString(1, runId);
        st.closeOnCompletion();
        return st.executeQuery();
    }
}
