package io.callstorm.cli.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.callstorm.cli.CallstormCli;
import io.callstorm.cli.config.CatalogFile;
import io.callstorm.core.Outcome;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.ScenarioPath;
import io.callstorm.eval.judge.LlmJudge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code callstorm scenarios generate} and {@code show}, end to end: exit codes, what they print and write. */
class ScenariosCommandTest {
    /** The repository's root, from the cli module's folder where Maven runs its tests. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path BOOKING = ROOT.resolve("samples/simulations/booking");
    static final Path CLINIC = BOOKING.resolve("catalog/clinic.yaml");
    static final String PATH = "/v1/chat/completions";
    static final String KEY = "sk-scenarios-TOPSECRET-77aa01";
    static final ObjectMapper JSON = new ObjectMapper();

    static final String VALID = """
            {"paths": [
              {"id": "book-new", "name": "Book a check-up", "category": "booking", "expectedOutcome": "resolved",
               "steps": [
                 {"intent": "identify", "say": ["My patient number is {account}.", "It's {account}: I'm a patient."],
                  "tools": ["find_patient"]},
                 {"intent": "book", "say": ["I'd like a check-up next week."], "tools": ["list_slots", "book_slot"]},
                 {"intent": "close", "say": ["That's all: thanks!"]}]},
              {"id": "urgent-human", "category": "escalation", "expectedOutcome": "escalated",
               "steps": [{"intent": "urgent", "say": ["I need the front desk, # now."],
                          "tools": ["escalate_to_human"]}]}
            ]}""";
    static final String INVALID = """
            {"paths": [
              {"id": "refund", "category": "billing", "expectedOutcome": "ticket_created",
               "steps": [{"intent": "refund", "say": ["I want my money back."], "tools": ["refund_card"]}]},
              {"id": "refund", "category": "booking", "expectedOutcome": "resolved", "steps": []}
            ]}""";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    /** The scenarios command with {@code environment} as the process environment, as the CLI wires it. */
    static Result scenarios(Function<String, String> environment, String... args) {
        CommandLine cl = new CommandLine(new ScenariosCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K command = CommandLine.defaultFactory().create(type);
                if (command instanceof GenerateCommand generate) {
                    generate.environment = environment;
                }
                return command;
            }
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** The whole CLI, as {@code ./callstorm} runs it. */
    static Result cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = CallstormCli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static ResponseDefinitionBuilder answer(String content) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        return okJson(root.toString());
    }

    Function<String, String> environment() {
        return Map.of(LlmJudge.API_KEY_ENV, KEY, LlmJudge.BASE_URL_ENV, wm.baseUrl() + "/v1",
                LlmJudge.MODEL_ENV, "planner-model")::get;
    }

