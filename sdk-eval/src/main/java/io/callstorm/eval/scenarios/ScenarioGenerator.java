package io.callstorm.eval.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.secret.Secrets;
import io.callstorm.core.validation.HeaderSyntax;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.eval.http.EvalHttpException;
import io.callstorm.eval.http.ResilienceConfig;
import io.callstorm.eval.internal.http.ChatCompletionClient;
import io.callstorm.eval.internal.http.ChatCompletionClient.Message;
import io.callstorm.eval.judge.LlmJudge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Scenario paths proposed by a model from a description, checked before anyone runs them. The model (any
 * OpenAI-compatible chat-completions endpoint, with the judge's settings) is asked for strict JSON: paths with
 * steps, what the caller says, the tools a correct agent calls and the outcome it reaches. The answer is checked
 * against the agent definition (unknown tools, outcomes that are not allowed or that the path's own tools cannot
 * reach, empty steps or phrasings, duplicate ids, the number of paths); an answer with problems is sent back once
 * with every problem listed, and a second bad answer throws {@link ScenarioGenerationException} naming them.
 *
 * <p>The graph is meant to be written out, reviewed and committed (the CLI's {@code scenarios generate} does so),
 * so that runs are reproducible without the model: rows are expanded locally from a seed, never by the model.
 * Settings not given come from the environment like the judge's: {@value LlmJudge#BASE_URL_ENV},
 * {@value LlmJudge#MODEL_ENV} and {@value LlmJudge#API_KEY_ENV}; the key never appears in a message or log line.
 *
 * <pre>{@code
 * try (ScenarioGenerator generator = ScenarioGenerator.builder()
 *         .description("Patients book, move and cancel clinic appointments; some need the front desk.")
 *         .agent(bookingAgent)
 *         .personas(List.of(Personas.get("elderly"), Personas.get("in-a-hurry")))
 *         .paths(6)
 *         .build()) {
 *     ScenarioGraph graph = generator.generate();   // or ScenarioGenerationException listing every problem
 * }
 * }</pre>
 */
public final class ScenarioGenerator implements AutoCloseable {
    /** Answers asked for: the first and one repair. */
    public static final int ATTEMPTS = 2;
    /** Paths asked for unless set. */
    public static final int DEFAULT_PATHS = 8;
    /** The most paths one request may ask for: more would not fit one answer of most models. */
    public static final int MAX_PATHS = 50;
    /** The graph's name unless set. */
    public static final String DEFAULT_NAME = "generated";

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioGenerator.class);

    private final ChatCompletionClient client;
    private final String description;
    private final AgentDefinition agent;
    private final List<Persona> personas;
    private final int paths;
    private final String name;
    private final ObjectMapper mapper = new ObjectMapper();

    private ScenarioGenerator(Builder b, String baseUrl, String model, String apiKey) {
        this.client = new ChatCompletionClient("scenario generator", baseUrl, model, apiKey, b.resilience);
        this.description = b.description.strip();
        this.agent = b.agent;
        this.personas = List.copyOf(b.personas);
        this.paths = b.paths;
        this.name = b.name;
    }

    /** A builder reading unset endpoint settings from the environment. */
    public static Builder builder() {
        return new Builder(System::getenv);
    }

    /** A builder reading unset endpoint settings from {@code environment} instead of the process environment. */
    public static Builder builder(Function<String, String> environment) {
        return new Builder(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Asks the model for the paths, checks its answer and, when it has problems, asks once more with them listed.
     *
     * @return a graph named as built, with the description, whose every path passed the checks
     * @throws ScenarioGenerationException when the second answer has problems too (all of them listed), or when the
     *                                     endpoint cannot be reached (after the configured retries)
     */
    public ScenarioGraph generate() {
        List<Message> messages = new ArrayList<>(List.of(Message.system(GenerationPrompt.SYSTEM),
                Message.user(GenerationPrompt.request(description, agent, personas, paths))));
        GraphAnswer reader = new GraphAnswer(agent, paths);
        List<Problem> problems = List.of();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            String content = content(ask(messages));
            ProblemCollector p = new ProblemCollector();
            Optional<ScenarioGraph> graph = reader.read(content, name, description, p);
            if (graph.isPresent()) {
                LOG.debug("scenario generator: a valid graph of {} paths on attempt {}", paths, attempt);
                return graph.get();
            }
            problems = p.problems();
            LOG.debug("scenario generator: {} problems on attempt {} of {}", problems.size(), attempt, ATTEMPTS);
            messages.add(Message.assistant(content));
            messages.add(Message.user(GenerationPrompt.repair(problems)));
        }
        throw new ScenarioGenerationException("the model " + client.model() + " gave no valid scenario graph in "
                + ATTEMPTS + " answers (the second was asked to repair the first); the last answer's problems",
                problems);
    }

    /** The model the generator asks, e.g. for a header saying which model wrote a file. */
    public String model() {
        return client.model();
    }

    /** Releases the HTTP client's threads and connections. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "ScenarioGenerator{endpoint=" + client.endpoint() + ", model=" + client.model() + ", apiKey="
                + client.maskedKey() + ", agent=" + agent.name() + ", paths=" + paths + "}";
    }

    private String ask(List<Message> messages) {
        try {
            return client.complete(messages);
        } catch (EvalHttpException e) {
            throw new ScenarioGenerationException("the call to the model " + client.model() + " at "
                    + client.endpoint() + " failed: " + client.redactor().redact(String.valueOf(e.getMessage())),
                    List.of());
        }
    }

    /** The answer's {@code choices[0].message.content}; a response without one is an answer with that problem. */
    private String content(String body) {
        try {
            JsonNode content = mapper.readTree(body).path("choices").path(0).path("message").path("content");
            if (content.isTextual()) {
                return content.asText();
            }
        } catch (Exception e) {
            // not JSON: reported below like any answer without content
        }
        throw new ScenarioGenerationException("the endpoint " + client.endpoint() + " answered without "
                + "choices[0].message.content: is it an OpenAI-compatible chat-completions API?", List.of());
    }

    /** Builder; endpoint settings not set are read from the environment when {@link #build()} runs. */
    public static final class Builder {
        private final Function<String, String> environment;
        private String description;
        private AgentDefinition agent;
        private List<Persona> personas = List.of();
        private int paths = DEFAULT_PATHS;
        private String name = DEFAULT_NAME;
        private String baseUrl;
        private String model;
        private String apiKey;
        private ResilienceConfig resilience = ResilienceConfig.defaults();

        private Builder(Function<String, String> environment) {
            this.environment = environment;
        }

        /** What callers want, in prose: the model writes paths covering it. Required. */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** The agent under test: the tools paths may expect. Required. */
        public Builder agent(AgentDefinition agent) {
            this.agent = Objects.requireNonNull(agent, "agent");
            return this;
        }

        /** Who calls, so that phrasings suit them; none unless set. */
        public Builder personas(List<Persona> personas) {
            this.personas = List.copyOf(Objects.requireNonNull(personas, "personas"));
            return this;
        }

        /** How many paths to ask for, 1 to {@value #MAX_PATHS}; {@value #DEFAULT_PATHS} unless set. */
        public Builder paths(int paths) {
            this.paths = paths;
            return this;
        }

        /** The graph's name; {@value #DEFAULT_NAME} unless set. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Base URL of the OpenAI-compatible API; else {@value LlmJudge#BASE_URL_ENV}, else OpenAI's. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The model; else {@value LlmJudge#MODEL_ENV}, else {@value LlmJudge#DEFAULT_MODEL}. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The API key; else {@value LlmJudge#API_KEY_ENV}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            return this;
        }

        /** Timeouts, retries and protections; {@link ResilienceConfig#defaults()} unless set. */
        public Builder resilience(ResilienceConfig resilience) {
            this.resilience = Objects.requireNonNull(resilience, "resilience");
            return this;
        }

        /**
         * Builds the generator.
         *
         * @throws io.callstorm.core.validation.ConfigurationException listing every problem: no description or
         *                                                             agent, a path count out of range, a blank
         *                                                             name or model, no key, a URL that is not one
         */
        public ScenarioGenerator build() {
            String url = orDefault(baseUrl, environment.apply(LlmJudge.BASE_URL_ENV), LlmJudge.DEFAULT_BASE_URL);
            String m = orDefault(model, environment.apply(LlmJudge.MODEL_ENV), LlmJudge.DEFAULT_MODEL);
            String key = apiKey != null ? apiKey : environment.apply(LlmJudge.API_KEY_ENV);
            ProblemCollector p = new ProblemCollector();
            p.check(description != null && !description.isBlank(), "description",
                    "is required: what callers want, in a sentence or a paragraph");
            p.check(agent != null, "agent", "is required: the agent definition whose tools the paths expect");
            p.check(paths >= 1 && paths <= MAX_PATHS, "paths", "must be between 1 and " + MAX_PATHS + ", was "
                    + paths);
            p.check(!name.isBlank(), "name", "must not be blank");
            p.check(!m.isBlank(), "model", "must not be blank");
            p.check(ChatCompletionClient.isHttpUrl(url), "baseUrl", "must be an http(s) URL, was \"" + url + "\"");
            if (p.check(key != null && !key.isBlank(), "apiKey", "is required: set " + LlmJudge.API_KEY_ENV
                    + " or apiKey(...) (a local server that needs none accepts any value)")) {
                Secrets.register(key); // masked everywhere from now on, whatever else fails
                HeaderSyntax.valueProblem(key).ifPresent(problem -> p.add("apiKey", problem));
            }
            p.throwIfAny("scenario generator");
            return new ScenarioGenerator(this, url, m, key);
        }

        private static String orDefault(String set, String fromEnvironment, String fallback) {
            if (set != null) {
                return set.strip();
            }
            return fromEnvironment == null || fromEnvironment.isBlank() ? fallback : fromEnvironment.strip();
        }
    }
}
