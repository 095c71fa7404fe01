package io.callstorm.history;

/**
 * The history could not be opened, read or written: the database is unreachable, the file is not writable, the
 * migrations failed, or a run id is already taken. Its message names the location (without credentials) and why.
 */
public final class HistoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }

    public HistoryException(String message) {
        super(message);
    }
}
