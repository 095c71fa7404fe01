package io.callstorm.simulate.connect;

import io.callstorm.core.Stage;

import java.util.Objects;

/**
 * One stage latency the agent reported for a turn (from its spans, a Server-Timing header or a timing
 * message).
 *
 * @param stage         which stage
 * @param latencyMicros how long it took, in microseconds
 */
public record StageTiming(Stage stage, long latencyMicros) {
    public StageTiming {
        Objects.requireNonNull(stage, "stage");
        if (latencyMicros < 0) {
            throw new IllegalArgumentException("latencyMicros must be >= 0, was " + latencyMicros);
        }
    }
}
