package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.loop.SimulationClock;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.Simulation;
import io.callstorm.reference.Fix;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A simulation described in YAML, for {@code callstorm run simulation.yaml}. Every problem in the file is
 * reported at once, each with its path in the file. This reader checks what only a file can get wrong (unknown
 * keys, wrong types, unknown names); the ranges are the builders' ({@link Simulation.Builder#problems()},
 * {@link LoadProfile.Builder#problems()}), reported under the file's keys. A {@code gate:} section is read by the
 * gate (see {@code GateFile}). {@code agent.connector} says how callers reach the agent (see {@link ConnectorSpec}).
 *
 * <pre>{@code
 * name: support-peak
 * seed: 1
 * rows: 10000
 * timeScale: 0.1
 * clock: virtual           # real (default) | virtual: simulated time, reproducible; in-process agent only
 * personas: [in-a-hurry, frustrated, polite-escalator]   # built-in ids; all 18 when omitted
 * load:
 *   model: closed            # closed: concurrent calls | open: arrivals per second
 *   start: 100
 *   stages:
 *     - rampTo: 4000
 *       duration: 30s
 *     - hold: 20s
 *     - rampTo: 0
 *       duration: 10s
 * agent:
 *   reference:
 *     fixes: [stt-failover]
 *   connector:                 # how callers reach it; in-process when omitted
 *     kind: ws                 # in-process | http (OpenAI-compatible SSE) | ws (Twilio media streams)
 *     # url: wss://agent.example.com/media   # another agent; without it the reference agent is served
 *     voice: synthetic         # ws: synthetic | espeak-ng[:voice] | files:DIR
 *     bargeInRate: 0.1         # ws: share of agent replies the caller talks over
 *     recordAudio: 0.05        # ws: share of calls whose agent audio is kept for audio_quality
 * out: out/support-peak
 * gate:
 *   - conversation_resolution >= 0.80
 * }</pre>
 *
 * @param name      the simulation's name
 * @param seed      row expansion seed
 * @param rows      rows to expand
 * @param timeScale caller time factor
 * @param clock     the time the run is on ({@code clock:}, {@code real} unless set)
 * @param personas  who calls
 * @param load      the load profile
 * @param fixes     quick fixes of the reference agent
 * @param out       output directory, when the file names one
 * @param connector how callers reach the agent
 */
public record SimulationFile(String name, long seed, int rows, double timeScale, SimulationClock clock,
                             List<Persona> personas, LoadProfile load, Set<Fix> fixes, Optional<Path> out,
                             ConnectorSpec connector) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> KEYS = List.of("name", "seed", "rows", "timeScale", "clock", "personas", "load", "agent",
            "out", "gate", "baseline");

    /**
     * Reads and checks a simulation file.
     *
     * @throws ConfigurationException listing every problem, each with its path in the file
     * @throws IOException            when the file cannot be read or is not YAML
     */
    public static SimulationFile read(Path file) throws IOException {
        return read(file, System::getenv);
    }

    /**
     * Reads and checks a simulation file, looking the secrets it names ({@code bearerTokenEnv}, {@code headersEnv})
     * up in {@code environment}.
     *
     * @throws ConfigurationException listing every problem, each with its path in the file
     * @throws IOException            when the file cannot be read or is not YAML
     */
    public static SimulationFile read(Path file, Function<String, String> environment) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        ProblemCollector p = new ProblemCollector();
        if (root == null || !root.isObject()) {
            p.add("(file)", "must be a YAML mapping with at least a load: section");
            p.throwIfAny("simulation file " + file);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            p.check(KEYS.contains(key), key, "is not a known section; allowed: " + KEYS);
        }
        String fileName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = text(root, "name", fileName, p);
        long seed = root.has("seed") ? integer(root.get("seed"), "seed", p) : 1;
        int rows = root.has("rows") ? saturatedInt(integer(root.get("rows"), "rows", p)) : Simulation.DEFAULT_ROWS;
        double timeScale = root.has("timeScale") ? number(root.get("timeScale"), "timeScale", p)
                : Simulation.DEFAULT_TIME_SCALE;
        SimulationClock clock = root.has("clock")
                ? ClockSetting.parse(root.get("clock").asText(), "clock", p).orElse(SimulationClock.REAL)
                : SimulationClock.REAL;
        List<Persona> personas = personas(root.get("personas"), p);
        BuilderProblems keys = new BuilderProblems()
                .name("scenarios.rows", "rows")
                // the agent is opened by the caller once the file is known to be valid (it may start a child
                // process), so the builder checked here has none: that is not a problem of the file
                .ignore("agent.definition")
                .ignore("agent.connector");
        Optional<LoadProfile.Builder> loadBuilder = load(root.get("load"), keys, p);
        List<Problem> loadProblems = loadBuilder.map(LoadProfile.Builder::problems).orElse(List.of());
        Optional<LoadProfile> load = loadBuilder.filter(b -> loadProblems.isEmpty()).map(LoadProfile.Builder::build);
        if (!loadProblems.isEmpty()) {
            keys.ignore("load"); // unset because it is invalid: the profile's own problems say where
        }
        Simulation.Builder simulation = simulation(name, seed, rows, timeScale, clock, personas);
        simulation = load.map(simulation::load).orElse(simulation);
        Set<Fix> fixes = fixes(root.get("agent"), p);
        ConnectorSpec connector = ConnectorSection.read(root.get("agent"), environment, p);
        p.check(fixes.isEmpty() || connector.isReferenceAgent(), "agent.reference.fixes",
                "apply to the embedded reference agent only, not to the agent at agent.connector.url");
        ClockSetting.checkConnector(clock, connector, "clock", "agent.connector.kind", p);
        Optional<Path> out = root.has("out") ? Optional.of(file.toAbsolutePath().getParent()
                .resolve(text(root, "out", "", p))) : Optional.empty();
        keys.addTo(Stream.concat(loadProblems.stream(), simulation.problems().stream()).toList(), p);
        p.throwIfAny("simulation file " + file);
        return new SimulationFile(name, seed, rows, timeScale, clock, personas, load.orElseThrow(), fixes, out,
                connector);
    }

    /**
     * The simulation this file describes, checked, without what the caller adds: its agent, output directory and
     * gate.
     */
    public Simulation.Builder simulation() {
        return simulation(name, seed, rows, timeScale, clock, personas).load(load);
    }

    /** The one place the file's settings become builder calls: for the check and for the run. */
    private static Simulation.Builder simulation(String name, long seed, int rows, double timeScale,
                                                 SimulationClock clock, List<Persona> personas) {
        return Simulation.builder()
                .name(name)
                .personas(personas)
                .scenarios(SupportDeskScenarios.graph(), rows)
                .seed(seed)
                .timeScale(timeScale)
                .clock(clock);
    }

    private static List<Persona> personas(JsonNode node, ProblemCollector p) {
        if (node == null) {
            return Personas.builtIns();
        }
        List<Persona> out = new ArrayList<>();
        if (!node.isArray() || node.isEmpty()) {
            p.add("personas", "must be a non-empty list of built-in persona ids, e.g. [frustrated, elderly]");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String id = node.get(i).asText();
            Optional<Persona> persona = Personas.byId(id);
            if (persona.isPresent()) {
                out.add(persona.get());
            } else {
                p.add("personas[" + i + "]", "unknown persona \"" + id + "\"; built-ins: "
                        + Personas.builtIns().stream().map(Persona::id).toList());
            }
        }
        return out;
    }

    /**
     * The load section as a builder, each of its stages named in {@code keys} by the file's keys; empty when there is
     * no section to build from. A stage that cannot be read is left out, and later stages keep their own keys.
     */
    private static Optional<LoadProfile.Builder> load(JsonNode node, BuilderProblems keys, ProblemCollector p) {
        if (node == null || !node.isObject()) {
            p.add("load", "must be a mapping with model, start and stages");
            return Optional.empty();
        }
        String model = node.has("model") ? node.get("model").asText().toLowerCase(Locale.ROOT) : "closed";
        p.check(model.equals("closed") || model.equals("open"), "load.model",
                "must be closed (concurrent calls) or open (arrivals per second), was \"" + model + "\"");
        double start = node.has("start") ? number(node.get("start"), "load.start", p) : 0;
        LoadProfile.Builder b = model.equals("open") ? LoadProfile.arrivalsPerSecond(start)
                : LoadProfile.concurrentCalls((int) start);
        keys.name("load.peak", "load.stages");
        JsonNode stages = node.get("stages");
        if (stages == null || !stages.isArray() || stages.isEmpty()) {
            p.add("load.stages", "must be a non-empty list of {rampTo: N, duration: D} or {hold: D}");
            return Optional.of(b);
        }
        String level = "load.start"; // the key that set the target a hold keeps
        int built = 0;
        for (int i = 0; i < stages.size(); i++) {
            JsonNode s = stages.get(i);
            String at = "load.stages[" + i + "]";
            String stage = "load.stages[" + built + "]";
            if (s.has("hold")) {
                Optional<Duration> d = duration(s.get("hold"), at + ".hold", p);
                if (d.isPresent()) {
                    b = b.hold(d.get());
                    keys.name(stage + ".duration", at + ".hold").name(stage + ".target", level);
                    built++;
                }
            } else if (s.has("rampTo")) {
                double target = number(s.get("rampTo"), at + ".rampTo", p);
                Optional<Duration> d = s.has("duration") ? duration(s.get("duration"), at + ".duration", p)
                        : Optional.empty();
                if (!s.has("duration")) {
                    p.add(at + ".duration", "is required with rampTo, e.g. 30s");
                }
                if (d.isPresent()) {
                    b = b.rampTo(target, d.get());
                    keys.name(stage + ".duration", at + ".duration").name(stage + ".target", at + ".rampTo");
                    level = at + ".rampTo";
                    built++;
                }
            } else {
                p.add(at, "must be {rampTo: N, duration: D} or {hold: D}");
            }
        }
        return Optional.of(b);
    }

    private static Set<Fix> fixes(JsonNode agent, ProblemCollector p) {
        Set<Fix> fixes = EnumSet.noneOf(Fix.class);
        if (agent == null) {
            return fixes;
        }
        for (Iterator<String> it = agent.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            p.check(key.equals("reference") || key.equals("connector"), "agent." + key,
                    "is not known; allowed: reference, connector");
        }
        JsonNode reference = agent.get("reference");
        if (reference == null) {
            return fixes;
        }
        JsonNode list = reference.get("fixes");
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                fixes.addAll(Fix.fromCliNames(List.of(list.get(i).asText()), "agent.reference.fixes[" + i + "]", p));
            }
        }
        return fixes;
    }

    private static Optional<Duration> duration(JsonNode node, String path, ProblemCollector p) {
        Optional<Duration> d = Durations.parse(node.asText());
        if (d.isEmpty()) {
            p.add(path, "must be a duration such as 30s, 2m or 1m30s, was \"" + node.asText() + "\"");
        }
        return d;
    }

    private static String text(JsonNode root, String key, String fallback, ProblemCollector p) {
        JsonNode n = root.get(key);
        if (n == null) {
            return fallback;
        }
        p.check(n.isTextual() && !n.asText().isBlank(), key, "must be a non-blank string");
        return n.asText();
    }

    private static long integer(JsonNode n, String path, ProblemCollector p) {
        p.check(n.canConvertToLong() && n.isIntegralNumber(), path, "must be a whole number, was " + n);
        return n.asLong();
    }

    /** {@code value} as an int, the nearest one when out of range: the builder then reports it as too large. */
    private static int saturatedInt(long value) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static double number(JsonNode n, String path, ProblemCollector p) {
        p.check(n.isNumber(), path, "must be a number, was " + n);
        return n.asDouble();
    }
}
