package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.persona.AgeBand;
import io.callstorm.core.persona.BackgroundNoise;
import io.callstorm.core.persona.CommunicationStyle;
import io.callstorm.core.persona.Gender;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A simulation file's {@code personas:}: omitted, all 18 built-ins; a name, a persona set of the catalog; a list,
 * whose items are built-in or catalog persona ids, or custom personas written out with every control:
 *
 * <pre>{@code
 * personas:
 *   - frustrated                     # a built-in
 *   - maria                          # a persona of the catalog
 *   - id: raj                        # a custom persona
 *     base: in-a-hurry               # optional: start from a built-in's values
 *     name: Raj
 *     gender: male                   # female | male | neutral
 *     age: 30-44                     # 18-29 | 30-44 | 45-64 | 65+
 *     location: Pune
 *     accent: Indian English
 *     language: hi-IN                # BCP 47
 *     style: direct                  # direct | chatty | formal | hesitant | irritated
 *     speakingRateWpm: 170           # 60 .. 300
 *     patience: 3s                   # > 0 and <= 5 minutes
 *     backgroundNoise: street        # quiet | home | office | street | car | cafe
 * }</pre>
 */
final class PersonaSection {
    static final List<String> KEYS = List.of("id", "base", "name", "description", "gender", "age", "location",
            "accent", "language", "style", "speakingRateWpm", "patience", "backgroundNoise");
    private static final List<String> SET_KEYS = List.of("id", "personas");
    /** The builder's field names, as the file writes them. */
    private static final Map<String, String> FILE_KEYS = Map.of("ageBand", "age", "communicationStyle", "style");

    private PersonaSection() {
    }

    /** The personas {@code node} (the file's {@code personas:}) names; problems under {@code personas}. */
    static List<Persona> read(JsonNode node, Catalog catalog, ProblemCollector p) {
        if (node == null) {
            return Personas.builtIns();
        }
        if (node.isTextual()) {
            return catalog.read("personaSets", node.asText(), "personas", "write a list of persona ids, e.g. "
                    + "[frustrated, elderly]", (set, at, own) -> {
                        KnownKeys.check(set, at, SET_KEYS, own);
                        return Optional.of(list(set.get("personas"), at + ".personas", catalog, own));
                    }, p).orElse(List.of());
        }
        return list(node, "personas", catalog, p);
    }

