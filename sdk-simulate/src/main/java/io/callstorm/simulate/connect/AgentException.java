package io.callstorm.simulate.connect;

import io.callstorm.core.secret.Secrets;
import io.callstorm.core.Stage;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An agent error classified at the edge: its kind, the stage it hurt (when known), the status code and
 * the provider's Retry-After. Its message has every registered secret masked ({@link Secrets}): agents echo the
 * {@code Authorization} header they were sent in their error bodies.
 */
public final class AgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final AgentErrorKind kind;
    private final transient Stage stage;
    private final int status;
    private final transient Duration retryAfter;

    private AgentException(AgentErrorKind kind, Stage stage, int status, Duration retryAfter, String message,
                           Throwable cause) {
        // masked here, once, for every connector: an agent's error body may echo the token it was sent
        super(Secrets.redact(message), cause, false, false); // no stack trace: these are expected, counted events
        this.kind = Objects.requireNonNull(kind, "kind");
        this.stage = stage;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public static AgentException of(AgentErrorKind kind, String message) {
        return new AgentException(kind, null, 0, null, message, null);
    }

    public static AgentException rateLimited(Stage stage, Duration retryAfter, String message) {
        return new AgentException(AgentErrorKind.RATE_LIMITED, stage, 429, retryAfter, message, null);
    }

    public static AgentException withStatus(AgentErrorKind kind, Stage stage, int status, String message) {
        return new AgentException(kind, stage, status, null, message, null);
    }

    public static AgentException wrap(AgentErrorKind kind, String message, Throwable cause) {
        return new AgentException(kind, null, 0, null, message, cause);
    }

    public AgentErrorKind kind() { return kind; }
    public Optional<Stage> stage() { return Optional.ofNullable(stage); }
    public OptionalInt status() { return status == 0 ? OptionalInt.empty() : OptionalInt.of(status); }
    public Optional<Duration> retryAfter() { return Optional.ofNullable(retryAfter); }

    public boolean isTransient() {
        return kind.isTransient();
    }
}
