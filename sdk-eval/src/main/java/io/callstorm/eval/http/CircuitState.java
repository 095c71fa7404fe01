package io.callstorm.eval.http;

/** The state of a client's circuit breaker. */
public enum CircuitState {
    /** Calls go through. */
    CLOSED,
    /** Calls fail fast with {@link EvalUnavailableException} until the wait in the open state is over. */
    OPEN,
    /** A few trial calls go through; their outcome closes or re-opens the circuit. */
    HALF_OPEN,
    /** Any other state of the underlying breaker (disabled, forced open, metrics only). */
    OTHER
}
