package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.ProblemCollector;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One catalog file read on its own, outside a simulation file: for commands that take a catalog file directly
 * ({@code scenarios generate --agent}, {@code scenarios show}). It is read exactly as a simulation file's
 * {@code catalog:} reads it, and its definitions are read by the same sections, so a file these methods accept is
 * one a simulation file accepts. Problems name the file and their line in it.
 */
public final class CatalogFile {
    private final Catalog catalog;
    private final String subject;

    private CatalogFile(Catalog catalog, String subject) {
        this.catalog = catalog;
        this.subject = subject;
    }

    /**
     * Reads a catalog file ({@code agents:}, {@code personas:}, {@code personaSets:}, {@code scenarios:}).
     *
     * @throws ConfigurationException listing every problem in the file
     */
    public static CatalogFile read(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        ArrayNode files = JsonNodeFactory.instance.arrayNode().add(absolute.getFileName().toString());
        ProblemCollector p = new ProblemCollector();
        String subject = "catalog file " + file;
        Catalog catalog = Catalog.read(files, absolute.getParent(), p);
        p.throwIfAny(subject);
        return new CatalogFile(catalog, subject);
    }

    /**
     * Whether {@code file} reads as a catalog file rather than a simulation file: a mapping whose keys are all
     * catalog keys ({@code agents}, {@code personas}, {@code personaSets}, {@code scenarios}). A file that cannot be
     * read is not one: reading it as a simulation file then reports why.
     */
    public static boolean looksLikeCatalog(Path file) {
        try {
            JsonNode root = LocatedYaml.read(file, "file " + file).root();
            if (root == null || !root.isObject() || root.isEmpty()) {
                return false;
            }
            for (java.util.Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
                if (!Catalog.KINDS.containsKey(keys.next())) {
                    return false;
                }
            }
            return true;
        } catch (ConfigurationException e) {
            return false;
        }
    }

    /** The ids of the agents, personas, persona sets or scenario graphs ({@code kind}) the file defines. */
    public List<String> ids(String kind) {
        if (!Catalog.KINDS.containsKey(kind)) {
            throw new IllegalArgumentException("kind must be one of " + Catalog.KINDS.keySet() + ", was " + kind);
        }
        return catalog.ids(kind);
    }

    /**
     * The agent definition named {@code name}, or the file's only one when no name is given.
     *
     * @throws ConfigurationException when there is no such agent, or none is named and the file has not exactly one
     */
    public AgentDefinition agent(Optional<String> name) {
        ProblemCollector p = new ProblemCollector();
        String id = only("agents", "agent", name, p);
        Optional<AgentDefinition> agent = id.isEmpty() ? Optional.empty()
                : AgentDefinitionSection.read(TextNode.valueOf(id), catalog, p);
        p.throwIfAny(subject);
        return agent.orElseThrow();
    }

    /**
     * The personas {@code ids} name: built-in ids, ids of this file's personas, or a single id of one of its persona
     * sets; all 18 built-ins when {@code ids} is empty.
     *
     * @throws ConfigurationException naming every unknown or invalid persona
     */
    public List<Persona> personas(List<String> ids) {
        ProblemCollector p = new ProblemCollector();
        JsonNode node;
        if (ids.isEmpty()) {
            node = null;
        } else if (ids.size() == 1 && catalog.find("personaSets", ids.get(0)).isPresent()) {
            node = TextNode.valueOf(ids.get(0));
        } else {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            ids.forEach(list::add);
            node = list;
        }
        List<Persona> personas = PersonaSection.read(node, catalog, p);
        p.throwIfAny(subject);
        return personas;
    }

    /**
     * The scenario graph named {@code name}, or the file's only one when no name is given, its expected tools checked
     * against {@code agent}'s.
     *
     * @throws ConfigurationException listing every problem of the graph, or when there is no such graph
     */
    public ScenarioGraph scenarios(Optional<String> name, AgentDefinition agent) {
        ProblemCollector p = new ProblemCollector();
        String id = only("scenarios", "scenario graph", name, p);
        Optional<ScenarioGraph> graph = id.isEmpty() ? Optional.empty()
                : ScenarioSection.read(TextNode.valueOf(id), catalog, agent, p);
        p.throwIfAny(subject);
        return graph.orElseThrow();
    }

    /** {@code name}, or the only id of {@code kind}; "" with a problem when there is no single one to take. */
    private String only(String kind, String noun, Optional<String> name, ProblemCollector p) {
        if (name.isPresent()) {
            return name.get();
        }
        List<String> ids = catalog.ids(kind);
        if (ids.size() == 1) {
            return ids.get(0);
        }
        p.add(kind, ids.isEmpty() ? "the file defines no " + noun : "the file defines " + ids.size() + " ("
                + String.join(", ", ids) + "): name the " + noun + " to use");
        return "";
    }
}
