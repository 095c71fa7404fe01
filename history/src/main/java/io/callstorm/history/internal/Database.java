package io.callstorm.history.internal;

import io.callstorm.history.HistoryException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/** Where a history lives, how to connect to it, and its migrations. */
public final class Database {
    private static final String SQLITE = "jdbc:sqlite:";
    private static final String POSTGRESQL = "jdbc:postgresql:";
    /** Flyway's own table, named after us: a team's database may hold other applications' migrations. */
    static final String SCHEMA_HISTORY_TABLE = "callstorm_schema_history";
    static final String MIGRATIONS = "classpath:io/callstorm/history/migration";
    /** How long a writer waits for another process's lock on the SQLite file before giving up. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

    private final String url;
    private final Optional<Path> file;
    private final Optional<String> user;
    private final Optional<String> password;

    private Database(String url, Optional<Path> file, Optional<String> user, Optional<String> password) {
        this.url = url;
        this.file = file;
        this.user = user;
        this.password = password;
    }

    /** A file path, a {@code jdbc:sqlite:} or a {@code jdbc:postgresql:} URL. */
    public static Database of(String location, Optional<String> user, Optional<String> password) {
        if (location.startsWith(POSTGRESQL)) {
            return new Database(location, Optional.empty(), user, password);
        }
        if (location.startsWith("jdbc:") && !location.startsWith(SQLITE)) {
            throw new HistoryException("history " + printable(location) + ": a history is a file (SQLite), a "
                    + SQLITE + " or a " + POSTGRESQL + "// URL");
        }
        Path path = Path.of(location.startsWith(SQLITE) ? location.substring(SQLITE.length()) : location)
                .toAbsolutePath();
        return new Database(SQLITE + path, Optional.of(path), user, password);
    }

    /** The location without credentials: a URL's query (where user and password may be) is left out. */
    public String printable() {
        return file.map(Path::toString).orElse(printable(url));
    }

    private static String printable(String location) {
        int query = location.indexOf('?');
        String bare = query < 0 ? location : location.substring(0, query);
        int at = bare.indexOf('@'); // jdbc:postgresql://user:password@host/db is no pgjdbc form, but be safe
        return at < 0 ? bare : bare.substring(0, bare.indexOf("//") + 2) + bare.substring(at + 1);
    }

    /** Brings the schema up to date, then opens the connection the history uses. */
    public Connection migrateAndConnect() {
        try {
            if (file.isPresent() && file.get().getParent() != null) {
                Files.createDirectories(file.get().getParent());
            }
        } catch (IOException e) {
            throw new HistoryException("history " + printable() + ": cannot create its folder: " + e, e);
        }
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(url, user.orElse(null), password.orElse(null))
                    .locations(MIGRATIONS)
                    .table(SCHEMA_HISTORY_TABLE)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new HistoryException("history " + printable() + ": cannot bring its tables up to date: "
                    + firstLine(e.getMessage()), e);
        }
        try {
            Properties props = new Properties();
            user.ifPresent(u -> props.setProperty("user", u));
            password.ifPresent(p -> props.setProperty("password", p));
            if (file.isPresent()) {
                props.setProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MS));
            }
            return DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            throw new HistoryException("history " + printable() + ": cannot connect: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }
}
