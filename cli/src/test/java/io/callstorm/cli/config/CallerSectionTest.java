package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callstorm.core.scenario.ScenarioStep;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.callers.CallerMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code callers:} section and a step's {@code sayByLanguage:}, read and checked. */
class CallerSectionTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> ENV = Map.of("CALLER_KEY", "sk-caller-test-1234567890");

    private static JsonNode yaml(String text) throws Exception {
        return YAML.readTree(text);
    }

    @Test
    void improvisingCallersWithTheirBounds() throws Exception {
        ProblemCollector p = new ProblemCollector();
        CallerSection.Spec spec = CallerSection.read(yaml("""
                mode: improvising
                model: {baseUrl: "http://127.0.0.1:9/v1", name: small-model, apiKeyEnv: CALLER_KEY, temperature: 0.3}
                tokenBudgetPerCall: 3000
                maxConcurrentRequests: 16
                maxQueuedRequests: 0
                requestTimeout: 4s
                cacheSize: 500
                maxRequests: 200
                """), "callers", ENV::get, p);

        assertThat(p.problems()).isEmpty();
        assertThat(spec.improvising()).isTrue();
        try (CallerSection.Callers callers = spec.open()) {
            CallerMode mode = callers.mode();
            assertThat(mode.improvises()).isTrue();
            assertThat(mode.model().orElseThrow().describe()).isEqualTo("small-model");
            assertThat(mode.tokenBudgetPerCall()).isEqualTo(3000);
            assertThat(mode.maxConcurrentRequests()).isEqualTo(16);
            assertThat(mode.maxQueuedRequests()).isZero();
            assertThat(mode.requestTimeout()).isEqualTo(Duration.ofSeconds(4));
            assertThat(mode.cacheSize()).isEqualTo(500);
            assertThat(mode.maxRequests()).isEqualTo(200);
            assertThat(mode.maxTokensPerTurn()).isEqualTo(CallerMode.DEFAULT_MAX_TOKENS_PER_TURN);
        }
    }

    @Test
    void absentOrScriptedIsScripted() throws Exception {
        ProblemCollector p = new ProblemCollector();
        assertThat(CallerSection.read(null, "callers", ENV::get, p).open().mode()).isSameAs(CallerMode.scripted());
        assertThat(CallerSection.read(yaml("mode: scripted"), "callers", ENV::get, p).improvising()).isFalse();
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void everyProblemIsListedUnderItsKey() throws Exception {
        ProblemCollector p = new ProblemCollector();
        CallerSection.read(yaml("""
                mode: improvising
                model: {baseUrl: "ftp://x", apiKeyEnv: NOT_SET, temperature: 3}
                tokenBudgetPerCall: 0
                maxConcurrentRequests: 1000
                requestTimeout: soon
                cacheSize: many
                maxRequest: 5
                """), "callers", ENV::get, p);

        assertThat(p.problems()).extracting(Problem::path).contains("callers.model.baseUrl", "callers.model.name",
                "callers.model.apiKeyEnv", "callers.model.temperature", "callers.tokenBudgetPerCall",
                "callers.maxConcurrentRequests", "callers.requestTimeout", "callers.cacheSize", "callers.maxRequest");
        assertThat(p.problems().toString()).contains("NOT_SET is not set")
                .contains("must be between 1 and 256, was 1000");
    }

    @Test
    void theModeMustBeKnownAndBoundsNeedImprovising() throws Exception {
        ProblemCollector p = new ProblemCollector();
        CallerSection.read(yaml("mode: improvized"), "callers", ENV::get, p);
        CallerSection.read(yaml("{mode: scripted, cacheSize: 10}"), "callers", ENV::get, p);
        CallerSection.read(yaml("mode: improvising"), "callers", ENV::get, p);
        assertThat(p.problems()).extracting(Problem::path)
                .containsExactly("callers.mode", "callers.cacheSize", "callers.model");
    }

    @Test
    void phrasingsByLanguage() throws Exception {
        ProblemCollector p = new ProblemCollector();
        ScenarioStep step = CallerSection.withLanguages(yaml("""
                es: "Mi número de cuenta es {account}."
                hi-IN: ["मेरा खाता नंबर {account} है।", "खाता नंबर {account}."]
                """), "steps[0].sayByLanguage", ScenarioStep.of("identify", "My account number is {account}."), p);
        assertThat(p.problems()).isEmpty();
        assertThat(step.phrasingsFor("es-MX")).containsExactly("Mi número de cuenta es {account}.");
        assertThat(step.phrasingsFor("hi-IN")).hasSize(2);

        CallerSection.withLanguages(yaml("{Spanish: hola, hi: [], es: [\" \"]}"), "s", ScenarioStep.of("i", "x"), p);
        assertThat(p.problems()).extracting(Problem::path).containsExactly("s.Spanish", "s.hi", "s.es[0]");
        assertThat(CallerSection.withLanguages(null, "s", ScenarioStep.of("i", "x"), p))
                .isEqualTo(ScenarioStep.of("i", "x"));
    }

    @Test
    void theMultilingualSampleReadsWithoutAProblem() throws Exception {
        JsonNode sample = YAML.readTree(SampleFilesTest.ROOT.resolve("samples/simulations/multilingual/support-desk-multilingual.yaml")
                .toFile());
        ProblemCollector p = new ProblemCollector();
        assertThat(CallerSection.read(sample.get("callers"), "callers", name -> "key-of-" + name, p).improvising())
                .isTrue();
        int languages = 0;
        for (JsonNode path : sample.path("scenarios").path("paths")) {
            for (JsonNode step : path.path("steps")) {
                ScenarioStep read = CallerSection.withLanguages(step.get("sayByLanguage"), "sayByLanguage",
                        ScenarioStep.of(step.get("intent").asText(), "x"), p);
                assertThat(read.phrasingsByLanguage()).containsOnlyKeys("es", "hi");
                languages += read.phrasingsByLanguage().size();
            }
        }
        assertThat(p.problems()).isEmpty();
        assertThat(languages).isEqualTo(16);
    }

    @Test
    void theKeyIsNeverInTheSpec() throws Exception {
        ProblemCollector p = new ProblemCollector();
        CallerSection.Spec spec = CallerSection.read(yaml("""
                mode: improvising
                model: {baseUrl: "http://127.0.0.1:9/v1", name: m, apiKeyEnv: CALLER_KEY}
                """), "callers", ENV::get, p);
        try (CallerSection.Callers callers = spec.open()) {
            assertThat(callers.mode().toString() + callers.model().orElseThrow())
                    .doesNotContain(ENV.get("CALLER_KEY"));
        }
        assertThat(List.of(p.problems())).allMatch(List::isEmpty);
    }
}
