package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.Outcome;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.agent.ToolDefinition;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.ScenarioPath;
import io.callstorm.core.scenario.ScenarioStep;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * A simulation file's {@code scenarios:}: the scenario graph its callers follow, written out or named from the
 * catalog; the built-in support-desk graph when omitted. Every tool a step expects must be one the agent declares.
 *
 * <pre>{@code
 * scenarios:
 *   name: booking
 *   description: Patients book, move and cancel appointments.
 *   paths:
 *     - id: book-new
 *       category: booking
 *       expectedOutcome: resolved          # resolved | ticket_created | escalated
 *       facts:                             # what callers know beyond {account}; each row picks one value
 *         doctor: [Dr Osei, Dr Lin]
 *         day: [Monday, Friday]
 *       steps:
 *         - intent: identify
 *           say: "Hi, my patient number is {account}."     # or a list of phrasings; {account} is the row's
 *           tools: [find_patient]
 *         - intent: book
 *           say: ["I'd like to see {doctor} on {day}.", "Can I book a check-up with {doctor}?"]
 *           tools: [list_slots, book_slot]
 * }</pre>
 */
final class ScenarioSection {
    private static final List<String> GRAPH_KEYS = List.of("name", "description", "paths");
    private static final List<String> PATH_KEYS = List.of("id", "name", "category", "expectedOutcome", "facts",
            "steps");
    private static final List<String> STEP_KEYS = List.of("intent", "say", "sayByLanguage", "tools");

    private ScenarioSection() {
    }

    /** The graph {@code node} (the file's {@code scenarios:}) gives, its tools checked against {@code agent}'s. */
    static Optional<ScenarioGraph> read(JsonNode node, Catalog catalog, AgentDefinition agent, ProblemCollector p) {
        if (node == null) {
            return Optional.of(SupportDeskScenarios.graph());
        }
        if (node.isTextual()) {
            return catalog.read("scenarios", node.asText(), "scenarios", "write the graph out ({name: ..., paths: "
                    + "[...]})", (n, at, own) -> graph(n, at, agent, own), p);
        }
        return graph(node, "scenarios", agent, p);
    }

