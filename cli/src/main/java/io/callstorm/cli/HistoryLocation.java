package io.callstorm.cli;

import io.callstorm.core.secret.Secrets;
import io.callstorm.history.RunHistory;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code --history PATH|URL}: where the run history is. Unset, it is {@code history.db} in the Callstorm home:
 * {@code ~/.callstorm}, or the folder {@code CALLSTORM_HOME} names (the system property {@code callstorm.home} wins
 * over both: the build's tests set it, so that no test writes the real home). A PostgreSQL history's user and
 * password come in its URL or from {@code CALLSTORM_HISTORY_USER} and {@code CALLSTORM_HISTORY_PASSWORD}.
 */
final class HistoryLocation {
    static final String HOME_PROPERTY = "callstorm.home";
    static final String HOME_VARIABLE = "CALLSTORM_HOME";
    static final String USER_VARIABLE = "CALLSTORM_HISTORY_USER";
    static final String PASSWORD_VARIABLE = "CALLSTORM_HISTORY_PASSWORD";
    static final String FILE = "history.db";

    @Option(names = "--history", paramLabel = "HISTORY", description = "The run history: an SQLite file, or a "
            + "jdbc:postgresql://HOST:PORT/DB URL (default: history.db in $CALLSTORM_HOME, else ~/.callstorm).")
    String history;

    /** The location given, or the default file. */
    String location(Function<String, String> environment) {
        return history != null && !history.isBlank() ? history : defaultFile(environment).toString();
    }

    /** Whether the history is a file that does not exist yet (reading it finds nothing, and need not create it). */
    boolean isMissingFile(Function<String, String> environment) {
        String at = location(environment);
        return !at.startsWith("jdbc:") && !Files.exists(Path.of(at));
    }

    static Path defaultFile(Function<String, String> environment) {
        String home = System.getProperty(HOME_PROPERTY, "");
        if (home.isBlank()) {
            home = Optional.ofNullable(environment.apply(HOME_VARIABLE)).orElse("");
        }
        Path dir = home.isBlank() ? Path.of(System.getProperty("user.home"), ".callstorm") : Path.of(home);
        return dir.resolve(FILE);
    }

    /**
     * Opens the history.
     *
     * @throws io.callstorm.history.HistoryException when it cannot be opened
     */
    RunHistory open(Function<String, String> environment) {
        String at = location(environment);
        java.util.regex.Matcher inUrl = java.util.regex.Pattern.compile("[?&]password=([^&]+)").matcher(at);
        if (inUrl.find()) {
            Secrets.register(inUrl.group(1)); // a driver's message may quote the URL
        }
        RunHistory.Builder b = RunHistory.builder(at);
        String password = environment.apply(PASSWORD_VARIABLE);
        if (password != null && !password.isEmpty()) {
            Secrets.register(password);
            String user = Optional.ofNullable(environment.apply(USER_VARIABLE)).orElse("");
            b = b.credentials(user, password);
        }
        return b.open();
    }
}
