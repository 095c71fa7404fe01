package io.callstorm.eval.scenarios;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.core.Outcome;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.agent.ToolDefinition;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.ScenarioPath;
import io.callstorm.core.scenario.ScenarioStep;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.eval.local.ConversationOutcomes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a model's answer ({@code {"paths": [...]}}, the shape {@link GenerationPrompt} asks for) into a scenario
 * graph, listing every problem at once so that one repair request can name them all. Beyond the shape, a graph is
 * valid when every expected tool is one the agent declares, every path's expected outcome is one a path may expect
 * and is reachable by the path's own expected tools, and no path id repeats. Reachable follows how a call's actual
 * outcome is read ({@link ConversationOutcomes}): a ticket is created only by a successful
 * {@value ConversationOutcomes#TICKET_TOOL} call and an escalation only by {@value ConversationOutcomes#ESCALATE_TOOL},
 * so {@code ticket_created} needs the first among the path's expected tools, {@code escalated} the second, and
 * {@code resolved} neither (a path that files a ticket is not resolved, whatever it says).
 */
final class GraphAnswer {
    private static final Set<String> PATH_KEYS = Set.of("id", "name", "category", "expectedOutcome", "steps");
    private static final Set<String> STEP_KEYS = Set.of("intent", "say", "tools");
    private static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,63}";
    private static final int QUOTE_CHARS = 120;

    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final AgentDefinition agent;
    private final int pathCount;

    /**
     * @param agent     the agent whose tools the paths may expect
     * @param pathCount how many paths were asked for
     */
    GraphAnswer(AgentDefinition agent, int pathCount) {
        this.agent = agent;
        this.pathCount = pathCount;
    }

    /** The outcomes a path may expect, as the answer and the YAML write them. */
    static List<String> outcomeNames() {
        List<String> names = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            if (o.isExpectable()) {
                names.add(o.name().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /**
     * The graph {@code content} (the model's message) describes, named {@code name}; empty with every problem in
     * {@code p} when it is not a valid one.
     */
    Optional<ScenarioGraph> read(String content, String name, String description, ProblemCollector p) {
        JsonNode root;
        try {
            root = mapper.readTree(content);
        } catch (Exception e) {
            p.add("(answer)", "is not JSON: " + quote(content));
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            p.add("(answer)", "must be a JSON object {\"paths\": [...]}, was " + quote(content));
            return Optional.empty();
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            p.check(key.equals("paths"), key, "is not expected: the answer holds only \"paths\"");
        }
        JsonNode paths = root.get("paths");
        if (paths == null || !paths.isArray() || paths.isEmpty()) {
            p.add("paths", "must be a non-empty list of paths");
            return Optional.empty();
        }
        p.check(paths.size() == pathCount, "paths", "must hold exactly " + pathCount + " paths, held "
                + paths.size());
        List<ScenarioPath> built = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < paths.size(); i++) {
            String at = "paths[" + i + "]";
            String id = paths.get(i).path("id").asText("");
            p.check(id.isEmpty() || ids.add(id), at + ".id", "duplicates an earlier path id \"" + id + "\"");
            path(paths.get(i), at, p).ifPresent(built::add);
        }
        if (!p.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ScenarioGraph.builder(name).description(description).paths(built).build());
        } catch (ConfigurationException e) { // checked above; kept so that a new rule of the builder is reported
            e.problems().forEach(problem -> p.add(problem.path(), problem.message()));
            return Optional.empty();
        }
    }

    private Optional<ScenarioPath> path(JsonNode node, String at, ProblemCollector p) {
        if (!node.isObject()) {
            p.add(at, "must be an object {id, name, category, expectedOutcome, steps}");
            return Optional.empty();
        }
        unknownKeys(node, at, PATH_KEYS, p);
        int before = p.problems().size();
        String id = text(node, "id", at, "a path id", p);
        p.check(id.isEmpty() || id.matches(ID_PATTERN), at + ".id",
                "must be 1-64 lower-case letters, digits or dashes, was \"" + id + "\"");
        String category = text(node, "category", at, "a category such as booking or billing", p);
        String outcomeName = node.path("expectedOutcome").asText("").strip().toLowerCase(Locale.ROOT);
        Optional<Outcome> outcome = Optional.empty();
        if (p.check(outcomeNames().contains(outcomeName), at + ".expectedOutcome", "must be one of "
                + String.join(", ", outcomeNames()) + ", was " + quote(node.path("expectedOutcome").asText("")))) {
            outcome = Optional.of(Outcome.valueOf(outcomeName.toUpperCase(Locale.ROOT)));
        }
        JsonNode steps = node.get("steps");
        List<ScenarioStep> built = new ArrayList<>();
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            p.add(at + ".steps", "must be a non-empty list of steps {intent, say, tools}");
        } else {
            for (int i = 0; i < steps.size(); i++) {
                step(steps.get(i), at + ".steps[" + i + "]", p).ifPresent(built::add);
            }
        }
        List<String> tools = built.stream().flatMap(s -> s.expectedToolCalls().stream()).toList();
        outcome.ifPresent(o -> reachable(o, tools, at, p));
        if (p.problems().size() > before) {
            return Optional.empty();
        }
        ScenarioPath.Builder b = ScenarioPath.builder(id).category(category).expectedOutcome(outcome.orElseThrow());
        if (node.hasNonNull("name") && node.get("name").isTextual() && !node.get("name").asText().isBlank()) {
            b.name(node.get("name").asText().strip());
        }
        built.forEach(b::step);
        return Optional.of(b.build());
    }

    private void reachable(Outcome outcome, List<String> tools, String at, ProblemCollector p) {
        boolean ticket = tools.contains(ConversationOutcomes.TICKET_TOOL);
        boolean escalate = tools.contains(ConversationOutcomes.ESCALATE_TOOL);
        String where = at + ".expectedOutcome";
        switch (outcome) {
            case TICKET_CREATED -> p.check(ticket, where, "ticket_created is unreachable: no step of the path "
                    + "expects " + ConversationOutcomes.TICKET_TOOL + available(ConversationOutcomes.TICKET_TOOL));
            case ESCALATED -> p.check(escalate, where, "escalated is unreachable: no step of the path expects "
                    + ConversationOutcomes.ESCALATE_TOOL + available(ConversationOutcomes.ESCALATE_TOOL));
            case RESOLVED -> p.check(!ticket && !escalate, where, "resolved contradicts the path's expected "
                    + (escalate ? ConversationOutcomes.ESCALATE_TOOL : ConversationOutcomes.TICKET_TOOL)
                    + " call, which makes the outcome " + (escalate ? "escalated" : "ticket_created"));
            default -> p.add(where, "must be one of " + String.join(", ", outcomeNames()));
        }
    }

    /** Where the outcome's tool is missing: whether the agent could call it at all. */
    private String available(String tool) {
        return agent.hasTool(tool) ? "" : " (and the agent " + agent.name() + " does not declare it: use another "
                + "outcome)";
    }

    private Optional<ScenarioStep> step(JsonNode node, String at, ProblemCollector p) {
        if (!node.isObject()) {
            p.add(at, "must be an object {intent, say, tools}");
            return Optional.empty();
        }
        unknownKeys(node, at, STEP_KEYS, p);
        int before = p.problems().size();
        String intent = text(node, "intent", at, "a short label such as identify or book", p);
        List<String> say = strings(node.get("say"), at + ".say", false, p);
        if (p.problems().size() == before) {
            p.check(!say.isEmpty(), at + ".say", "must hold at least one phrasing of what the caller says");
        }
        List<String> tools = strings(node.get("tools"), at + ".tools", true, p);
        List<String> declared = agent.tools().stream().map(ToolDefinition::name).toList();
        for (int i = 0; i < tools.size(); i++) {
            p.check(agent.hasTool(tools.get(i)), at + ".tools[" + i + "]", "unknown tool \"" + tools.get(i)
                    + "\": the agent " + agent.name() + " declares " + (declared.isEmpty() ? "no tools"
                    : String.join(", ", declared)));
        }
        if (p.problems().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ScenarioStep(intent, say, tools));
    }

    private static String text(JsonNode node, String key, String at, String what, ProblemCollector p) {
        JsonNode v = node.get(key);
        if (p.check(v != null && v.isTextual() && !v.asText().isBlank(), at + "." + key, "is required: " + what)) {
            return v.asText().strip();
        }
        return "";
    }

    /** A list of non-blank strings (a lone string counts as a list of one); empty, with a problem, otherwise. */
    private static List<String> strings(JsonNode node, String at, boolean optional, ProblemCollector p) {
        if (node == null || node.isNull()) {
            p.check(optional, at, "is required: a list of strings");
            return List.of();
        }
        if (node.isTextual()) {
            if (p.check(!node.asText().isBlank(), at, "must not be blank")) {
                return List.of(node.asText().strip());
            }
            return List.of();
        }
        if (!node.isArray()) {
            p.add(at, "must be a list of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (p.check(node.get(i).isTextual() && !node.get(i).asText().isBlank(), at + "[" + i + "]",
                    "must be a non-blank string")) {
                out.add(node.get(i).asText().strip());
            }
        }
        return out;
    }

    private static void unknownKeys(JsonNode node, String at, Set<String> allowed, ProblemCollector p) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            p.check(allowed.contains(key), at + "." + key, "is not expected; allowed: "
                    + String.join(", ", allowed.stream().sorted().toList()));
        }
    }

    private static String quote(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return "\"" + (t.length() <= QUOTE_CHARS ? t : t.substring(0, QUOTE_CHARS - 3) + "...") + "\"";
    }

    /** Problems as the repair request lists them, one a line. */
    static String lines(List<Problem> problems) {
        StringBuilder b = new StringBuilder();
        problems.forEach(p -> b.append("- ").append(p.path()).append(": ").append(p.message()).append('\n'));
        return b.toString();
    }
}