    static Optional<ScenarioGraph> graph(JsonNode node, String path, AgentDefinition agent, ProblemCollector p) {
        if (!KnownKeys.mapping(node, path, GRAPH_KEYS, "a scenario graph ({name: ..., paths: [...]}) or the name of "
                + "one in the catalog", p)) {
            return Optional.empty();
        }
        String name = node.path("name").asText("");
        p.check(node.path("name").isTextual() && !name.isBlank(), path + ".name", "is required: the graph's name");
        JsonNode paths = node.get("paths");
        if (paths == null || !paths.isArray() || paths.isEmpty()) {
            p.add(path + ".paths", "must be a non-empty list of paths ({id, expectedOutcome, steps})");
            return Optional.empty();
        }
        int before = p.problems().size();
        List<ScenarioPath> built = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            path(paths.get(i), path + ".paths[" + i + "]", agent, p).ifPresent(built::add);
        }
        if (p.problems().size() > before || name.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ScenarioGraph.builder(name).description(node.path("description").asText(""))
                    .paths(built).build());
        } catch (ConfigurationException e) {
            e.problems().forEach(problem -> p.add(path + "." + problem.path(), problem.message()));
            return Optional.empty();
        }
    }

    private static Optional<ScenarioPath> path(JsonNode node, String at, AgentDefinition agent, ProblemCollector p) {
        if (!KnownKeys.mapping(node, at, PATH_KEYS, "a path ({id, expectedOutcome, steps})", p)) {
            return Optional.empty();
        }
        ScenarioPath.Builder b = ScenarioPath.builder(node.path("id").asText(null));
        if (node.has("name")) {
            b.name(node.get("name").asText());
        }
        if (node.has("category")) {
            b.category(node.get("category").asText());
        }
        List<String> outcomes = Arrays.stream(Outcome.values()).filter(Outcome::isExpectable)
                .map(o -> o.name().toLowerCase(Locale.ROOT)).toList();
        String outcome = node.path("expectedOutcome").asText("").toLowerCase(Locale.ROOT);
        if (p.check(outcomes.contains(outcome), at + ".expectedOutcome", "must be one of " + String.join(", ",
                outcomes) + ", was \"" + node.path("expectedOutcome").asText("") + "\"")) {
            b.expectedOutcome(Outcome.valueOf(outcome.toUpperCase(Locale.ROOT)));
        }
        facts(node.get("facts"), at + ".facts", b, p);
        JsonNode steps = node.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            p.add(at + ".steps", "must be a non-empty list of steps ({intent, say, tools})");
            return Optional.empty();
        }
        for (int i = 0; i < steps.size(); i++) {
            step(steps.get(i), at + ".steps[" + i + "]", agent, p).ifPresent(b::step);
        }
        try {
            return Optional.of(b.build());
        } catch (ConfigurationException e) {
            for (Problem problem : e.problems()) {
                boolean saidAbove = problem.path().startsWith("steps") && !problem.message().startsWith("says {")
                        || declaredInFile(node.get("facts"), problem.message());
                if (!saidAbove && !problem.path().equals("expectedOutcome")) {
                    // the steps' and outcome's are said above; a phrasing is the file's say:
                    p.add(at + "." + problem.path().replace(".phrasings", ".say"), problem.message());
                }
            }
            return Optional.empty();
        }
    }

    /** Whether a phrasing's unknown placeholder is a fact the file declares, whose own problem is said already. */
    private static boolean declaredInFile(JsonNode facts, String message) {
        if (facts == null || !facts.isObject() || !message.startsWith("says {")) {
            return false;
        }
        return facts.has(message.substring("says {".length(), message.indexOf('}')));
    }

    /** A path's {@code facts:}, a mapping of fact names to a value or a list of values, into {@code b}. */
    private static void facts(JsonNode node, String at, ScenarioPath.Builder b, ProblemCollector p) {
        if (node == null) {
            return;
        }
        if (!node.isObject()) {
            p.add(at, "must be a mapping of fact names to a value or a list of values, e.g. {doctor: [Dr Osei, Dr Lin]}");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> fact = it.next();
            List<String> values = strings(fact.getValue(), at + "." + fact.getKey(), "a value or a non-empty list of "
                    + "values", false, p);
            if (!values.isEmpty()) {
                b.fact(fact.getKey(), values);
            }
        }
    }

    private static Optional<ScenarioStep> step(JsonNode node, String at, AgentDefinition agent, ProblemCollector p) {
        if (!KnownKeys.mapping(node, at, STEP_KEYS, "a step ({intent, say, tools})", p)) {
            return Optional.empty();
        }
        boolean ok = p.check(node.path("intent").isTextual() && !node.path("intent").asText().isBlank(),
                at + ".intent", "is required: a short label such as billing_question");
        List<String> say = strings(node.get("say"), at + ".say", "what the caller says: a phrasing or a list of "
                + "them", false, p);
        List<String> tools = strings(node.get("tools"), at + ".tools", "tool names", true, p);
        List<String> declared = agent.tools().stream().map(ToolDefinition::name).toList();
        for (int i = 0; i < tools.size(); i++) {
            ok &= p.check(agent.hasTool(tools.get(i)), at + ".tools[" + i + "]", "unknown tool \"" + tools.get(i)
                    + "\": the agent " + agent.name() + " declares " + (declared.isEmpty() ? "no tools"
                    : String.join(", ", declared)));
        }
        if (!ok || say.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CallerSection.withLanguages(node.get("sayByLanguage"), at + ".sayByLanguage",
                new ScenarioStep(node.get("intent").asText(), say, tools), p));
    }

    /** A string or a list of non-blank strings at {@code at}; empty (and a problem) otherwise. */
    private static List<String> strings(JsonNode node, String at, String what, boolean optional, ProblemCollector p) {
        if (node == null) {
            p.check(optional, at, "is required: " + what);
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (node.isTextual() && !node.asText().isBlank()) {
            return List.of(node.asText());
        }
        if (node.isArray() && (optional || !node.isEmpty())) {
            for (int i = 0; i < node.size(); i++) {
                if (p.check(node.get(i).isTextual() && !node.get(i).asText().isBlank(), at + "[" + i + "]",
                        "must be a non-blank string")) {
                    out.add(node.get(i).asText());
                }
            }
            return out;
        }
        p.add(at, "must be " + what);
        return List.of();
    }
}
