package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.eval.Rubrics;
import io.callstorm.simulate.connect.RecordingPolicy;
import io.callstorm.simulate.loop.SimulationClock;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.load.Shard;
import io.callstorm.reference.Fix;
import io.callstorm.reference.ReferenceAgent;

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
 * reported at once, each with its path, line and column in the file and the value as written. The file is read
 * under limits (size, encoding, one document, nesting, no aliases, no duplicate keys; see {@link LocatedYaml}). This
 * reader checks what only a file can get wrong (unknown keys, wrong types and shapes, unknown names); the ranges are the builders' ({@link Simulation.Builder#problems()},
 * {@link LoadProfile.Builder#problems()}), reported under the file's keys. A {@code gate:} section is read by the
 * gate (see {@code GateFile}). {@code agent.connector} says how callers reach the agent (see {@link ConnectorSpec}).
 *
 * <pre>{@code
 * name: support-peak
 * seed: 1
 * rows: 10000
 * timeScale: 0.1
 * clock: virtual           # real (default) | virtual: simulated time, reproducible; in-process agent only
 * catalog: [catalog/]     # files and folders of shared agents, personas, persona sets, scenario graphs (Catalog)
 * personas: [in-a-hurry, frustrated, polite-escalator]   # built-in or catalog ids, custom personas, or a set's id
 * scenarios: support_load_test_10k   # a graph written out, or one of the catalog's; the support desk when omitted
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
 *   # definition: booking_agent_v3   # the agent under test, for an agent at agent.connector.url (or written out)
 *   reference:
 *     fixes: [stt-failover]
 *   connector:                 # how callers reach it; in-process when omitted
 *     kind: ws                 # in-process | http (OpenAI-compatible SSE) | ws (Twilio media streams)
 *     # url: wss://agent.example.com/media   # another agent; without it the reference agent is served
 *     voice: synthetic         # ws: synthetic | espeak-ng[:voice] | files:DIR
 *     bargeInRate: 0.1         # ws: share of agent replies the caller talks over
 *     recordAudio: 0.05        # ws: share of calls whose agent audio is kept for audio_quality
 * evaluation:                # what scores the calls (see EvaluationSection); the local rubrics by default
 *   judge: {url: https://api.openai.com/v1, apiKeyEnv: OPENAI_API_KEY, rubrics: [is_polite, is_helpful]}
 *   sample: 0.25             # the share of calls scored
 * outputs:
 *   dir: out/support-peak    # or out: out/support-peak
 *   compressCalls: true      # calls.jsonl.gz
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
 * @param scenarios the scenario graph the callers follow
 * @param agent     what the agent under test is: the file's {@code agent.definition}, else the reference agent's
 * @param evaluation what scores the calls ({@code evaluation:}), and on how many of them
 * @param compressCalls whether the calls are written as {@code calls.jsonl.gz} ({@code outputs.compressCalls})
 * @param callers   scripted callers, or callers that improvise through a model ({@code callers:}, docs/callers.md)
 * @param recordings which recordings of the agent's audio are kept ({@code recording: failed}: only failed calls')
 */
public record SimulationFile(String name, long seed, int rows, double timeScale, SimulationClock clock,
                             List<Persona> personas, LoadProfile load, Set<Fix> fixes, Optional<Path> out,
                             ConnectorSpec connector, ScenarioGraph scenarios, AgentDefinition agent,
                             EvaluationSpec evaluation, boolean compressCalls, CallerSection.Spec callers,
                             RecordingPolicy recordings, Optional<Shard> shard) {
    private static final List<String> KEYS = List.of("name", "seed", "rows", "timeScale", "clock", "catalog",
            "personas", "scenarios", "load", "agent", "callers", "evaluation", "recording", "outputs", "out", "gate",
            "baseline", "shard");
    private static final List<String> OUTPUT_KEYS = List.of("dir", "compressCalls");
    private static final List<String> LOAD_KEYS = List.of("model", "start", "stages", "peak", "rampUp", "hold",
            "rampDown");
    private static final List<String> SHAPE_KEYS = List.of("peak", "rampUp", "hold", "rampDown");
    private static final List<String> RAMP_KEYS = List.of("rampTo", "duration");
    private static final List<String> TARGET_KEYS = List.of("target", "duration");
    private static final List<String> HOLD_KEYS = List.of("hold");
    private static final List<String> STAGE_KEYS = List.of("rampTo", "target", "duration", "hold");

    /**
     * Reads and checks a simulation file.
     *
     * @throws ConfigurationException listing every problem, each with its path, line and column in the file; also
     *                                when the file is missing, a directory, unreadable, too big, not UTF-8 or not YAML
     * @throws IOException            not thrown since the reader reports unreadable files as problems; kept for callers
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
        String subject = "simulation file " + file;
        LocatedYaml doc = LocatedYaml.read(file, subject);
        JsonNode root = doc.root();
        ProblemCollector p = new ProblemCollector();
        if (root == null || !root.isObject()) {
            p.add("(file)", "must be a YAML mapping with at least a load: section");
            throw new ConfigurationException(subject, doc.located(p.problems()));
        }
        KnownKeys.check(root, "", KEYS, p);
        String fileName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = text(root, "name", fileName, p);
        long seed = root.has("seed") ? seed(root.get("seed"), doc, p) : 1;
        int rows = root.has("rows") ? saturatedInt(integer(root.get("rows"), "rows", doc, p)) : Simulation.DEFAULT_ROWS;
        double timeScale = root.has("timeScale") ? number(root.get("timeScale"), "timeScale", doc, p)
                : Simulation.DEFAULT_TIME_SCALE;
        SimulationClock clock = root.has("clock")
                ? ClockSetting.parse(scalar(root.get("clock")), "clock", p).orElse(SimulationClock.REAL)
                : SimulationClock.REAL;
        Catalog catalog = Catalog.read(root.get("catalog"), file.toAbsolutePath().getParent(), p);
        List<Persona> personas = PersonaSection.read(root.get("personas"), catalog, p);
        BuilderProblems keys = new BuilderProblems()
                .name("scenarios.rows", "rows")
                // the agent is opened by the caller once the file is known to be valid (it may start a child
                // process), so the builder checked here has none: that is not a problem of the file
                .ignore("agent.definition")
                .ignore("agent.connector");
        for (String key : List.of("rows", "timeScale", "seed")) {
            doc.written(key).ifPresent(w -> keys.written(key.equals("rows") ? "scenarios.rows" : key, w));
        }
        Optional<LoadProfile.Builder> loadBuilder = load(root.get("load"), keys, doc, p);
        List<Problem> loadProblems = loadBuilder.map(LoadProfile.Builder::problems).orElse(List.of());
        Optional<LoadProfile> load = loadBuilder.filter(b -> loadProblems.isEmpty()).map(LoadProfile.Builder::build);
        if (!loadProblems.isEmpty()) {
            keys.ignore("load"); // unset because it is invalid: the profile's own problems say where
        }
        Set<Fix> fixes = fixes(root.get("agent"), p);
        ConnectorSpec read = ConnectorSection.read(root.get("agent"), doc, environment, p);
        RecordingPolicy recordings = root.has("recording") && root.get("recording").asText("").strip()
                .equalsIgnoreCase("failed") ? RecordingPolicy.FAILED_CALLS : RecordingPolicy.ALL;
        ConnectorSpec connector = recording(root.get("recording"), read, doc, p);
        JsonNode definitionNode = root.path("agent").isObject() ? root.get("agent").get("definition") : null;
        Optional<AgentDefinition> definition = AgentDefinitionSection.read(definitionNode, catalog, p);
        p.check(definitionNode == null || !connector.isReferenceAgent(), "agent.definition", "describes the agent "
                + "at agent.connector.url; the embedded reference agent has its own definition: set "
                + "agent.connector.url, or remove agent.definition");
        AgentDefinition agent = definition.orElse(ReferenceAgent.definition());
        Optional<ScenarioGraph> scenarios = ScenarioSection.read(root.get("scenarios"), catalog, agent, p);
        Simulation.Builder simulation = simulation(name, seed, rows, timeScale, clock, personas,
                scenarios.orElse(SupportDeskScenarios.graph()));
        simulation = load.map(simulation::load).orElse(simulation);
        p.check(fixes.isEmpty() || connector.isReferenceAgent(), "agent.reference.fixes",
                "apply to the embedded reference agent only, not to the agent at agent.connector.url");
        ClockSetting.checkConnector(clock, connector, "clock", "agent.connector.kind", p);
        List<String> defaultRubrics = new ArrayList<>(Rubrics.CORE);
        if (connector.recordAudio() > 0) {
            defaultRubrics.add(Rubrics.AUDIO_QUALITY);
        }
        EvaluationSpec evaluation = EvaluationSection.read(root.get("evaluation"), defaultRubrics, environment, p);
        CallerSection.Spec callers = CallerSection.read(root.get("callers"), "callers", environment, p);
        JsonNode outputs = root.get("outputs");
        boolean compressCalls = false;
        Optional<Path> out = root.has("out") ? Optional.of(file.toAbsolutePath().getParent()
                .resolve(text(root, "out", "", p))) : Optional.empty();
        if (outputs != null && KnownKeys.mapping(outputs, "outputs", OUTPUT_KEYS, "a mapping ({dir, compressCalls})",
                p)) {
            p.check(!(root.has("out") && outputs.has("dir")), "outputs.dir", "and out: both name the output "
                    + "directory: keep one");
            if (outputs.has("dir")) {
                out = Optional.of(file.toAbsolutePath().getParent().resolve(text(outputs, "dir", "", p)));
            }
            if (outputs.has("compressCalls")) {
                compressCalls = outputs.get("compressCalls").asBoolean(false);
                p.check(outputs.get("compressCalls").isBoolean(), "outputs.compressCalls", "must be true (write "
                        + "calls.jsonl.gz) or false, was " + doc.written("outputs.compressCalls",
                        outputs.get("compressCalls")));
            }
        }
        Optional<Shard> shard = shard(root.get("shard"), doc, p);
        if (shard.isPresent()) {
            simulation = simulation.shard(shard.get().index(), shard.get().count());
        }
        keys.addTo(Stream.concat(loadProblems.stream(), simulation.problems().stream()).toList(), p);
        if (!p.isEmpty()) {
            throw new ConfigurationException(subject, doc.located(p.problems()));
        }
        return new SimulationFile(name, seed, rows, timeScale, clock, personas, load.orElseThrow(), fixes, out,
                connector, scenarios.orElseThrow(), agent, evaluation, compressCalls, callers, recordings, shard);
    }

    /** {@code shard: {index: I, count: N}}: this process as one of N shards (the CLI's --shard overrides it). */
    private static Optional<Shard> shard(JsonNode node, LocatedYaml doc, ProblemCollector p) {
        if (node == null || !KnownKeys.mapping(node, "shard", List.of("index", "count"), "a mapping ({index, count})",
                p)) {
            return Optional.empty();
        }
        boolean given = p.check(node.has("index") && node.has("count"), "shard", "needs both index (0-based) and "
                + "count");
        long index = node.has("index") ? integer(node.get("index"), "shard.index", doc, p) : 0;
        long count = node.has("count") ? integer(node.get("count"), "shard.count", doc, p) : 1;
        ProblemCollector range = new ProblemCollector();
        Shard.check(saturatedInt(index), saturatedInt(count), "shard", range);
        range.problems().forEach(problem -> p.add(problem.path(), problem.message()));
        return given && range.isEmpty() ? Optional.of(new Shard((int) index, (int) count)) : Optional.empty();
    }

    /**
     * This file under another seed and load profile ({@code callstorm ab} runs two files under one of each), the
     * reference agent's seed included.
     */
    public SimulationFile withSeedAndLoad(long newSeed, LoadProfile newLoad) {
        return new SimulationFile(name, newSeed, rows, timeScale, clock, personas, newLoad, fixes, out, connector,
                scenarios, agent, evaluation, compressCalls, callers, recordings, shard);
    }

    /**
     * The simulation this file describes, checked, without what the caller adds: its agent, output directory and
     * gate.
     */
    public Simulation.Builder simulation() {
        Simulation.Builder b = simulation(name, seed, rows, timeScale, clock, personas, scenarios).load(load)
                .evaluation(evaluation.config()).compressCallsFile(compressCalls).keepRecordings(recordings);
        return shard.map(s -> b.shard(s.index(), s.count())).orElse(b);
    }

    /** The one place the file's settings become builder calls: for the check and for the run. */
    private static Simulation.Builder simulation(String name, long seed, int rows, double timeScale,
                                                 SimulationClock clock, List<Persona> personas,
                                                 ScenarioGraph scenarios) {
        return Simulation.builder()
                .name(name)
                .personas(personas)
                .scenarios(scenarios, rows)
                .seed(seed)
                .timeScale(timeScale)
                .clock(clock);
    }

    /**
     * The load section as a builder, each of its stages named in {@code keys} by the file's keys; empty when there is
     * no section to build from. A stage that cannot be read is left out, and later stages keep their own keys.
     */
    private static Optional<LoadProfile.Builder> load(JsonNode node, BuilderProblems keys, LocatedYaml doc,
                                                      ProblemCollector p) {
        if (node == null || !node.isObject()) {
            p.add("load", "must be a mapping with model, start and stages (or peak, rampUp, hold, rampDown)");
            return Optional.empty();
        }
        KnownKeys.check(node, "load", LOAD_KEYS, p);
        String model = node.has("model") ? scalar(node.get("model")).toLowerCase(Locale.ROOT) : "closed";
        p.check(model.equals("closed") || model.equals("open"), "load.model",
                "must be closed (concurrent calls) or open (arrivals per second), was \"" + model + "\"");
        boolean closed = !model.equals("open");
        int problemsBefore = p.problems().size();
        double start = node.has("start") ? number(node.get("start"), "load.start", doc, p) : 0;
        boolean levelUnread = p.problems().size() > problemsBefore;
        // concurrent calls are whole: the closed model's builder takes an int, so 1.5 would silently become 1
        p.check(!closed || !Double.isFinite(start) || start == Math.rint(start), "load.start",
                "must be a whole number of concurrent calls, was " + doc.written("load.start", node.get("start")));
        LoadProfile.Builder b = closed ? LoadProfile.concurrentCalls(saturatedInt((long) start))
                : LoadProfile.arrivalsPerSecond(start);
        doc.written("load.start").ifPresent(w -> keys.written("load.start", w));
        boolean shape = SHAPE_KEYS.stream().anyMatch(node::has);
        if (shape) {
            p.check(!node.has("stages"), "load.stages", "and load.peak/rampUp/hold/rampDown both say the profile: "
                    + "keep the stages, or the shape (peak, rampUp, hold, rampDown)");
            if (!node.has("stages")) {
                return Optional.of(shape(node, b, keys, doc, p, levelUnread));
            }
        }
        keys.name("load.peak", "load.stages");
        JsonNode stages = node.get("stages");
        if (stages == null || !stages.isArray() || stages.isEmpty()) {
            p.add("load.stages", "must be a non-empty list of {rampTo: N, duration: D} (or k6's {target: N, "
                    + "duration: D}) or {hold: D}; or give the shape: peak, rampUp, hold, rampDown");
            return Optional.of(b);
        }
        String level = "load.start"; // the key that set the target a hold keeps
        int built = 0;
        for (int i = 0; i < stages.size(); i++) {
            JsonNode s = stages.get(i);
            String at = "load.stages[" + i + "]";
            String stage = "load.stages[" + built + "]";
            if (!s.isObject()) {
                p.add(at, "must be {rampTo: N, duration: D} or {hold: D}, was " + doc.written(at, s));
            } else if (s.has("hold") && (s.has("rampTo") || s.has("target"))) {
                p.add(at, "has both hold and " + (s.has("rampTo") ? "rampTo" : "target") + ": a stage either "
                        + "ramps ({rampTo: N, duration: D}) or holds ({hold: D}); make them two stages");
            } else if (s.has("rampTo") && s.has("target")) {
                p.add(at, "has both rampTo and target: they are one thing (target is k6's name); keep one");
            } else if (s.has("hold")) {
                KnownKeys.check(s, at, HOLD_KEYS, p);
                Optional<Duration> d = duration(s.get("hold"), at + ".hold", p);
                if (d.isPresent()) {
                    b = b.hold(d.get());
                    keys.name(stage + ".duration", at + ".hold").name(stage + ".target", level);
                    doc.written(at + ".hold").ifPresent(w -> keys.written(stage + ".duration", w));
                    built++;
                }
            } else if (s.has("rampTo") || s.has("target")) {
                String to = s.has("rampTo") ? "rampTo" : "target"; // k6 writes {duration, target}
                KnownKeys.check(s, at, to.equals("rampTo") ? RAMP_KEYS : TARGET_KEYS, p);
                int before = p.problems().size();
                double target = number(s.get(to), at + "." + to, doc, p);
                levelUnread |= p.problems().size() > before;
                Optional<Duration> d = s.has("duration") ? duration(s.get("duration"), at + ".duration", p)
                        : Optional.empty();
                if (!s.has("duration")) {
                    p.add(at + ".duration", "is required with " + to + ", e.g. 30s");
                }
                if (d.isPresent()) {
                    b = b.rampTo(target, d.get());
                    keys.name(stage + ".duration", at + ".duration").name(stage + ".target", at + "." + to);
                    doc.written(at + ".duration").ifPresent(w -> keys.written(stage + ".duration", w));
                    doc.written(at + "." + to).ifPresent(w -> keys.written(stage + ".target", w));
                    level = at + "." + to;
                    built++;
                }
            } else {
                KnownKeys.check(s, at, STAGE_KEYS, p);
                p.add(at, "must be {rampTo: N, duration: D} or {hold: D}");
            }
        }
        if (levelUnread) {
            keys.ignore("load.peak"); // read as 0, a level that is not a number would also seem to start no call
        }
        return Optional.of(b);
    }

    /**
     * The profile as the guide's run API shapes it: up to {@code peak} over {@code rampUp}, {@code hold} there, down
     * to 0 over {@code rampDown}; each part but the peak optional.
     */
    private static LoadProfile.Builder shape(JsonNode node, LoadProfile.Builder b, BuilderProblems keys,
                                             LocatedYaml doc, ProblemCollector p, boolean levelUnread) {
        keys.name("load.peak", "load.peak");
        if (!node.has("peak")) {
            p.add("load.peak", "is required with rampUp, hold or rampDown: the highest load, e.g. 4000");
            return b;
        }
        int before = p.problems().size();
        double peak = number(node.get("peak"), "load.peak", doc, p);
        if (levelUnread || p.problems().size() > before) {
            keys.ignore("load.peak");
        }
        int built = 0;
        Optional<Duration> up = node.has("rampUp") ? duration(node.get("rampUp"), "load.rampUp", p) : Optional.empty();
        // without a ramp the peak starts at once: a ramp of the shortest duration the profile allows
        b = b.rampTo(peak, up.orElse(Duration.ofMillis(1)));
        keys.name("load.stages[" + built + "].duration", node.has("rampUp") ? "load.rampUp" : "load.peak")
                .name("load.stages[" + built + "].target", "load.peak");
        doc.written("load.peak").ifPresent(w -> keys.written("load.stages[0].target", w));
        built++;
        if (node.has("hold")) {
            Optional<Duration> hold = duration(node.get("hold"), "load.hold", p);
            if (hold.isPresent()) {
                b = b.hold(hold.get());
                keys.name("load.stages[" + built + "].duration", "load.hold")
                        .name("load.stages[" + built + "].target", "load.peak");
                built++;
            }
        }
        if (node.has("rampDown")) {
            Optional<Duration> down = duration(node.get("rampDown"), "load.rampDown", p);
            if (down.isPresent()) {
                b = b.rampTo(0, down.get());
                keys.name("load.stages[" + built + "].duration", "load.rampDown")
                        .name("load.stages[" + built + "].target", "load.rampDown");
            }
        }
        return b;
    }

    /**
     * The connector with the file's {@code recording:} applied: {@code none}, a share of calls (0..1) or
     * {@code failed} (every call recorded, only failed calls' recordings kept). Agent audio exists on media-stream
     * calls only.
     */
    private static ConnectorSpec recording(JsonNode node, ConnectorSpec connector, LocatedYaml doc,
                                           ProblemCollector p) {
        if (node == null) {
            return connector;
        }
        String text = node.isValueNode() ? node.asText("").strip().toLowerCase(Locale.ROOT) : "";
        double share = node.isNumber() ? node.asDouble() : text.equals("none") ? 0 : text.equals("failed") ? 1 : -1;
        boolean ok = p.check(share >= 0 && share <= 1, "recording", "must be none, failed (keep the recordings of "
                + "failed calls only) or a share of calls from 0 to 1, was " + doc.written("recording", node));
        ok &= p.check(connector.kind().equals(ConnectorSpec.WS), "recording", "keeps the agent's audio, which only "
                + "media-stream calls carry: set agent.connector.kind: ws");
        ok &= p.check(connector.recordAudio() == 0, "recording", "and agent.connector.recordAudio both say what to "
                + "record: keep one");
        return ok ? connector.withMedia(connector.voice(), connector.bargeInRate(), share) : connector;
    }

    private static Set<Fix> fixes(JsonNode agent, ProblemCollector p) {
        Set<Fix> fixes = EnumSet.noneOf(Fix.class);
        if (agent == null) {
            return fixes;
        }
        if (!agent.isObject()) {
            p.add("agent", "must be a mapping with reference: and/or connector:");
            return fixes;
        }
        KnownKeys.check(agent, "agent", List.of("definition", "reference", "connector"), p);
        JsonNode reference = agent.get("reference");
        if (reference == null) {
            return fixes;
        }
        if (!reference.isObject()) {
            p.add("agent.reference", "must be a mapping, e.g. {fixes: [stt-failover]}");
            return fixes;
        }
        KnownKeys.check(reference, "agent.reference", List.of("fixes"), p);
        JsonNode list = reference.get("fixes");
        if (list != null && !list.isArray()) {
            // a scalar would silently apply nothing (or one fix where a list was meant): a list is required
            p.add("agent.reference.fixes", "must be a list, e.g. [stt-failover] or [stt-failover, tts-pool]; allowed: "
                    + String.join(", ", Fix.cliNames()));
        } else if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                String at = "agent.reference.fixes[" + i + "]";
                if (p.check(list.get(i).isTextual(), at, "must be a fix name; allowed: "
                        + String.join(", ", Fix.cliNames()))) {
                    fixes.addAll(Fix.fromCliNames(List.of(list.get(i).asText()), at, p));
                }
            }
        }
        return fixes;
    }

    private static Optional<Duration> duration(JsonNode node, String path, ProblemCollector p) {
        String text = node.isValueNode() ? node.asText() : node.toString();
        Optional<Duration> d = Durations.parse(text);
        if (d.isEmpty()) {
            p.add(path, "must be a duration such as 30s, 2m or 1m30s, was \"" + text + "\"");
        }
        return d;
    }

    private static String text(JsonNode root, String key, String fallback, ProblemCollector p) {
        JsonNode n = root.get(key);
        if (n == null) {
            return fallback;
        }
        p.check(n.isTextual() && !n.asText().isBlank(), key, "must be a non-blank string");
        return n.isTextual() ? n.asText() : fallback.isEmpty() ? "-" : fallback;
    }

    /** A scalar's text; a mapping or list as "" (which no setting allows, so its check names it). */
    private static String scalar(JsonNode n) {
        return n.isValueNode() ? n.asText() : "";
    }

    private static long integer(JsonNode n, String path, LocatedYaml doc, ProblemCollector p) {
        boolean whole = n.isIntegralNumber() || n.isNumber() && Double.isFinite(n.asDouble())
                && n.asDouble() == Math.rint(n.asDouble());
        if (!p.check(whole, path, "must be a whole number, was " + doc.written(path, n))) {
            return 0;
        }
        // a number past a long is out of every range: the nearest long, which the builder then refuses
        return n.isIntegralNumber() && !n.canConvertToLong()
                ? (n.bigIntegerValue().signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : (long) n.asDouble();
    }

    /** The seed: any 64-bit whole number, and nothing else (a larger one would be silently cut). */
    private static long seed(JsonNode n, LocatedYaml doc, ProblemCollector p) {
        boolean fits = n.isIntegralNumber() ? n.canConvertToLong()
                : n.isNumber() && Math.abs(n.asDouble()) < 0x1p63 && n.asDouble() == Math.rint(n.asDouble());
        p.check(fits, "seed", "must be a whole number from -9223372036854775808 to 9223372036854775807, was "
                + doc.written("seed", n));
        return fits ? n.asLong() : 0;
    }

    /** {@code value} as an int, the nearest one when out of range: the builder then reports it as too large. */
    private static int saturatedInt(long value) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static double number(JsonNode n, String path, LocatedYaml doc, ProblemCollector p) {
        if (!p.check(n.isNumber(), path, "must be a number, was " + doc.written(path, n))) {
            return 0;
        }
        p.check(Double.isFinite(n.asDouble()), path, "must be a finite number, was " + doc.written(path, n));
        return Double.isFinite(n.asDouble()) ? n.asDouble() : 0;
    }
}
