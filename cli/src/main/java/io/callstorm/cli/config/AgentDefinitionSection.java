package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.ProblemCollector;

import java.util.List;
import java.util.Optional;

/**
 * A simulation file's {@code agent.definition:}: what the agent under test is (name, behaviour, the tools it may
 * call with the JSON Schema of their arguments, constraints), written out or named from the catalog. The scenario
 * paths' expected tool calls are checked against its tools. The embedded reference agent has its own definition.
 *
 * <pre>{@code
 * agent:
 *   definition:
 *     name: booking_agent_v3
 *     behaviour: Books, moves and cancels clinic appointments.
 *     tools:
 *       - name: find_patient
 *         description: Looks a patient up by number.
 *         parameters: {type: object, properties: {patient: {type: string}}, required: [patient]}
 *     constraints: [Never gives medical advice.]
 *   connector: {kind: http, url: https://booking.example.com/v1}
 * }</pre>
 */
final class AgentDefinitionSection {
    private static final List<String> KEYS = List.of("name", "behaviour", "tools", "constraints");
    private static final List<String> TOOL_KEYS = List.of("name", "description", "parameters");

    private AgentDefinitionSection() {
    }

    /** The definition {@code node} (the file's {@code agent.definition}) gives; empty when absent or invalid. */
    static Optional<AgentDefinition> read(JsonNode node, Catalog catalog, ProblemCollector p) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return catalog.read("agents", node.asText(), "agent.definition", "write the definition out ({name: ..., "
                    + "tools: [...]})", AgentDefinitionSection::definition, p);
        }
        return definition(node, "agent.definition", p);
    }

    private static Optional<AgentDefinition> definition(JsonNode node, String at, ProblemCollector p) {
        if (!KnownKeys.mapping(node, at, KEYS, "an agent definition ({name, behaviour, tools}) or the name of one in "
                + "the catalog", p)) {
            return Optional.empty();
        }
        int before = p.problems().size();
        AgentDefinition.Builder b = AgentDefinition.builder(node.path("name").asText(""));
        if (node.has("behaviour")) {
            p.check(node.get("behaviour").isTextual(), at + ".behaviour", "must be a string");
            b.behaviour(node.get("behaviour").asText());
        }
        JsonNode tools = node.get("tools");
        if (tools != null && p.check(tools.isArray(), at + ".tools", "must be a list of tools ({name, description, "
                + "parameters})")) {
            for (int i = 0; i < tools.size(); i++) {
                String t = at + ".tools[" + i + "]";
                JsonNode tool = tools.get(i);
                if (!p.check(tool.isObject() && tool.path("name").isTextual(), t, "must be a tool with a name")) {
                    continue;
                }
                KnownKeys.check(tool, t, TOOL_KEYS, p);
                JsonNode parameters = tool.get("parameters");
                p.check(parameters == null || parameters.isObject() && "object".equals(parameters.path("type")
                        .asText()), t + ".parameters", "must be a JSON Schema of type object, e.g. {type: object, "
                        + "properties: {account: {type: string}}}");
                b.tool(tool.get("name").asText(), tool.path("description").asText(""),
                        parameters == null ? null : parameters.toString());
            }
        }
        JsonNode constraints = node.get("constraints");
        if (constraints != null && p.check(constraints.isArray(), at + ".constraints", "must be a list of strings")) {
            constraints.forEach(c -> b.constraint(c.asText()));
        }
        if (p.problems().size() > before) {
            return Optional.empty();
        }
        try {
            return Optional.of(b.build());
        } catch (ConfigurationException e) {
            e.problems().forEach(problem -> p.add(at + "." + problem.path(), problem.message()));
            return Optional.empty();
        }
    }
}
