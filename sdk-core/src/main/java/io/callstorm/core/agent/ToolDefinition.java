package io.callstorm.core.agent;

import java.util.Objects;

/**
 * A tool the agent under test may call, e.g. {@code get_account_info}.
 *
 * @param name        the tool's function name as the agent's model sees it
 * @param description what the tool does
 * @param parameters  the JSON Schema of its arguments, as JSON text (as OpenAI's function tools declare them);
 *                    {@link #NO_PARAMETERS} when it takes none
 */
public record ToolDefinition(String name, String description, String parameters) {
    /** The schema of a tool without arguments. */
    public static final String NO_PARAMETERS = "{\"type\":\"object\",\"properties\":{}}";

    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        parameters = parameters == null || parameters.isBlank() ? NO_PARAMETERS : parameters;
    }

    /** A tool without declared arguments. */
    public ToolDefinition(String name, String description) {
        this(name, description, NO_PARAMETERS);
    }

    public static ToolDefinition of(String name, String description) {
        return new ToolDefinition(name, description);
    }
}
