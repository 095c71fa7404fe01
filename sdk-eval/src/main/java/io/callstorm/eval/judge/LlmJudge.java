package io.callstorm.eval.judge;

import io.callstorm.core.secret.Secrets;
import io.callstorm.core.validation.HeaderSyntax;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalInput;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.EvalStatus;
import io.callstorm.eval.EvalUsage;
import io.callstorm.eval.EvaluationCosts;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.InputKey;
import io.callstorm.eval.MissingInputException;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.http.CircuitState;
import io.callstorm.eval.http.EvalHttpException;
import io.callstorm.eval.http.ResilienceConfig;
import io.callstorm.eval.internal.http.Redactor;
import io.callstorm.eval.internal.http.ChatCompletionClient;
import io.callstorm.eval.internal.http.ChatCompletionClient.Message;
import io.callstorm.eval.template.RubricTemplate;
import io.callstorm.eval.template.TemplateRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * LLM-as-judge over any OpenAI-compatible chat-completions endpoint ({@code POST {baseUrl}/chat/completions}):
 * OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM and the like. Each {@linkplain RubricTemplate template}'s prompt is
 * filled from the evaluation inputs and sent at temperature 0 with {@code response_format} {@code json_object};
 * the answer must be exactly {@code {"passed": boolean, "score": number 0..1, "reason": string}}, with, on a fail,
 * an optional {@code "turn"}: the 0-based index, among the transcript's lines (one per turn, caller and agent
 * counted), of the turn where the rubric failed. A valid turn becomes the result's
 * {@link EvalResult#failingTurn() failing turn}; a turn that is absent, null, not a whole number, negative, past
 * the last turn of the conversation, or given with a pass is ignored, never an error. A malformed
 * verdict (not JSON, a field missing or of the wrong type, an extra field, a score out of range) is asked for
 * once more, then recorded as an {@linkplain EvalStatus#ERROR error}: never as a pass. A call that fails (401,
 * retries exhausted, circuit open) is an error too; evaluators never throw.
 *
 * <p>Configuration comes from the builder or the environment: {@value #BASE_URL_ENV} (default
 * {@value #DEFAULT_BASE_URL}), {@value #MODEL_ENV} (default {@value #DEFAULT_MODEL}) and {@value #API_KEY_ENV}
 * (required; a local server that needs no key accepts any value). The key is sent as a bearer token and
 * appears in no log line, exception message or {@code toString}. Calls run behind the retries, rate limiter,
 * bulkhead, circuit breaker and timeouts of a {@link ResilienceConfig}, and every verdict's tokens and
 * estimated cost go to {@link #costs()} by rubric.
 *
 * <p>Prompt placeholders: each input by its key name ({@code {{scripted_utterances}}}, ...; lists as numbered
 * lines, audio as its measured levels) and, from the conversation, {@code {{transcript}}},
 * {@code {{expected_outcome}}}, {@code {{expected_tool_calls}}}, {@code {{call_status}}}, {@code {{call_id}}},
 * {@code {{persona_id}}}, {@code {{path_id}}}, {@code {{language}}} (the caller's BCP 47 tag, {@code unknown} when not
 * known). A conversation in a language other than English gets a last line saying which, asking the judge to judge it
 * in that language and to give its reason in English.
 *
 * <pre>{@code
 * try (LlmJudge judge = LlmJudge.builder().model("gpt-4o-mini").build()) {   // key from CALLSTORM_JUDGE_API_KEY
 *     List<Evaluator> evaluators = List.of(
 *         LocalEvaluators.forRubric(Rubrics.TASK_COMPLETION).orElseThrow(),
 *         judge.evaluator(Rubrics.IS_POLITE),
 *         judge.evaluator(Rubrics.IS_HELPFUL));
 *     EvalResult polite = evaluators.get(1).evaluate(conversation);
 *     System.out.println(judge.costs().forRubric(Rubrics.IS_POLITE));
 * }
 * }</pre>
 */
public final class LlmJudge implements AutoCloseable {
    /** Environment variable holding the endpoint's API key. */
    public static final String API_KEY_ENV = "CALLSTORM_JUDGE_API_KEY";
    /** Environment variable holding the endpoint's base URL. */
    public static final String BASE_URL_ENV = "CALLSTORM_JUDGE_BASE_URL";
    /** Environment variable holding the model name. */
    public static final String MODEL_ENV = "CALLSTORM_JUDGE_MODEL";
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_MODEL = "gpt-4o-mini";
    /** Attempts at a well-formed verdict: the first and one retry. */
    public static final int VERDICT_ATTEMPTS = 2;

    /** The system message sent before every template prompt. */
    public static final String SYSTEM_PROMPT = "You are a strict, consistent evaluator of voice agent conversations. "
            + "Apply the rubric exactly as written. Answer with one JSON object and nothing else, of the form "
            + "{\"passed\": true or false, \"score\": a number from 0 to 1, \"reason\": \"one sentence a reader "
            + "can check against the transcript\"}. When the rubric fails at one turn, add \"turn\": the 0-based "
            + "index of that turn among the transcript's lines (one line per turn, the first line is turn 0); "
            + "leave \"turn\" out otherwise.";

    private static final Logger LOG = LoggerFactory.getLogger(LlmJudge.class);
    private static final Set<String> VERDICT_FIELDS = Set.of("passed", "score", "reason", "turn");
    private static final int QUOTE_CHARS = 120;

    private final ChatCompletionClient client;
    private final JudgePricing pricing;
    private final EvaluationCosts costs;
    private final TemplateRegistry templates;
    private final ResilienceConfig resilience;
    private final Redactor redactor;
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private LlmJudge(Builder b, String baseUrl, String model, String apiKey) {
        this.client = new ChatCompletionClient("judge", baseUrl, model, apiKey, b.resilience);
        this.pricing = b.pricing;
        this.costs = b.costs;
        this.templates = b.templates;
        this.resilience = b.resilience;
        this.redactor = client.redactor();
    }

    /** A builder reading unset values from the environment. */
    public static Builder builder() {
        return new Builder(System::getenv);
    }

    /** A builder reading unset values from {@code environment} instead of the process environment. */
    static Builder builder(Function<String, String> environment) {
        return new Builder(environment);
    }

    /** An evaluator judging the registered template of that name; throws when there is none. */
    public Evaluator evaluator(String rubric) {
        return evaluator(templates.require(rubric));
    }

    /** An evaluator judging a template. */
    public Evaluator evaluator(RubricTemplate template) {
        return new JudgeEvaluator(this, Objects.requireNonNull(template, "template"));
    }

    /** One evaluator per rubric name, in order. */
    public List<Evaluator> evaluators(Collection<String> rubrics) {
        return rubrics.stream().map(this::evaluator).toList();
    }

    /** One evaluator per {@linkplain Rubrics#CORE core rubric}. */
    public List<Evaluator> coreEvaluators() {
        return evaluators(Rubrics.CORE);
    }

    /**
     * Judges inputs on a template: a pass or fail with the model's score and reason, or an error saying what
     * went wrong. Never throws. Records the tokens and estimated cost under the template's name.
     */
    public EvalResult judge(RubricTemplate template, EvalInput input) {
        String rubric = template.name();
        List<InputKey<?>> missing = input.missing(template.requiredInputs());
        if (!missing.isEmpty()) {
            return EvalResult.error(rubric, new MissingInputException(rubric, missing).getMessage());
        }
        List<String> unfilled = new ArrayList<>();
        Optional<String> prompt = PromptRenderer.render(template.judgePrompt(), input, unfilled);
        if (prompt.isEmpty()) {
            return EvalResult.error(rubric, "judge prompt of " + rubric + " has placeholders no input fills: "
                    + String.join(", ", unfilled));
        }
        // a transcript in another language is judged in it (the note is empty for English and unknown languages)
        String note = input.conversation().map(LanguageNote::of).orElse("");
        List<Message> request = List.of(Message.system(SYSTEM_PROMPT), Message.user(prompt.get() + note));
        EvalUsage usage = EvalUsage.NONE;
        String problem = "";
        EvalResult result = null;
        for (int attempt = 1; attempt <= VERDICT_ATTEMPTS && result == null; attempt++) {
            String body;
            try {
                body = client.complete(request);
            } catch (EvalHttpException e) {
                result = EvalResult.error(rubric, "judge call failed: " + redactor.redact(e.getMessage()));
                break;
            } catch (RuntimeException e) { // evaluators never throw: anything unforeseen is an error result
                result = EvalResult.error(rubric, "judge call failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + redactor.redact(e.getMessage())));
                LOG.debug("judge {}: unexpected failure", rubric, Secrets.redact(e));
                break;
            }
            List<String> problems = new ArrayList<>();
            JsonNode response = readJson(body, problems);
            usage = usage.plus(usage(response));
            Optional<EvalResult> verdict = response == null ? Optional.empty()
                    : verdict(rubric, response, problems, turnCount(input));
            if (verdict.isPresent()) {
                result = verdict.get();
            } else {
                problem = String.join("; ", problems);
                LOG.debug("judge {}: malformed verdict on attempt {} of {}: {}", rubric, attempt, VERDICT_ATTEMPTS,
                        Secrets.redact(problem));
            }
        }
        if (result == null) {
            result = EvalResult.error(rubric, "judge gave a malformed verdict " + VERDICT_ATTEMPTS + " times: " + problem);
        }
        costs.record(rubric, usage);
        return result.withUsage(usage);
    }

    /** Tokens and estimated cost of every verdict so far, by rubric. */
    public EvaluationCosts costs() {
        return costs;
    }

    /** The state of the circuit breaker in front of the endpoint. */
    public CircuitState circuitState() {
        return client.circuitState();
    }

    /** The registry templates are looked up in. */
    public TemplateRegistry templates() {
        return templates;
    }

    /** Releases the HTTP client's threads and connections. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "LlmJudge{endpoint=" + client.endpoint() + ", model=" + client.model() + ", apiKey=" + client.maskedKey()
                + ", pricing=" + pricing + ", resilience=" + resilience + "}";
    }

    private JsonNode readJson(String text, List<String> problems) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                problems.add("response is not a JSON object");
                return null;
            }
            return node;
        } catch (Exception e) {
            problems.add("response is not JSON: " + quote(text));
            return null;
        }
    }

    private EvalUsage usage(JsonNode response) {
        if (response == null) {
            return EvalUsage.NONE;
        }
        JsonNode u = response.path("usage");
        long prompt = Math.max(0, u.path("prompt_tokens").asLong(0));
        long completion = Math.max(0, u.path("completion_tokens").asLong(0));
        return new EvalUsage(prompt, completion, pricing.costUsd(prompt, completion));
    }

    /** The verdict in {@code choices[0].message.content}, or empty with what is wrong in {@code problems}. */
    private Optional<EvalResult> verdict(String rubric, JsonNode response, List<String> problems, int turns) {
        JsonNode content = response.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            problems.add("response has no choices[0].message.content");
            return Optional.empty();
        }
        JsonNode v;
        try {
            v = mapper.readTree(content.asText());
        } catch (Exception e) {
            problems.add("verdict is not JSON: " + quote(content.asText()));
            return Optional.empty();
        }
        if (v == null || !v.isObject()) {
            problems.add("verdict is not a JSON object: " + quote(content.asText()));
            return Optional.empty();
        }
        for (Iterator<String> names = v.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!VERDICT_FIELDS.contains(name)) {
                problems.add("verdict has unexpected field \"" + name + "\"");
            }
        }
        JsonNode passed = v.get("passed");
        JsonNode score = v.get("score");
        JsonNode reason = v.get("reason");
        if (passed == null || !passed.isBoolean()) {
            problems.add("\"passed\" must be true or false");
        }
        if (score == null || !score.isNumber()) {
            problems.add("\"score\" must be a number");
        } else if (!(score.asDouble() >= 0.0 && score.asDouble() <= 1.0)) {
            problems.add("\"score\" must be between 0 and 1, was " + score.asText());
        }
        if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
            problems.add("\"reason\" must be a non-empty string");
        }
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EvalResult(rubric, passed.asBoolean(), score.asDouble(), reason.asText().strip(),
                failingTurn(v.get("turn"), turns)));
    }

    /** The transcript's turn count, or {@link Integer#MAX_VALUE} when the inputs hold no conversation. */
    private static int turnCount(EvalInput input) {
        return input.conversation().map(c -> c.transcript().turns().size()).orElse(Integer.MAX_VALUE);
    }

    /**
     * The verdict's {@code "turn"}: a whole number from 0 to below {@code turns}; empty when it is absent or
     * anything else (an optional hint, so a bad one is dropped rather than failing the verdict).
     */
    static OptionalInt failingTurn(JsonNode turn, int turns) {
        if (turn == null || !turn.isNumber()) {
            return OptionalInt.empty();
        }
        double t = turn.asDouble(); // 3.0 reads as 3
        return t == Math.rint(t) && t >= 0 && t < turns ? OptionalInt.of((int) t) : OptionalInt.empty();
    }

    private String quote(String text) {
        String t = redactor.redact(text).strip().replaceAll("\\s+", " ");
        return "\"" + (t.length() <= QUOTE_CHARS ? t : t.substring(0, QUOTE_CHARS - 3) + "...") + "\"";
    }

    /** Builder; values not set are read from the environment when {@link #build()} runs. */
    public static final class Builder {
        private final Function<String, String> environment;
        private String baseUrl;
        private String model;
        private String apiKey;
        private JudgePricing pricing = JudgePricing.DEFAULT;
        private EvaluationCosts costs = new EvaluationCosts();
        private TemplateRegistry templates = TemplateRegistry.withBuiltIns();
        private ResilienceConfig resilience = ResilienceConfig.defaults();

        private Builder(Function<String, String> environment) {
            this.environment = environment;
        }

        /** Base URL of the OpenAI-compatible API, e.g. {@code https://api.openai.com/v1}; else {@value #BASE_URL_ENV}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = checkUrl(Objects.requireNonNull(baseUrl, "baseUrl"));
            return this;
        }

        /** The judge model; else {@value #MODEL_ENV}, else {@value #DEFAULT_MODEL}. */
        public Builder model(String model) {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            this.model = model;
            return this;
        }

        /** The API key; else {@value #API_KEY_ENV}. */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** Token prices for cost estimates; {@link JudgePricing#DEFAULT} unless set. */
        public Builder pricing(JudgePricing pricing) {
            this.pricing = Objects.requireNonNull(pricing, "pricing");
            return this;
        }

        /** Where verdict costs are recorded; share one with other evaluators to total them. */
        public Builder costs(EvaluationCosts costs) {
            this.costs = Objects.requireNonNull(costs, "costs");
            return this;
        }

        /** Where {@link #evaluator(String)} looks templates up; the built-ins unless set. */
        public Builder templates(TemplateRegistry templates) {
            this.templates = Objects.requireNonNull(templates, "templates");
            return this;
        }

        /** Timeouts, retries and protections; {@link ResilienceConfig#defaults()} unless set. */
        public Builder resilience(ResilienceConfig resilience) {
            this.resilience = Objects.requireNonNull(resilience, "resilience");
            return this;
        }

        /** Builds the judge; throws {@link IllegalArgumentException} when no API key is set or found. */
        public LlmJudge build() {
            String url = baseUrl != null ? baseUrl : orDefault(environment.apply(BASE_URL_ENV), DEFAULT_BASE_URL);
            String m = model != null ? model : orDefault(environment.apply(MODEL_ENV), DEFAULT_MODEL);
            String key = apiKey != null ? apiKey : environment.apply(API_KEY_ENV);
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("no judge API key: set " + API_KEY_ENV
                        + " or LlmJudge.builder().apiKey(...) (a local server that needs none accepts any value)");
            }
            Secrets.register(key); // masked everywhere from now on, whatever else fails
            HeaderSyntax.valueProblem(key).ifPresent(problem -> {
                throw new IllegalArgumentException("judge API key " + problem);
            });
            return new LlmJudge(this, checkUrl(url), m, key);
        }

        private static String orDefault(String value, String fallback) {
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        private static String checkUrl(String url) {
            if (!ChatCompletionClient.isHttpUrl(url)) {
                throw new IllegalArgumentException("baseUrl must be an http(s) URL, was \"" + url + "\"");
            }
            return url;
        }
    }

    /** One template through this judge, as an {@link Evaluator}. */
    private static final class JudgeEvaluator implements Evaluator {
        private final LlmJudge judge;
        private final RubricTemplate template;

        JudgeEvaluator(LlmJudge judge, RubricTemplate template) {
            this.judge = judge;
            this.template = template;
        }

        @Override
        public String rubric() {
            return template.name();
        }

        @Override
        public List<InputKey<?>> requiredInputs() {
            return template.requiredInputs();
        }

        @Override
        public EvalResult evaluate(Conversation conversation) {
            return judge.judge(template, EvalInput.of(conversation));
        }

        @Override
        public EvalResult evaluate(EvalInput input) {
            return judge.judge(template, input);
        }

        @Override
        public String toString() {
            return "LlmJudge evaluator[" + template.name() + "]";
        }
    }
}
