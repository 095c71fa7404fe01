package io.callstorm.history;

import io.callstorm.history.internal.Database;
import io.callstorm.history.internal.RollingMedian;
import io.callstorm.history.internal.RunReader;
import io.callstorm.history.internal.RunWriter;
import io.callstorm.simulate.report.SimulationReport;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every run kept: an embedded SQLite file by default, or a PostgreSQL database for a team, with its schema brought up
 * to date by migrations (Flyway) when opened. Each run is stored with its summary, its curves (per-bucket stage
 * percentiles, error rate and pass rates), its quality per rubric, its error clusters, its gate checks and its tags,
 * in tables of their own that SQL can query by time and tag, and its whole {@code report.json} beside them.
 *
 * <pre>{@code
 * try (RunHistory history = RunHistory.open("runs/history.db")) {       // or "jdbc:postgresql://db:5432/callstorm"
 *     history.record(report, RunTags.builder().release("2026.12").build());
 *     Optional<Baseline> week = history.baseline(BaselineSpec.parse("rolling:7d").orElseThrow(), "demo", Set.of());
 * }
 * }</pre>
 *
 * A history is used by one thread at a time; several processes may share one (SQLite waits for the file's lock).
 */
public final class RunHistory implements AutoCloseable {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;
    private final Connection connection;
    private final Clock clock;

    private RunHistory(Database database, Connection connection, Clock clock) {
        this.database = database;
        this.connection = connection;
        this.clock = clock;
    }

    /**
     * Opens the history at {@code location}: a file path (SQLite; the file and its folders are created), a
     * {@code jdbc:sqlite:} URL, or a {@code jdbc:postgresql://} URL (the database must exist; user and password in
     * the URL's query or by {@link Builder#credentials}).
     *
     * @throws HistoryException when it cannot be opened or migrated
     */
    public static RunHistory open(String location) {
        return builder(location).open();
    }

    public static Builder builder(String location) {
        return new Builder(location);
    }

    /**
     * A new run id: the UTC time and six random hex digits, e.g. {@code 20261202-162005-3f9a1c}, so that ids sort by
     * time and two runs started in the same second differ.
     */
    public static String newRunId(Instant at) {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        return ID_TIME.format(at) + '-' + HexFormat.of().formatHex(random);
    }

    /** Where the history is, without credentials: the file, or the JDBC URL without its query. */
    public String location() {
        return database.printable();
    }

    /**
     * Records a finished run under the id its report carries ({@code simulation.runId}), or under a new one when it
     * carries none.
     *
     * @return the run as the history lists it
     * @throws HistoryException when it cannot be written, or the id is already taken
     */
    public synchronized RunSummary record(SimulationReport report, RunTags tags) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(tags, "tags");
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // as the tables keep it
        String runId = report.simulation().runId().isEmpty() ? newRunId(now) : report.simulation().runId();
        try {
            return RunWriter.insert(connection, runId, now, report, tags);
        } catch (SQLException e) {
            throw failure("cannot record run " + runId, e);
        }
    }

    /** The runs the query selects, newest first. */
    public synchronized List<RunSummary> find(HistoryQuery query) {
        try {
            return RunReader.find(connection, query);
        } catch (SQLException e) {
            throw failure("cannot list runs", e);
        }
    }

    /** One run with its curves, quality, clusters, gate checks and report; empty when no run has that id. */
    public synchronized Optional<RunRecord> get(String runId) {
        try {
            return RunReader.get(connection, runId);
        } catch (SQLException e) {
            throw failure("cannot read run " + runId, e);
        }
    }

    /**
     * The baseline {@code spec} selects among the runs of {@code simulationName}, leaving out {@code excluded}
     * (the run being compared, when it was recorded already); empty when the history holds no such run.
     */
    public synchronized Optional<Baseline> baseline(BaselineSpec spec, String simulationName, Set<String> excluded) {
        HistoryQuery.Builder q = HistoryQuery.builder().simulation(simulationName);
        switch (spec.kind()) {
            case LAST -> q.limit(1 + excluded.size());
            case TAG -> q.tag(spec.tagKey(), spec.tagValue()).limit(1 + excluded.size());
            case ROLLING -> q.since(clock.instant().minus(spec.window())).limit(HistoryQuery.MAX_LIMIT);
        }
        List<RunSummary> runs = find(q.build()).stream().filter(r -> !excluded.contains(r.runId())).toList();
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        if (spec.kind() != BaselineSpec.Kind.ROLLING) {
            RunSummary run = runs.get(0);
            SimulationReport report = get(run.runId()).orElseThrow().report();
            return Optional.of(new Baseline(spec, report, List.of(run.runId()), "run " + run.runId() + " of "
                    + simulationName + " (" + run.startedAt() + (spec.kind() == BaselineSpec.Kind.TAG ? ", "
                    + spec.tagKey() + '=' + spec.tagValue() : "") + ')'));
        }
        List<SimulationReport> reports = runs.stream().map(r -> get(r.runId()).orElseThrow().report()).toList();
        Instant since = clock.instant().minus(spec.window());
        return Optional.of(new Baseline(spec, RollingMedian.of(reports, simulationName, spec.toString()),
                runs.stream().map(RunSummary::runId).toList(), "median of " + runs.size() + " run"
                + (runs.size() == 1 ? "" : "s") + " of " + simulationName + " since " + since));
    }

    private HistoryException failure(String what, SQLException e) {
        return new HistoryException("history " + location() + ": " + what + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("cannot close", e);
        }
    }

    /** Opens a history with credentials or another clock. */
    public static final class Builder {
        private final String location;
        private Optional<String> user = Optional.empty();
        private Optional<String> password = Optional.empty();
        private Clock clock = Clock.systemUTC();

        private Builder(String location) {
            if (location == null || location.isBlank()) {
                throw new IllegalArgumentException("history location: must be a file path or a JDBC URL, was blank");
            }
            this.location = location;
        }

        /** The database user and password (PostgreSQL); read them from the environment, never from a file. */
        public Builder credentials(String user, String password) {
            this.user = Optional.of(Objects.requireNonNull(user, "user"));
            this.password = Optional.of(Objects.requireNonNull(password, "password"));
            return this;
        }

        /** The clock of {@code recordedAt} and of rolling windows; the system's unless set. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Opens the history, creating or migrating its tables.
         *
         * @throws HistoryException when it cannot
         */
        public RunHistory open() {
            Database database = Database.of(location, user, password);
            return new RunHistory(database, database.migrateAndConnect(), clock);
        }
    }
}
