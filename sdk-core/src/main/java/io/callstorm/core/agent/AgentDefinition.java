package io.callstorm.core.agent;

import io.callstorm.core.validation.ProblemCollector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What is under test: the agent's name, what it is meant to do, the tools it may call and the
 * constraints it must keep. The same definition is reused across every run against that agent.
 *
 * <pre>{@code
 * AgentDefinition support = AgentDefinition.builder("support-agent")
 *     .behaviour("Customer support voice agent for a B2B SaaS product.")
 *     .tool("get_account_info", "Looks up an account by number")
 *     .constraint("Never read out full card numbers")
 *     .build();
 * }</pre>
 */
public final class AgentDefinition {
    private final String name;
    private final String behaviour;
    private final List<ToolDefinition> tools;
    private final List<String> constraints;

    private AgentDefinition(Builder b) {
        this.name = b.name;
        this.behaviour = b.behaviour;
        this.tools = List.copyOf(b.tools);
        this.constraints = List.copyOf(b.constraints);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() { return name; }
    public String behaviour() { return behaviour; }
    public List<ToolDefinition> tools() { return tools; }
    public List<String> constraints() { return constraints; }

    /** Whether the agent declares a tool of that name. */
    public boolean hasTool(String toolName) {
        return tools.stream().anyMatch(t -> t.name().equals(toolName));
    }

    @Override
    public String toString() {
        return "AgentDefinition{" + name + ", tools=" + tools.stream().map(ToolDefinition::name).toList() + "}";
    }

    /** Builds an {@link AgentDefinition}; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private final String name;
        private String behaviour = "";
        private final List<ToolDefinition> tools = new ArrayList<>();
        private final List<String> constraints = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder behaviour(String behaviour) { this.behaviour = behaviour; return this; }

        public Builder tool(String toolName, String description) {
            tools.add(new ToolDefinition(toolName, description));
            return this;
        }

        /** A tool whose arguments {@code parametersSchema} (JSON Schema, as JSON text) declares. */
        public Builder tool(String toolName, String description, String parametersSchema) {
            tools.add(new ToolDefinition(toolName, description, parametersSchema));
            return this;
        }

        public Builder constraint(String constraint) {
            constraints.add(constraint);
            return this;
        }

        public AgentDefinition build() {
            ProblemCollector p = new ProblemCollector();
            p.check(name != null && !name.isBlank(), "name", "must not be blank");
            p.check(behaviour != null, "behaviour", "must not be null (use \"\")");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < tools.size(); i++) {
                String tool = tools.get(i).name();
                p.check(tool.matches("[A-Za-z_][A-Za-z0-9_]{0,63}"), "tools[" + i + "].name",
                        "must be an identifier of letters, digits and underscores, was \"" + tool + "\"");
                p.check(seen.add(tool), "tools[" + i + "].name", "duplicates an earlier tool \"" + tool + "\"");
            }
            for (int i = 0; i < constraints.size(); i++) {
                p.check(constraints.get(i) != null && !constraints.get(i).isBlank(), "constraints[" + i + "]",
                        "must not be blank");
            }
            p.throwIfAny("agent definition");
            return new AgentDefinition(this);
        }
    }
}
