package io.callstorm.eval.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.callstorm.core.Outcome;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.ScenarioPath;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.eval.TestFixtures;
import io.callstorm.eval.judge.LlmJudge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioGeneratorTest {
    static final String PATH = "/v1/chat/completions";
    static final ObjectMapper JSON = new ObjectMapper();
    static final AgentDefinition BOOKING = AgentDefinition.builder("booking_agent_v3")
            .behaviour("Books, moves and cancels clinic appointments.")
            .tool("find_patient", "Looks a patient up by number.")
            .tool("list_slots", "Free slots of a doctor on a day.")
            .tool("book_slot", "Books a slot.")
            .tool("escalate_to_human", "Hands the call to the front desk.")
            .constraint("Never gives medical advice.")
            .build();

    static final String VALID = """
            {"paths": [
              {"id": "book-new", "name": "Book a check-up", "category": "booking", "expectedOutcome": "resolved",
               "steps": [
                 {"intent": "identify", "say": ["My patient number is {account}."], "tools": ["find_patient"]},
                 {"intent": "book", "say": ["I'd like a check-up next week.", "Can I see Dr Osei?"],
                  "tools": ["list_slots", "book_slot"]}]},
              {"id": "urgent-human", "category": "escalation", "expectedOutcome": "escalated",
               "steps": [{"intent": "urgent", "say": "I need the front desk now.", "tools": ["escalate_to_human"]}]}
            ]}""";

    /** Four problems at once: an unknown tool, an unreachable outcome, a step with no phrasing, a repeated id. */
    static final String INVALID = """
            {"paths": [
              {"id": "refund", "category": "billing", "expectedOutcome": "ticket_created",
               "steps": [{"intent": "refund", "say": ["I want my money back."], "tools": ["refund_card"]}]},
              {"id": "refund", "category": "booking", "expectedOutcome": "resolved",
               "steps": [{"intent": "book", "say": [], "tools": ["book_slot"]}]}
            ]}""";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    ScenarioGenerator generator;

    @AfterEach
    void close() {
        if (generator != null) {
            generator.close();
        }
    }

    ScenarioGenerator generator(int paths) {
        generator = ScenarioGenerator.builder(Map.<String, String>of()::get)
                .baseUrl(wm.baseUrl() + "/v1/")
                .model("planner-model")
                .apiKey(TestFixtures.JUDGE_KEY)
                .resilience(TestFixtures.fastResilience().build())
                .description("Patients book clinic appointments; some need the front desk.")
                .agent(BOOKING)
                .personas(List.of(Personas.get("elderly"), Personas.get("in-a-hurry")))
                .paths(paths)
                .name("clinic-generated")
                .build();
        return generator;
    }

    static ResponseDefinitionBuilder answer(String content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "planner-model");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        return okJson(root.toString());
    }

    /** Responses in order, then the last one for ever. */
    static void sequence(ResponseDefinitionBuilder... responses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < responses.length; i++) {
            ScenarioMappingBuilder m = post(urlEqualTo(PATH)).inScenario("seq").whenScenarioStateIs(state)
                    .willReturn(responses[i]);
            String next = i + 1 < responses.length ? "step-" + (i + 1) : state;
            if (!next.equals(state)) {
                m = m.willSetStateTo(next);
            }
            wm.stubFor(m);
            state = next;
        }
    }

    static List<JsonNode> requests() throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (LoggedRequest r : wm.findAll(postRequestedFor(urlEqualTo(PATH)))) {
            out.add(JSON.readTree(r.getBodyAsString()));
        }
        return out;
    }

    @Test
    void aValidFirstAnswerIsTheGraphAskedForStrictJsonOnce() throws Exception {
        sequence(answer(VALID));

        ScenarioGraph graph = generator(2).generate();

        assertThat(graph.name()).isEqualTo("clinic-generated");
        assertThat(graph.description()).startsWith("Patients book clinic appointments");
        assertThat(graph.paths()).extracting(ScenarioPath::id).containsExactly("book-new", "urgent-human");
        ScenarioPath book = graph.paths().get(0);
        assertThat(book.name()).isEqualTo("Book a check-up");
        assertThat(book.expectedOutcome()).isEqualTo(Outcome.RESOLVED);
        assertThat(book.expectedToolCalls()).containsExactly("find_patient", "list_slots", "book_slot");
        assertThat(book.steps().get(1).phrasings()).hasSize(2);
        assertThat(graph.paths().get(1).steps().get(0).phrasings()).containsExactly("I need the front desk now.");

        wm.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + TestFixtures.JUDGE_KEY)));
        JsonNode request = requests().get(0);
        assertThat(request.path("model").asText()).isEqualTo("planner-model");
        assertThat(request.path("temperature").asInt()).isZero();
        assertThat(request.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(request.path("messages")).hasSize(2);
        String ask = request.path("messages").path(1).path("content").asText();
        assertThat(ask).contains("exactly 2 paths", "find_patient: Looks a patient up by number.",
                "escalate_to_human", "Never gives medical advice.", "- elderly:", "- in-a-hurry:");
    }

    @Test
    void anInvalidAnswerIsSentBackWithEveryProblemAndTheRepairIsUsed() throws Exception {
        sequence(answer(INVALID), answer(VALID));

        ScenarioGraph graph = generator(2).generate();

        assertThat(graph.paths()).extracting(ScenarioPath::id).containsExactly("book-new", "urgent-human");
        List<JsonNode> requests = requests();
        assertThat(requests).hasSize(2);
        JsonNode repair = requests.get(1).path("messages");
        assertThat(repair).hasSize(4);
        assertThat(repair.path(2).path("role").asText()).isEqualTo("assistant");
        assertThat(repair.path(2).path("content").asText()).isEqualTo(INVALID);
        assertThat(repair.path(3).path("role").asText()).isEqualTo("user");
        assertThat(repair.path(3).path("content").asText()).contains(
                "paths[0].steps[0].tools[0]: unknown tool \"refund_card\"",
                "paths[0].expectedOutcome: ticket_created is unreachable",
                "paths[1].id: duplicates an earlier path id \"refund\"",
                "paths[1].steps[0].say: must hold at least one phrasing");
    }

    @Test
    void aSecondInvalidAnswerIsAClearErrorNamingEveryProblem() {
        sequence(answer(INVALID), answer("Sure! Here are your scenarios: book, cancel."));
        ScenarioGenerator g = generator(2);

        assertThatThrownBy(g::generate).isInstanceOfSatisfying(ScenarioGenerationException.class, e -> {
            assertThat(e.getMessage()).startsWith("the model planner-model gave no valid scenario graph in 2 answers")
                    .contains("(answer): is not JSON: \"Sure! Here are your scenarios: book, cancel.\"");
            assertThat(e.problems()).hasSize(1);
        });
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void twoAnswersWithTheSameProblemsListThemAll() {
        sequence(answer(INVALID));

        assertThatThrownBy(generator(2)::generate).isInstanceOfSatisfying(ScenarioGenerationException.class,
                e -> assertThat(e.problems()).extracting(p -> p.path()).containsExactlyInAnyOrder(
                        "paths[0].steps[0].tools[0]", "paths[0].expectedOutcome", "paths[1].id",
                        "paths[1].steps[0].say"));
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void outcomesMustBeReachableByThePathsOwnTools() {
        GraphAnswer reader = new GraphAnswer(BOOKING, 3);
        io.callstorm.core.validation.ProblemCollector p = new io.callstorm.core.validation.ProblemCollector();
        reader.read("""
                {"paths": [
                  {"id": "a", "category": "x", "expectedOutcome": "escalated",
                   "steps": [{"intent": "i", "say": "s", "tools": ["find_patient"]}]},
                  {"id": "b", "category": "x", "expectedOutcome": "resolved",
                   "steps": [{"intent": "i", "say": "s", "tools": ["escalate_to_human"]}]},
                  {"id": "c", "category": "x", "expectedOutcome": "unresolved", "mood": "sad",
                   "steps": [{"intent": "i", "say": "s"}]}
                ], "notes": "extra"}""", "g", "", p);

        assertThat(p.problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                "notes: is not expected: the answer holds only \"paths\"",
                "paths[0].expectedOutcome: escalated is unreachable: no step of the path expects escalate_to_human",
                "paths[1].expectedOutcome: resolved contradicts the path's expected escalate_to_human call, which "
                        + "makes the outcome escalated",
                "paths[2].mood: is not expected; allowed: category, expectedOutcome, id, name, steps",
                "paths[2].expectedOutcome: must be one of resolved, ticket_created, escalated, was \"unresolved\"");
    }

    @Test
    void aPathCountOtherThanAskedIsAProblem() {
        sequence(answer(VALID));

        assertThatThrownBy(generator(3)::generate).isInstanceOf(ScenarioGenerationException.class)
                .hasMessageContaining("paths: must hold exactly 3 paths, held 2");
    }

    @Test
    void aFailedCallIsAnErrorWithoutTheKey() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(401)
                .withBody("bad key " + TestFixtures.JUDGE_KEY)));

        assertThatThrownBy(generator(2)::generate).isInstanceOf(ScenarioGenerationException.class)
                .hasMessageStartingWith("the call to the model planner-model at")
                .hasMessageNotContaining(TestFixtures.JUDGE_KEY);
    }

    @Test
    void theBuilderListsEveryProblemAtOnce() {
        assertThatThrownBy(() -> ScenarioGenerator.builder(Map.<String, String>of()::get).paths(0)
                .baseUrl("not a url").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path())
                        .containsExactly("description", "agent", "paths", "baseUrl", "apiKey"));
    }

    @Test
    void settingsComeFromTheJudgesEnvironmentVariables() {
        sequence(answer(VALID));
        Map<String, String> env = Map.of(LlmJudge.BASE_URL_ENV, wm.baseUrl() + "/v1", LlmJudge.MODEL_ENV, "env-model",
                LlmJudge.API_KEY_ENV, TestFixtures.JUDGE_KEY);
        generator = ScenarioGenerator.builder(env::get).description("Book.").agent(BOOKING).paths(2)
                .resilience(TestFixtures.fastResilience().build()).build();

        assertThat(generator.generate().name()).isEqualTo(ScenarioGenerator.DEFAULT_NAME);
        assertThat(generator.model()).isEqualTo("env-model");
        assertThat(generator.toString()).doesNotContain(TestFixtures.JUDGE_KEY);
    }
}
