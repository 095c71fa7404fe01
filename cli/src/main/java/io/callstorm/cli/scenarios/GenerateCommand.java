package io.callstorm.cli.scenarios;

import io.callstorm.cli.config.CatalogFile;
import io.callstorm.cli.config.SimulationFile;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.eval.judge.LlmJudge;
import io.callstorm.eval.scenarios.ScenarioGenerationException;
import io.callstorm.eval.scenarios.ScenarioGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code callstorm scenarios generate}: a model proposes scenario paths for a description and an agent, Callstorm
 * checks them ({@link ScenarioGenerator}: one repair request, then a clear error) and writes a catalog file for a
 * person to review and commit. Runs then read that file, never the model. Exit codes: 0 written, 2 bad input (every
 * problem listed), 3 no valid graph after the repair or no answer from the endpoint (the problems listed), or the
 * file could not be written.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Ask a model (any OpenAI-compatible endpoint) for scenario paths, check them against the agent "
                + "and write them as a catalog file to review and commit.")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--description", required = true, paramLabel = "TEXT",
            description = "What callers want, in prose: the paths cover it.")
    String description;

    @Option(names = "--agent", required = true, paramLabel = "FILE", description = "The agent definition: a catalog "
            + "file with agents: (its only one, or --agent-name), or a simulation file with agent.definition.")
    Path agentFile;

    @Option(names = "--agent-name", paramLabel = "NAME", description = "Which agent of the catalog file.")
    String agentName;

    @Option(names = "--personas", split = ",", paramLabel = "IDS", description = "Who calls: built-in persona ids or "
            + "the catalog file's (default: the simulation file's personas, else none named to the model).")
    List<String> personaIds = new ArrayList<>();

    @Option(names = "--paths", paramLabel = "N", description = "How many paths (1-" + ScenarioGenerator.MAX_PATHS
            + ", default: " + ScenarioGenerator.DEFAULT_PATHS + ").")
    int paths = ScenarioGenerator.DEFAULT_PATHS;

    @Option(names = "--name", paramLabel = "NAME", description = "The graph's name (default: the output file's name).")
    String name;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The catalog file to write, e.g. "
            + "catalog/scenarios.yaml.")
    Path out;

    @Option(names = "--force", description = "Overwrite --out if it exists (a reviewed file is not replaced "
            + "silently).")
    boolean force;

    @Option(names = "--without-agent", description = "Leave the agent out of the file (when the catalog folder "
            + "already defines it); by default it is written beside the paths so that the file stands alone.")
    boolean withoutAgent;

    @Option(names = "--url", paramLabel = "URL", description = "The OpenAI-compatible base URL (default: "
            + LlmJudge.BASE_URL_ENV + ", else " + LlmJudge.DEFAULT_BASE_URL + "); the key comes from "
            + LlmJudge.API_KEY_ENV + ".")
    String url;

    @Option(names = "--model", paramLabel = "MODEL", description = "The model (default: " + LlmJudge.MODEL_ENV
            + ", else " + LlmJudge.DEFAULT_MODEL + ").")
    String model;

    @Spec
    CommandSpec spec;

    /** Where the key and endpoint defaults are read; the process environment unless a test sets it. */
    public Function<String, String> environment = System::getenv;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ScenarioGenerator.Builder builder;
        AgentDefinition agent;
        try {
            ProblemCollector p = new ProblemCollector();
            p.check(force || !Files.exists(out), "--out", out + " exists: review it, or pass --force to replace it");
            p.check(paths >= 1 && paths <= ScenarioGenerator.MAX_PATHS, "--paths", "must be between 1 and "
                    + ScenarioGenerator.MAX_PATHS + ", was " + paths);
            p.check(!description.isBlank(), "--description", "must not be blank");
            String key = environment.apply(LlmJudge.API_KEY_ENV);
            p.check(key != null && !key.isBlank(), LlmJudge.API_KEY_ENV, "is not set: the endpoint's API key comes "
                    + "from it (a local server that needs none accepts any value)");
            p.throwIfAny("options of scenarios generate");
            Inputs inputs = inputs();
            agent = inputs.agent();
            builder = ScenarioGenerator.builder(environment).description(description).agent(agent)
                    .personas(inputs.personas()).paths(paths).name(graphName());
            if (url != null) {
                builder.baseUrl(url);
            }
            if (model != null) {
                builder.model(model);
            }
        } catch (ConfigurationException | IOException e) {
            err.println(e.getMessage());
            return ScenariosCommand.EXIT_USAGE;
        }
        ScenarioGenerator built;
        try {
            built = builder.build();
        } catch (ConfigurationException e) {
            err.println(e.getMessage());
            return ScenariosCommand.EXIT_USAGE;
        }
        try (ScenarioGenerator generator = built) {
            PrintWriter console = spec.commandLine().getOut();
            console.printf("Asking %s for %d paths for the agent %s ...%n", generator.model(), paths, agent.name());
            console.flush();
            ScenarioGraph graph = generator.generate();
            String text = GeneratedCatalog.text(graph, withoutAgent ? Optional.empty() : Optional.of(agent), agent,
                    generator.model(), description);
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, text, StandardCharsets.UTF_8);
            console.printf("Wrote %d paths (%s) to %s: review them, then commit the file.%n", graph.paths().size(),
                    BranchCoverage.outcomes(graph), out);
            console.flush();
            return ScenariosCommand.EXIT_OK;
        } catch (ScenarioGenerationException e) {
            err.println("callstorm scenarios generate: " + e.getMessage());
            return ScenariosCommand.EXIT_RUN_FAILED;
        } catch (IOException e) {
            err.println("callstorm scenarios generate: cannot write " + out + ": " + e.getMessage());
            return ScenariosCommand.EXIT_RUN_FAILED;
        }
    }

    /** The agent and personas from {@code --agent}, {@code --agent-name} and {@code --personas}. */
    private Inputs inputs() throws IOException {
        if (CatalogFile.looksLikeCatalog(agentFile)) {
            CatalogFile catalog = CatalogFile.read(agentFile);
            AgentDefinition agent = catalog.agent(Optional.ofNullable(agentName));
            return new Inputs(agent, personaIds.isEmpty() ? List.of() : catalog.personas(personaIds));
        }
        SimulationFile simulation = SimulationFile.read(agentFile, new UnconnectedEnvironment(environment));
        ProblemCollector p = new ProblemCollector();
        p.check(agentName == null, "--agent-name", "names an agent of a catalog file; " + agentFile
                + " is a simulation file, whose agent is its agent.definition");
        List<Persona> personas = new ArrayList<>();
        for (String id : personaIds) {
            Optional<Persona> persona = Personas.byId(id.strip());
            if (p.check(persona.isPresent(), "--personas", "unknown persona \"" + id + "\": with a simulation file, "
                    + "name built-in personas (or leave --personas out to use the file's)")) {
                personas.add(persona.get());
            }
        }
        p.throwIfAny("options of scenarios generate");
        return new Inputs(simulation.agent(), personaIds.isEmpty() ? simulation.personas() : personas);
    }

    private String graphName() {
        if (name != null) {
            return name.strip();
        }
        String file = out.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        return file.isBlank() ? ScenarioGenerator.DEFAULT_NAME : file;
    }

    private record Inputs(AgentDefinition agent, List<Persona> personas) {
    }
}
