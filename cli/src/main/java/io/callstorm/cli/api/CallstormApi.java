package io.callstorm.cli.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.callstorm.cli.config.EvaluationSpec;
import io.callstorm.cli.config.SimulationFile;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.reference.ReferenceAgentConfig;
import io.callstorm.simulate.OutputFailedException;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.report.SimulationReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs a simulation in one call from catalog ids, as the guide's {@code EvalAPI(...).run_simulation(...)} does:
 * agent definitions, persona sets and scenario graphs live in catalog files (see docs/configuration.md), and the
 * request names them.
 *
 * <pre>{@code
 * CallstormApi api = CallstormApi.builder().catalog(Path.of("catalog")).build();
 * RunResult result = api.runSimulation(RunRequest.builder()
 *     .agentDefinition("support_agent_v17").target(URI.create("https://agent.example.com/v1"))
 *     .scenarios("support_load_test_10k").evalTemplates("conversation_resolution", "is_helpful")
 *     .concurrency(4_000).rampUp(Duration.ofMinutes(30)).hold(Duration.ofMinutes(60))
 *     .rampDown(Duration.ofMinutes(15)).build());
 * double resolved = result.passRate("conversation_resolution").orElseThrow();
 * }</pre>
 *
 * <p>The request becomes a simulation file, written beside the report as {@code simulation.yaml} and read by the
 * same reader as {@code callstorm run}: the same checks (every problem at once, thrown as a
 * {@link ConfigurationException}), and the run can be repeated without Java ({@code callstorm run
 * out/simulation.yaml}). Secrets are named by environment variable only.
 */
public final class CallstormApi {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final List<Path> catalog;
    private final Path outputRoot;
    private final Function<String, String> environment;

    private CallstormApi(Builder b) {
        this.catalog = List.copyOf(b.catalog);
        this.outputRoot = b.outputRoot;
        this.environment = b.environment;
    }

    /** An API over the catalog folder {@code catalog/} of the working directory (if any), writing under {@code callstorm-out/}. */
    public static CallstormApi create() {
        Builder b = builder();
        if (Files.isDirectory(Path.of("catalog"))) {
            b.catalog(Path.of("catalog"));
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the request to its end and returns the result; the report, junit.xml and calls are written to the
     * request's output directory.
     *
     * @throws ConfigurationException listing every problem of the request (unknown ids, tools, values)
     */
    public RunResult runSimulation(RunRequest request) {
        Path out = request.outputDirectory().orElseGet(() -> outputRoot.resolve("run-" + RUN_ID.format(Instant.now())))
                .toAbsolutePath();
        Path file = out.resolve("simulation.yaml");
        try {
            Files.createDirectories(out);
            Files.writeString(file, "# Written by CallstormApi.runSimulation: run it again with ./callstorm run "
                    + file.getFileName() + "\n" + YAML.writeValueAsString(simulation(request, out)));
            SimulationFile spec = SimulationFile.read(file, environment);
            ProblemCollector p = new ProblemCollector();
            Gate gate = Gate.of(Gate.parse(request.gate(), "gate", p));
            p.throwIfAny("run request");
            ReferenceAgentConfig config = ReferenceAgentConfig.defaults().toBuilder().seed(spec.seed()).build()
                    .withFixes(spec.fixes());
            try (EvaluationSpec.Opened evaluators = spec.evaluation().open(environment);
                 AgentConnector agent = io.callstorm.cli.FileRuns.connector(spec, config, environment)) {
                Simulation simulation = spec.simulation()
                        .agent(spec.agent(), agent)
                        .evaluators(evaluators.evaluators())
                        .outputDirectory(out)
                        .gate(gate)
                        .build();
                SimulationReport report;
                try {
                    report = simulation.run();
                } catch (OutputFailedException e) {
                    report = e.report();
                }
                return new RunResult(report, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's files under " + out + ": " + e.getMessage(), e);
        }
    }

    /** The request as a simulation file's tree, ids as the file names them. */
    private ObjectNode simulation(RunRequest r, Path out) {
        ObjectNode root = YAML.createObjectNode();
        root.put("name", r.scenarios().isEmpty() ? "api-run" : String.join("+", r.scenarios()));
        root.put("seed", r.seed().orElse(1));
        root.put("rows", r.rows());
        root.put("timeScale", r.timeScale());
        if (!catalog.isEmpty()) {
            ArrayNode files = root.putArray("catalog");
            catalog.forEach(c -> files.add(c.toAbsolutePath().toString()));
        }
        if (!r.personas().isEmpty()) {
            ArrayNode personas = root.putArray("personas");
            r.personas().forEach(personas::add);
        }
        if (r.scenarios().size() == 1) {
            root.put("scenarios", r.scenarios().get(0));
        } else if (r.scenarios().size() > 1) {
            ArrayNode ids = root.putArray("scenarios"); // one graph per run: the file's reader names the problem
            r.scenarios().forEach(ids::add);
        }
        ObjectNode load = root.putObject("load");
        load.put("peak", r.concurrency());
        putDuration(load, "rampUp", r.rampUp());
        putDuration(load, "hold", r.hold());
        putDuration(load, "rampDown", r.rampDown());
        ObjectNode agent = root.putObject("agent");
        r.agentDefinition().ifPresent(id -> agent.put("definition", id));
        r.target().ifPresent(url -> {
            ObjectNode connector = agent.putObject("connector");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            connector.put("kind", scheme.startsWith("ws") ? "ws" : "http");
            connector.put("url", url.toString());
            r.bearerTokenEnv().ifPresent(env -> connector.put("bearerTokenEnv", env));
        });
        if (agent.isEmpty()) {
            root.remove("agent");
        }
        if (!r.evalTemplates().isEmpty()) {
            ArrayNode rubrics = root.putObject("evaluation").putArray("rubrics");
            r.evalTemplates().forEach(rubrics::add);
        }
        root.put("out", out.toString());
        return root;
    }

    private static void putDuration(ObjectNode node, String key, Duration d) {
        if (!d.isZero()) {
            node.put(key, d.toMillis() + "ms");
        }
    }

    /** Builds a {@link CallstormApi}. */
    public static final class Builder {
        private final List<Path> catalog = new ArrayList<>();
        private Path outputRoot = Path.of("callstorm-out");
        private Function<String, String> environment = System::getenv;

        private Builder() {
        }

        /** Catalog files or folders the requests' ids are looked up in. */
        public Builder catalog(Path... filesOrFolders) {
            catalog.addAll(List.of(filesOrFolders));
            return this;
        }

        /** Where runs without an output directory of their own are written, each in a folder of its own. */
        public Builder outputRoot(Path dir) {
            this.outputRoot = dir;
            return this;
        }

        /** Where secrets named by variable are read; the process's environment unless set (tests). */
        public Builder environment(Function<String, String> environment) {
            this.environment = environment;
            return this;
        }

        public CallstormApi build() {
            return new CallstormApi(this);
        }
    }
}