    Result generate(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", "--description",
                "Patients book clinic appointments;\nsome need the front desk.", "--agent", CLINIC.toString(),
                "--personas", "elderly,in-a-hurry", "--paths", "2", "--out", out.toString()));
        args.addAll(List.of(more));
        return scenarios(environment(), args.toArray(String[]::new));
    }

    @Test
    void generateWritesACatalogFileThatTheCatalogReaderAcceptsAndShowReads() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(answer(VALID)));
        Path out = dir.resolve("catalog/clinic-generated.yaml");

        Result r = generate(out);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines()).containsExactly(
                "Asking planner-model for 2 paths for the agent booking_agent_v3 ...",
                "Wrote 2 paths (1 resolved, 1 escalated) to " + out + ": review them, then commit the file.");
        String text = Files.readString(out);
        assertThat(text).startsWith("# Generated by 'callstorm scenarios generate' with the model planner-model,")
                .contains("A person should review it", "# Description: Patients book clinic appointments;\n"
                        + "# some need the front desk.\n")
                .doesNotContain(KEY);

        CatalogFile written = CatalogFile.read(out);
        AgentDefinition agent = written.agent(Optional.empty());
        assertThat(agent.name()).isEqualTo("booking_agent_v3");
        assertThat(agent.tools()).isEqualTo(CatalogFile.read(CLINIC).agent(Optional.empty()).tools());
        ScenarioGraph graph = written.scenarios(Optional.empty(), agent);
        assertThat(graph.name()).isEqualTo("clinic-generated");
        assertThat(graph.description()).isEqualTo("Patients book clinic appointments;\nsome need the front desk.");
        assertThat(graph.paths()).extracting(ScenarioPath::id).containsExactly("book-new", "urgent-human");
        ScenarioPath book = graph.paths().get(0);
        assertThat(book.name()).isEqualTo("Book a check-up");
        assertThat(book.expectedOutcome()).isEqualTo(Outcome.RESOLVED);
        assertThat(book.steps().get(0).phrasings()).containsExactly("My patient number is {account}.",
                "It's {account}: I'm a patient.");
        assertThat(book.steps().get(2).expectedToolCalls()).isEmpty();
        assertThat(graph.paths().get(1).steps().get(0).phrasings()).containsExactly("I need the front desk, # now.");
        assertThat(schemaErrors(out)).isEmpty();

        Result show = scenarios(environment(), "show", out.toString(), "--rows", "10000", "--personas",
                "elderly,in-a-hurry");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.outLines().get(0)).isEqualTo("clinic-generated: 2 paths x 2 personas, 10,000 rows from "
                + "seed 1 (catalog file " + out + ")");
    }

    @Test
    void theSameAnswerWritesTheSameBytes() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(answer(VALID)));
        Path a = dir.resolve("a/scenarios.yaml");
        Path b = dir.resolve("b/scenarios.yaml");

        assertThat(generate(a).exitCode()).isZero();
        assertThat(generate(b).exitCode()).isZero();

        assertThat(Files.readString(a)).isEqualTo(Files.readString(b));
    }

    @Test
    void withoutAgentTheFileHoldsOnlyTheScenarios() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(answer(VALID)));
        Path out = dir.resolve("scenarios.yaml");

        assertThat(generate(out, "--without-agent").exitCode()).isZero();

        CatalogFile written = CatalogFile.read(out);
        assertThat(written.ids("agents")).isEmpty();
        assertThat(written.scenarios(Optional.empty(), CatalogFile.read(CLINIC).agent(Optional.empty())).paths())
                .hasSize(2);
    }

    @Test
    void aSimulationFileGivesTheAgentAndThePersonasWithoutItsConnectorSecret() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(answer(VALID)));
        Path out = dir.resolve("scenarios.yaml");

        // the booking sample's connector reads BOOKING_AGENT_TOKEN, which is not set: nothing connects to the agent
        Result r = scenarios(environment(), "generate", "--description", "Patients book.", "--agent",
                BOOKING.resolve("simulation.yaml").toString(), "--paths", "2", "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        String ask = JSON.readTree(wm.findAll(postRequestedFor(urlEqualTo(PATH))).get(0).getBodyAsString())
                .path("messages").path(1).path("content").asText();
        assertThat(ask).contains("The agent: booking_agent_v3", "- maria:", "- elderly:", "- sam:");
        assertThat(Files.readString(out)).doesNotContain(UnconnectedEnvironment.STAND_IN);
    }

    @Test
    void aModelThatCannotRepairItsAnswerFailsTheRunListingTheProblems() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(answer(INVALID)));
        Path out = dir.resolve("scenarios.yaml");

        Result r = generate(out);

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).startsWith("callstorm scenarios generate: the model planner-model gave no valid scenario "
                + "graph in 2 answers")
                .contains("paths[0].steps[0].tools[0]: unknown tool \"refund_card\"",
                        "paths[0].expectedOutcome: ticket_created is unreachable",
                        "paths[1].id: duplicates an earlier path id \"refund\"",
                        "paths[1].steps: must be a non-empty list of steps");
        assertThat(out).doesNotExist();
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void badInputExitsTwoWithEveryProblemAndAsksNoModel() throws Exception {
        Path existing = Files.writeString(dir.resolve("reviewed.yaml"), "scenarios: []\n");

        Result r = scenarios(Map.<String, String>of()::get, "generate", "--description", " ", "--agent",
                CLINIC.toString(), "--paths", "0", "--out", existing.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--out: " + existing + " exists", "--paths: must be between 1 and 50, was 0",
                "--description: must not be blank", LlmJudge.API_KEY_ENV + ": is not set");
        assertThat(Files.readString(existing)).isEqualTo("scenarios: []\n");

        Result unknown = scenarios(environment(), "generate", "--description", "Book.", "--agent", CLINIC.toString(),
                "--personas", "nobody", "--out", dir.resolve("new.yaml").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown persona or persona set \"nobody\"");
        wm.verify(0, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void showSpreadsTheBookingSampleOverPathsPersonasAndOutcomes() {
        Result r = cli("scenarios", "show", BOOKING.resolve("simulation.yaml").toString(), "--rows", "10000");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.outLines();
        assertThat(lines.get(0)).isEqualTo("clinic-booking: 3 paths x 3 personas, 10,000 rows from seed 7 "
                + "(simulation file " + BOOKING.resolve("simulation.yaml") + ")");
        assertThat(lines.get(1)).startsWith("Peak bucket: 481-500 concurrent calls; ");
        assertThat(lines).anyMatch(l -> l.matches("book-new +resolved +3,33[34] +33\\.3%.*"))
                .anyMatch(l -> l.matches("urgent-human +escalated +3,33[34] +33\\.3%.*"))
                .anyMatch(l -> l.matches("maria +3,33[34] +33\\.3%"))
                .anyMatch(l -> l.matches("resolved +6,66[67] +66\\.7% +2"))
                .anyMatch(l -> l.matches("ticket_created +0 +0\\.0% +0"))
                .contains("Every path has enough calls at the peak bucket to measure a pass rate (95% interval "
                        + "within ±10 points at 80%).");
    }

    @Test
    void showFlagsPathsTooThinAtThePeak() {
        Result r = cli("scenarios", "show", CLINIC.toString(), "--rows", "150", "--personas", "elderly,confused");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines()).contains(
                "No load profile: every row counts as a call at the peak bucket (show a simulation file for the "
                        + "peak's share)",
                "3 of 3 paths too thin at the peak bucket (a pass rate of 80% on their calls there has a 95% "
                        + "interval wider than ±10 points):",
                "  ! book-new: 50.0 calls expected at the peak; about 180 rows would give it enough");
    }

    @Test
    void showRefusesBadInputWithExitTwo() {
        Result missing = cli("scenarios", "show", dir.resolve("nope.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(2);

        Result rows = cli("scenarios", "show", CLINIC.toString(), "--rows", "0", "--scenarios", "nope");
        assertThat(rows.exitCode()).isEqualTo(2);
        assertThat(rows.err()).contains("no scenario graph \"nope\" in the catalog");

        Result options = cli("scenarios", "show", BOOKING.resolve("simulation.yaml").toString(), "--personas",
                "elderly");
        assertThat(options.exitCode()).isEqualTo(2);
        assertThat(options.err()).contains("--personas: is for a catalog file");
    }

    private static List<String> schemaErrors(Path file) throws Exception {
        String base = "https://callstorm.io/schema/";
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(Map.of(base + "catalog.schema.json",
                        readUnchecked(ROOT.resolve("docs/schema/catalog.schema.json")),
                        base + "simulation.schema.json",
                        readUnchecked(ROOT.resolve("docs/schema/simulation.schema.json")))));
        Schema schema = registry.getSchema(SchemaLocation.of(base + "catalog.schema.json"));
        return schema.validate(new ObjectMapper(new YAMLFactory()).readTree(file.toFile())).stream()
                .map(Error::toString).toList();
    }

    private static String readUnchecked(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
