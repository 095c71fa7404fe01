package io.callstorm.core.agent;

import java.util.Objects;

/**
 * A tool the agent under test may call, e.g. {@code get_account_info}.
 *
 * @param name        the tool's function name as the agent's model sees it
 * @param description what the tool does
 */
public record ToolDefinition(String name, String description) {
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }

    public static ToolDefinition of(String name, String description) {
        return new ToolDefinition(name, description);
    }
}
