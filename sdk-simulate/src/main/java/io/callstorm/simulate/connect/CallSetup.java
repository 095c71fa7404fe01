package io.callstorm.simulate.connect;

import io.callstorm.core.persona.Persona;

import java.util.Map;
import java.util.Objects;

/**
 * What a connector knows about a call when it opens it.
 *
 * @param callId   unique within the run
 * @param persona  who calls
 * @param pathId   the scenario path the caller follows
 * @param metadata extra parameters to pass to the agent (e.g. as WebSocket custom parameters)
 */
public record CallSetup(String callId, Persona persona, String pathId, Map<String, String> metadata) {
    public CallSetup {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(persona, "persona");
        Objects.requireNonNull(pathId, "pathId");
        metadata = Map.copyOf(metadata);
    }
}