    private static List<Persona> list(JsonNode node, String path, Catalog catalog, ProblemCollector p) {
        List<Persona> out = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            p.add(path, "must be a non-empty list of persona ids or personas, e.g. [frustrated, elderly]");
            return out;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode item = node.get(i);
            Optional<Persona> persona;
            if (item.isTextual() && isSet(item.asText(), catalog)) {
                // a persona set among ids: its personas, each once however many sets name it
                catalog.read("personaSets", item.asText(), at, "", (set, setAt, own) -> {
                    KnownKeys.check(set, setAt, SET_KEYS, own);
                    return Optional.of(list(set.get("personas"), setAt + ".personas", catalog, own));
                }, p).orElse(List.of()).forEach(x -> {
                    if (ids.add(x.id())) {
                        out.add(x);
                    }
                });
                continue;
            } else if (item.isTextual()) {
                persona = byId(item.asText(), at, catalog, p);
            } else if (item.isObject()) {
                persona = custom(item, at, p);
            } else {
                p.add(at, "must be a persona id (e.g. frustrated) or a persona ({id: ..., language: ...})");
                persona = Optional.empty();
            }
            persona.ifPresent(x -> {
                if (p.check(ids.add(x.id()), at, "persona \"" + x.id() + "\" is listed twice")) {
                    out.add(x);
                }
            });
        }
        return out;
    }

    /** Whether {@code id} names a persona set of the catalog and no persona. */
    private static boolean isSet(String id, Catalog catalog) {
        return Personas.byId(id).isEmpty() && catalog.find("personas", id).isEmpty()
                && catalog.find("personaSets", id).isPresent();
    }

    private static Optional<Persona> byId(String id, String at, Catalog catalog, ProblemCollector p) {
        Optional<Persona> builtIn = Personas.byId(id);
        if (builtIn.isPresent()) {
            return builtIn;
        }
        if (catalog.find("personas", id).isPresent()) {
            return catalog.read("personas", id, at, "", PersonaSection::custom, p);
        }
        List<String> all = new ArrayList<>(Personas.builtIns().stream().map(Persona::id).toList());
        all.addAll(catalog.ids("personas"));
        all.addAll(catalog.ids("personaSets"));
        p.add(at, "unknown persona or persona set \"" + id + "\"" + known(all, id));
        return Optional.empty();
    }

    /** A persona written out at {@code path}, checked by its builder. */
    static Optional<Persona> custom(JsonNode node, String path, ProblemCollector p) {
        KnownKeys.check(node, path, KEYS, p);
        JsonNode idNode = node.get("id");
        if (!p.check(idNode != null && idNode.isTextual(), path + ".id", "is required: 1-64 lower-case letters, "
                + "digits or dashes")) {
            return Optional.empty();
        }
        if (Personas.byId(idNode.asText()).isPresent()) {
            // a custom persona shadowing a built-in would make the same id mean two callers
            p.add(path + ".id", "\"" + idNode.asText() + "\" is a built-in persona: list it by its id, or give "
                    + "this persona an id of its own (base: " + idNode.asText() + " starts from its values)");
            return Optional.empty();
        }
        Persona.Builder b = Persona.builder(idNode.asText());
        if (node.has("base")) {
            Optional<Persona> base = node.get("base").isTextual() ? Personas.byId(node.get("base").asText())
                    : Optional.empty();
            if (base.isEmpty()) {
                p.add(path + ".base", "must be a built-in persona id" + known(
                        Personas.builtIns().stream().map(Persona::id).toList(), node.get("base").asText()));
            } else {
                b = copyOf(base.get(), idNode.asText());
            }
        }
        int before = p.problems().size();
        String name = text(node, "name", path, p);
        String description = text(node, "description", path, p);
        String location = text(node, "location", path, p);
        String accent = text(node, "accent", path, p);
        String language = text(node, "language", path, p);
        Optional<Gender> gender = choice(node, "gender", path, Gender.values(), p);
        Optional<AgeBand> age = choice(node, "age", path, AgeBand.values(), p);
        Optional<CommunicationStyle> style = choice(node, "style", path, CommunicationStyle.values(), p);
        Optional<BackgroundNoise> noise = choice(node, "backgroundNoise", path, BackgroundNoise.values(), p);
        Optional<Duration> patience = Optional.empty();
        if (node.has("patience")) {
            String written = node.get("patience").asText();
            patience = Durations.parse(written);
            p.check(patience.isPresent(), path + ".patience", "must be a duration such as 4s or 1m, was \"" + written
                    + "\"");
        }
        if (node.has("speakingRateWpm")) {
            JsonNode wpm = node.get("speakingRateWpm");
            if (p.check(wpm.canConvertToInt() && wpm.isIntegralNumber(), path + ".speakingRateWpm",
                    "must be a whole number of words per minute, 60 .. 300")) {
                b.speakingRateWpm(wpm.asInt());
            }
        }
        if (name != null) b.name(name);
        if (description != null) b.description(description);
        if (location != null) b.location(location);
        if (accent != null) b.accent(accent);
        if (language != null) b.language(language);
        gender.ifPresent(b::gender);
        age.ifPresent(b::ageBand);
        style.ifPresent(b::communicationStyle);
        noise.ifPresent(b::backgroundNoise);
        patience.ifPresent(b::patience);
        if (p.problems().size() > before) {
            return Optional.empty();
        }
        List<Problem> problems = b.problems();
        for (Problem problem : problems) {
            p.add(path + "." + FILE_KEYS.getOrDefault(problem.path(), problem.path()), problem.message());
        }
        return problems.isEmpty() ? Optional.of(b.build()) : Optional.empty();
    }

    /** A built-in's values under another id (and named after it unless named): a variant, not the built-in. */
    private static Persona.Builder copyOf(Persona base, String id) {
        return Persona.builder(id).description(base.description()).gender(base.gender())
                .ageBand(base.ageBand()).location(base.location()).accent(base.accent()).language(base.language())
                .communicationStyle(base.communicationStyle()).speakingRateWpm(base.speakingRateWpm())
                .patience(base.patience()).backgroundNoise(base.backgroundNoise());
    }

    private static String text(JsonNode node, String key, String path, ProblemCollector p) {
        JsonNode n = node.get(key);
        if (n == null) {
            return null;
        }
        return p.check(n.isTextual(), path + "." + key, "must be a string") ? n.asText() : null;
    }

    /** An enum value as the file writes it: lower case, dashes or the age band's {@code 30-44} / {@code 65+}. */
    private static <E extends Enum<E>> Optional<E> choice(JsonNode node, String key, String path, E[] values,
                                                          ProblemCollector p) {
        JsonNode n = node.get(key);
        if (n == null) {
            return Optional.empty();
        }
        String written = n.asText();
        for (E v : values) {
            if (fileName(v).equals(written.toLowerCase(Locale.ROOT)) || v.name().equals(written)) {
                return Optional.of(v);
            }
        }
        p.add(path + "." + key, "must be one of " + String.join(", ", Arrays.stream(values)
                .map(PersonaSection::fileName).toList()) + ", was \"" + written + "\"");
        return Optional.empty();
    }

    private static String fileName(Enum<?> v) {
        String n = v.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return n.startsWith("age-") ? n.substring(4).replace("-plus", "+") : n;
    }

    static String known(List<String> ids, String id) {
        if (ids.isEmpty()) {
            return "";
        }
        return KnownKeys.nearest(id, ids).map(k -> "; did you mean " + k + "?").orElse("") + " (known: "
                + String.join(", ", ids.size() > 30 ? ids.subList(0, 30) : ids) + (ids.size() > 30 ? ", ..." : "")
                + ")";
    }
}
