package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Definitions shared by many simulation files, by id: a simulation file's {@code catalog:} lists files and folders
 * (every {@code .yaml}, {@code .yml} and {@code .json} file in them, not below) whose {@code agents:},
 * {@code personas:}, {@code personaSets:} and {@code scenarios:} lists hold agent definitions (by {@code name}),
 * custom personas (by {@code id}), persona sets ({@code id} and {@code personas}) and scenario graphs (by
 * {@code name}). A simulation then names them: {@code agent.definition: support_agent_v17},
 * {@code personas: spanish-callers}, {@code scenarios: support_load_test_10k}.
 *
 * <pre>{@code
 * # catalog/support.yaml
 * agents:
 *   - name: support_agent_v17
 *     behaviour: Resolves account and billing questions.
 *     tools: [{name: get_account_info, description: Looks up an account}]
 * personas:
 *   - {id: maria, base: polite-escalator, language: es-ES, accent: Castilian Spanish}
 * personaSets:
 *   - {id: spanish-callers, personas: [maria, elderly]}
 * scenarios:
 *   - name: support_load_test_10k
 *     paths: [...]
 * }</pre>
 *
 * <p>Each catalog file is read under the simulation file's limits ({@link LocatedYaml}); its problems are reported
 * with the file's name and their line in it.
 */
final class Catalog {
    /** The kinds of definition a catalog file may hold, and the key that names each. */
    static final Map<String, String> KINDS = Map.of("agents", "name", "personas", "id", "personaSets", "id",
            "scenarios", "name");
    private static final Map<String, String> NOUNS = Map.of("agents", "agent", "personas", "persona", "personaSets",
            "persona set", "scenarios", "scenario graph");
    private static final int MAX_FILES = 200;

    /**
     * One definition: its node, and where problems in it are reported.
     *
     * @param node the definition
     * @param path its path in its file, e.g. {@code personas[2]}
     * @param file the catalog file it came from, for problems
     */
    record Entry(JsonNode node, String path, Located file) {
    }

    /** A catalog file: its tree, for locating problems, and its name as problems show it. */
    record Located(LocatedYaml doc, String name) {
        /** Reports {@code problems} found in this file into {@code p}, with the file's name and their lines. */
        void report(List<Problem> problems, ProblemCollector p) {
            for (Problem problem : doc.located(problems)) {
                p.add(name + ": " + problem.path(), problem.message());
            }
        }
    }

    private final Map<String, Map<String, Entry>> byKind = new LinkedHashMap<>();

    private Catalog() {
        KINDS.keySet().forEach(k -> byKind.put(k, new LinkedHashMap<>()));
    }

    /** No catalog: every id is a built-in one or unknown. */
    static Catalog empty() {
        return new Catalog();
    }

    /** Reads the files {@code node} (the simulation file's {@code catalog:}) names, relative to {@code base}. */
    static Catalog read(JsonNode node, Path base, ProblemCollector p) {
        Catalog c = new Catalog();
        if (node == null) {
            return c;
        }
        if (!node.isArray()) {
            p.add("catalog", "must be a list of catalog files or folders, e.g. [catalog/]");
            return c;
        }
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "catalog[" + i + "]";
            if (!p.check(node.get(i).isTextual() && !node.get(i).asText().isBlank(), at,
                    "must be the path of a catalog file or folder")) {
                continue;
            }
            Path path = base.resolve(node.get(i).asText()).normalize();
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.list(path)) {
                    s.filter(Catalog::isCatalogFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    p.add(at, "the folder " + path + " cannot be read: " + e.getMessage());
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                p.add(at, "no such file or folder: " + path);
            }
        }
        if (files.size() > MAX_FILES) {
            p.add("catalog", "names " + files.size() + " files; at most " + MAX_FILES);
            return c;
        }
        for (Path f : files) {
            c.add(f, base, p);
        }
        return c;
    }

    private static boolean isCatalogFile(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(f) && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
    }

    private void add(Path file, Path base, ProblemCollector p) {
        String name = "catalog file " + (file.startsWith(base) ? base.relativize(file) : file);
        LocatedYaml doc;
        try {
            doc = LocatedYaml.read(file, name);
        } catch (ConfigurationException e) {
            e.problems().forEach(problem -> p.add(name + ": " + problem.path(), problem.message()));
            return;
        }
        Located located = new Located(doc, name);
        ProblemCollector own = new ProblemCollector();
        JsonNode root = doc.root();
        if (root == null || !root.isObject()) {
            own.add("(file)", "must be a mapping with agents:, personas:, personaSets: or scenarios:");
        } else {
            KnownKeys.check(root, "", List.copyOf(new java.util.TreeSet<>(KINDS.keySet())), own);
            KINDS.forEach((kind, idKey) -> {
                JsonNode list = root.get(kind);
                if (list == null) {
                    return;
                }
                if (!list.isArray()) {
                    own.add(kind, "must be a list of definitions, each with its " + idKey);
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    String at = kind + "[" + i + "]";
                    JsonNode id = list.get(i).path(idKey);
                    if (!own.check(list.get(i).isObject() && id.isTextual() && !id.asText().isBlank(), at + "."
                            + idKey, "is required: the id simulation files name this definition by")) {
                        continue;
                    }
                    Entry earlier = byKind.get(kind).putIfAbsent(id.asText(), new Entry(list.get(i), at, located));
                    own.check(earlier == null, at + "." + idKey, "\"" + id.asText() + "\" is defined twice in the "
                            + "catalog" + (earlier == null ? "" : " (first in " + earlier.file().name() + ")"));
                }
            });
        }
        located.report(own.problems(), p);
    }

    /** Reads one definition at {@code path} of its file, its problems into {@code p}. */
    @FunctionalInterface
    interface Reader<T> {
        Optional<T> read(JsonNode node, String path, ProblemCollector p);
    }

    /**
     * The definition of {@code kind} named {@code id}, read by {@code reader}, its problems reported with its file
     * and line; when there is none, a problem at {@code at} naming the nearest id and the other way ({@code
     * otherwise}).
     */
    <T> Optional<T> read(String kind, String id, String at, String otherwise, Reader<T> reader, ProblemCollector p) {
        Optional<Entry> entry = find(kind, id);
        if (entry.isEmpty()) {
            p.add(at, "no " + NOUNS.get(kind) + " \"" + id + "\" in the catalog" + PersonaSection.known(ids(kind), id)
                    + "; or " + otherwise);
            return Optional.empty();
        }
        ProblemCollector own = new ProblemCollector();
        Optional<T> value = reader.read(entry.get().node(), entry.get().path(), own);
        entry.get().file().report(own.problems(), p);
        return value;
    }

    /** The definition of {@code kind} ({@code agents}, {@code personas}, ...) with this id. */
    Optional<Entry> find(String kind, String id) {
        return Optional.ofNullable(byKind.get(kind).get(id));
    }

    /** The ids of {@code kind} the catalog holds, for "did you mean" and listings. */
    List<String> ids(String kind) {
        return List.copyOf(byKind.get(kind).keySet());
    }
}
