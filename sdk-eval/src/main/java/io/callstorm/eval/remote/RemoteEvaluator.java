package io.callstorm.eval.remote;

import io.callstorm.core.secret.Secrets;
import io.callstorm.core.validation.HeaderSyntax;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.EvalUsage;
import io.callstorm.eval.EvaluationCosts;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.http.BadRequestException;
import io.callstorm.eval.http.CircuitState;
import io.callstorm.eval.http.EvalHttpException;
import io.callstorm.eval.http.EvalUnavailableException;
import io.callstorm.eval.http.InvalidAuthException;
import io.callstorm.eval.http.ResilienceConfig;
import io.callstorm.eval.internal.http.Redactor;
import io.callstorm.eval.internal.http.ResilientHttpClient;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Client of the remote eval API, shaped like the Python SDK's {@code fi.evals.Evaluator} (Apache 2.0,
 * future-agi/ai-evaluation) and speaking its wire protocol, so it works against the same backend:
 *
 * <table>
 *   <caption>Python and Java side by side</caption>
 *   <tr><th>Python</th><th>Java</th></tr>
 *   <tr><td>{@code Evaluator(fi_api_key=, fi_secret_key=, fi_base_url=)}</td>
 *       <td>{@code RemoteEvaluator.builder().apiKey(..).secretKey(..).baseUrl(..).build()}</td></tr>
 *   <tr><td>{@code evaluator.evaluate(eval_templates="tone", inputs={...}, model_name="turing_flash")}</td>
 *       <td>{@code evaluator.evaluate("tone", Map.of(...), "turing_flash")}</td></tr>
 *   <tr><td>{@code evaluator.get_eval_result(eval_id)}</td><td>{@code evaluator.getEvalResult(evalId)}</td></tr>
 *   <tr><td>{@code evaluator.list_evaluations()}</td><td>{@code evaluator.listEvaluations()}</td></tr>
 * </table>
 *
 * <p>Wire protocol: base URL from {@value #BASE_URL_ENV} (default {@value #DEFAULT_BASE_URL}), headers
 * {@code X-Api-Key} and {@code X-Secret-Key} from {@value #API_KEY_ENV} and {@value #SECRET_KEY_ENV};
 * {@code POST sdk/api/v1/new-eval/} with {@code {eval_name, inputs, model, span_id, custom_eval_name,
 * trace_eval, is_async, error_localizer}} plus {@code config: {params}} when the request has parameters,
 * answered by {@code {result: [{evaluations: [{name, output, reason, runtime, outputType, evalId,
 * metadata: {usage, cost, explanation}}]}]}}; {@code GET sdk/api/v1/new-eval/?eval_id=} for an async result;
 * {@code GET sdk/api/v1/get-evals/} for the templates. A 400 throws {@link BadRequestException}, a 401 or 403
 * {@link InvalidAuthException} (neither retried); 429, 5xx and I/O errors are retried with backoff and jitter
 * honouring {@code Retry-After}, behind a rate limiter, a bulkhead, a circuit breaker and per-call timeouts
 * ({@link ResilienceConfig}), then throw {@link EvalUnavailableException}. Keys appear in no log line,
 * exception message or {@code toString}.
 *
 * <p>Beyond the Python surface: {@link #evaluateBatch} runs requests in parallel on up to {@code maxWorkers}
 * threads, {@link #scoreConversations} scores a simulation's conversations on remote templates, and
 * {@link #asEvaluator} makes a template one more {@link Evaluator} to mix with local and judge ones. Every
 * evaluation's {@code metadata.cost} and token usage go to {@link #costs()}.
 *
 * <pre>{@code
 * try (RemoteEvaluator evaluator = RemoteEvaluator.builder().build()) {   // FI_API_KEY, FI_SECRET_KEY, FI_BASE_URL
 *     BatchRunResult result = evaluator.evaluate("tone",
 *             Map.of("output", "Thanks for calling, have a great day!"), "turing_flash");
 *     RemoteEvalResult tone = result.evalResults().get(0);
 *     System.out.println(tone.output() + ": " + tone.reason());
 * }
 * }</pre>
 */
public final class RemoteEvaluator implements AutoCloseable {
    public static final String API_KEY_ENV = "FI_API_KEY";
    public static final String SECRET_KEY_ENV = "FI_SECRET_KEY";
    public static final String BASE_URL_ENV = "FI_BASE_URL";
    public static final String DEFAULT_BASE_URL = "https://api.futureagi.com";
    /** Route of evaluations, relative to the base URL. */
    public static final String EVALUATE_ROUTE = "sdk/api/v1/new-eval/";
    /** Route of the template list, relative to the base URL. */
    public static final String TEMPLATES_ROUTE = "sdk/api/v1/get-evals/";
    /** Default per-attempt timeout, the Python SDK's 200 s. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(200);
    /** Default parallelism of batches, the Python SDK's 8 workers. */
    public static final int DEFAULT_MAX_WORKERS = 8;
    /** Default score from which a numeric output passes. */
    public static final double DEFAULT_PASS_THRESHOLD = 0.5;

    private static final Logger LOG = LoggerFactory.getLogger(RemoteEvaluator.class);
    private static final MediaType JSON = MediaType.get("application/json");

    private final String baseUrl;
    private final HttpUrl evaluateUrl;
    private final HttpUrl templatesUrl;
    private final String apiKey;
    private final String secretKey;
    private final String defaultModelName;
    private final double passThreshold;
    private final ConversationInputs conversationInputs;
    private final EvaluationCosts costs;
    private final ResilienceConfig resilience;
    private final int maxWorkers;
    private final Redactor redactor;
    private final ResilientHttpClient http;
    private final ExecutorService workers;
    private final ObjectMapper mapper = new ObjectMapper();

    private RemoteEvaluator(Builder b, String baseUrl, String apiKey, String secretKey) {
        this.baseUrl = baseUrl;
        this.evaluateUrl = HttpUrl.get(baseUrl + "/" + EVALUATE_ROUTE);
        this.templatesUrl = HttpUrl.get(baseUrl + "/" + TEMPLATES_ROUTE);
        this.apiKey = apiKey;
        this.secretKey = secretKey;
        this.defaultModelName = b.defaultModelName;
        this.passThreshold = b.passThreshold;
        this.conversationInputs = b.conversationInputs;
        this.costs = b.costs;
        this.resilience = b.resilience;
        this.maxWorkers = b.maxWorkers;
        this.redactor = new Redactor(List.of(apiKey, secretKey));
        this.http = new ResilientHttpClient("eval-api", resilience, redactor);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(maxWorkers, maxWorkers, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "callstorm-eval-api-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
    }

    /** A builder reading unset values from the environment. */
    public static Builder builder() {
        return new Builder(System::getenv);
    }

    /** A builder reading unset values from {@code environment} instead of the process environment. */
    static Builder builder(Function<String, String> environment) {
        return new Builder(environment);
    }

    /**
     * Runs one template over inputs ({@code evaluate(eval_templates, inputs)} in Python).
     *
     * @throws BadRequestException      400: unknown template, missing inputs
     * @throws InvalidAuthException     401 or 403
     * @throws EvalUnavailableException the service stayed unavailable
     */
    public BatchRunResult evaluate(String evalTemplate, Map<String, ?> inputs) {
        return evaluate(EvalRequest.of(evalTemplate, inputs));
    }

    /** Runs one template over inputs with an evaluation model ({@code model_name} in Python). */
    public BatchRunResult evaluate(String evalTemplate, Map<String, ?> inputs, String modelName) {
        return evaluate(EvalRequest.builder(evalTemplate).inputs(inputs).modelName(modelName).build());
    }

    /** Runs one request with every option of the Python {@code evaluate}. Throws as {@link #evaluate(String, Map)}. */
    public BatchRunResult evaluate(EvalRequest request) {
        Objects.requireNonNull(request, "request");
        List<RemoteEvalResult> results = call(request);
        String costKey = request.customEvalName().orElse(request.evalName());
        results.forEach(r -> costs.record(costKey, r.usage()));
        return new BatchRunResult(results, List.of());
    }

    /**
     * Runs requests in parallel, on up to {@code maxWorkers} threads, and waits for all. A request that fails
     * does not fail the batch: it is listed in {@link BatchRunResult#failures()}, and its error logged at debug.
     */
    public BatchRunResult evaluateBatch(List<EvalRequest> requests) {
        List<CompletableFuture<BatchRunResult>> futures = new ArrayList<>();
        for (EvalRequest request : requests) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return evaluate(request);
                } catch (EvalHttpException e) {
                    LOG.debug("eval-api: batch request {} failed: {}", request.evalName(), redactor.redact(e.getMessage()));
                    return new BatchRunResult(List.of(), List.of(new FailedEval(request.evalName(),
                            redactor.redact(e.getMessage()))));
                }
            }, workers));
        }
        List<RemoteEvalResult> results = new ArrayList<>();
        List<FailedEval> failures = new ArrayList<>();
        for (CompletableFuture<BatchRunResult> f : futures) {
            BatchRunResult r = f.join();
            results.addAll(r.evalResults());
            failures.addAll(r.failures());
        }
        return new BatchRunResult(results, failures);
    }

    /**
     * The outcome of an async evaluation ({@code get_eval_result(eval_id)} in Python):
     * {@code GET sdk/api/v1/new-eval/?eval_id=}. An evaluation still running has a null output.
     */
    public BatchRunResult getEvalResult(String evalId) {
        Objects.requireNonNull(evalId, "evalId");
        HttpUrl url = evaluateUrl.newBuilder().addQueryParameter("eval_id", evalId).build();
        JsonNode root = parse(http.execute(authorized(url).get().build()), "new-eval");
        return new BatchRunResult(evaluations(root), List.of());
    }

    /** The templates the service offers ({@code list_evaluations()} in Python): {@code GET sdk/api/v1/get-evals/}. */
    public List<EvalTemplateInfo> listEvaluations() {
        JsonNode root = parse(http.execute(authorized(templatesUrl).get().build()), "get-evals");
        JsonNode list = root.path("result");
        if (!list.isArray()) {
            throw new EvalHttpException("eval-api: get-evals answered without a result list", 0, null);
        }
        List<EvalTemplateInfo> out = new ArrayList<>();
        for (JsonNode t : list) {
            JsonNode config = t.path("config");
            out.add(new EvalTemplateInfo(t.path("name").asText(""), t.path("description").asText(""),
                    t.path("eval_id").asText(t.path("id").asText("")), strings(config.path("required_keys")),
                    config.path("output").asText(""), strings(t.path("eval_tags"))));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Scores a simulation's conversations remotely: every conversation on every template, in parallel on up to
     * {@code maxWorkers} threads, inputs from the {@linkplain Builder#conversationInputs conversation mapping}.
     * Never throws for a failed call: its result is an {@linkplain EvalResult#error error}.
     *
     * @return each conversation's results by call id, in the order given; results in template order
     */
    public Map<String, List<EvalResult>> scoreConversations(List<Conversation> conversations, List<String> evalTemplates) {
        List<Evaluator> evaluators = evalTemplates.stream().map(this::asEvaluator).toList();
        Map<String, List<CompletableFuture<EvalResult>>> futures = new LinkedHashMap<>();
        for (Conversation c : conversations) {
            List<CompletableFuture<EvalResult>> fs = new ArrayList<>();
            for (Evaluator e : evaluators) {
                fs.add(CompletableFuture.supplyAsync(() -> e.evaluate(c), workers));
            }
            futures.put(c.callId(), fs);
        }
        Map<String, List<EvalResult>> out = new LinkedHashMap<>();
        futures.forEach((callId, fs) -> out.put(callId, fs.stream().map(CompletableFuture::join).toList()));
        return Collections.unmodifiableMap(out);
    }

    /** A template as an {@link Evaluator} of the rubric of the same name. */
    public Evaluator asEvaluator(String evalTemplate) {
        return asEvaluator(evalTemplate, evalTemplate);
    }

    /**
     * A template as an {@link Evaluator} of a rubric, e.g. {@code asEvaluator(Rubrics.IS_POLITE, "tone")}. A
     * Boolean or {@code Passed}/{@code Failed} output is the verdict; a numeric output is a score that passes
     * at the {@linkplain Builder#passThreshold pass threshold}; a failed call or an output that is neither
     * is an {@linkplain EvalResult#error error}. Cost is recorded under the rubric.
     */
    public Evaluator asEvaluator(String rubric, String evalTemplate) {
        Objects.requireNonNull(rubric, "rubric");
        Objects.requireNonNull(evalTemplate, "evalTemplate");
        return new Evaluator() {
            @Override
            public String rubric() {
                return rubric;
            }

            @Override
            public EvalResult evaluate(Conversation conversation) {
                EvalRequest.Builder b = EvalRequest.builder(evalTemplate).inputs(conversationInputs.inputs(conversation));
                if (defaultModelName != null) {
                    b.modelName(defaultModelName);
                }
                EvalResult result;
                try {
                    List<RemoteEvalResult> results = call(b.build());
                    result = results.stream().filter(r -> r.name().equals(evalTemplate)).findFirst()
                            .or(() -> results.stream().findFirst())
                            .map(r -> RemoteOutputs.toEvalResult(rubric, r, passThreshold))
                            .orElseGet(() -> EvalResult.error(rubric, "remote evaluation " + evalTemplate
                                    + " returned no evaluations"));
                } catch (EvalHttpException e) {
                    result = EvalResult.error(rubric, "remote evaluation " + evalTemplate + " failed: "
                            + redactor.redact(e.getMessage()));
                } catch (RuntimeException e) { // evaluators never throw: anything unforeseen is an error result
                    result = EvalResult.error(rubric, "remote evaluation " + evalTemplate + " failed: "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + redactor.redact(e.getMessage())));
                    LOG.debug("eval-api: {} failed unexpectedly", evalTemplate, Secrets.redact(e));
                }
                costs.record(rubric, result.usage());
                return result;
            }

            @Override
            public String toString() {
                return "RemoteEvaluator evaluator[" + rubric + " via " + evalTemplate + "]";
            }
        };
    }

    /** Tokens and cost of every evaluation so far, by template (or rubric, for {@link #asEvaluator}). */
    public EvaluationCosts costs() {
        return costs;
    }

    /** The state of the circuit breaker in front of the service. */
    public CircuitState circuitState() {
        return http.circuitState();
    }

    /** Stops the batch threads and releases connections. */
    @Override
    public void close() {
        workers.shutdown();
        http.close();
    }

    @Override
    public String toString() {
        return "RemoteEvaluator{baseUrl=" + baseUrl + ", apiKey=" + Redactor.mask(apiKey) + ", secretKey="
                + Redactor.mask(secretKey) + ", maxWorkers=" + maxWorkers + ", resilience=" + resilience + "}";
    }

    private List<RemoteEvalResult> call(EvalRequest request) {
        ObjectNode body = mapper.createObjectNode();
        body.put("eval_name", request.evalName());
        body.set("inputs", mapper.valueToTree(request.inputs()));
        putNullable(body, "model", request.modelName().orElse(null));
        putNullable(body, "span_id", request.spanId().orElse(null));
        putNullable(body, "custom_eval_name", request.customEvalName().orElse(null));
        body.put("trace_eval", request.traceEval());
        body.put("is_async", request.isAsync());
        body.put("error_localizer", request.errorLocalizer());
        if (!request.evalConfig().isEmpty()) {
            body.putObject("config").set("params", mapper.valueToTree(request.evalConfig()));
        }
        Request http = authorized(evaluateUrl).post(RequestBody.create(body.toString(), JSON)).build();
        return evaluations(parse(this.http.execute(http, request.timeout().orElse(null)), "new-eval"));
    }

    private Request.Builder authorized(HttpUrl url) {
        return new Request.Builder().url(url)
                .header("X-Api-Key", apiKey)
                .header("X-Secret-Key", secretKey)
                .header("Accept", "application/json");
    }

    private JsonNode parse(String body, String route) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new EvalHttpException("eval-api: " + route + " answered something other than a JSON object",
                        0, null);
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new EvalHttpException("eval-api: " + route + " answered malformed JSON", 0, null);
        }
    }

    /** Every evaluation in {@code result}: a list of {@code {evaluations: [...]}}, one such object, or one evaluation. */
    private List<RemoteEvalResult> evaluations(JsonNode root) {
        JsonNode result = root.path("result");
        List<RemoteEvalResult> out = new ArrayList<>();
        if (result.isArray()) {
            for (JsonNode item : result) {
                collect(item, out);
            }
        } else if (result.isObject()) {
            collect(result, out);
        }
        return out;
    }

    private void collect(JsonNode item, List<RemoteEvalResult> out) {
        if (item.has("evaluations")) {
            for (JsonNode e : item.path("evaluations")) {
                out.add(evaluation(e));
            }
        } else if (item.has("name") || item.has("output")) {
            out.add(evaluation(item));
        }
    }

    private RemoteEvalResult evaluation(JsonNode e) {
        JsonNode metadata = e.path("metadata");
        if (metadata.isTextual()) {
            try {
                metadata = mapper.readTree(metadata.asText());
            } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                metadata = mapper.createObjectNode();
            }
        }
        if (!metadata.isObject()) {
            metadata = mapper.createObjectNode();
        }
        JsonNode output = e.get("output");
        Object value = output == null || output.isNull() ? null : mapper.convertValue(output, Object.class);
        JsonNode explanation = metadata.path("explanation");
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = mapper.convertValue(metadata, Map.class);
        return new RemoteEvalResult(e.path("name").asText(""), value, e.path("reason").asText(""),
                e.path("runtime").asLong(0), e.path("outputType").asText(e.path("output_type").asText("")),
                e.path("evalId").asText(e.path("eval_id").asText("")), usage(metadata),
                explanation.isTextual() ? explanation.asText()
                        : explanation.isMissingNode() || explanation.isNull() ? "" : explanation.toString(),
                meta);
    }

    /** {@code metadata.usage} tokens and {@code metadata.cost}, read leniently: the service's shape varies. */
    static EvalUsage usage(JsonNode metadata) {
        JsonNode u = metadata.path("usage");
        long prompt = firstLong(u, "prompt_tokens", "input_tokens", "promptTokens", "inputTokens");
        long completion = firstLong(u, "completion_tokens", "output_tokens", "completionTokens", "outputTokens");
        if (prompt == 0 && completion == 0) {
            prompt = firstLong(u, "total_tokens", "totalTokens");
        }
        return new EvalUsage(prompt, completion, cost(metadata.path("cost")));
    }

    private static double cost(JsonNode c) {
        double v = 0;
        if (c.isNumber()) {
            v = c.asDouble();
        } else if (c.isTextual()) {
            try {
                v = Double.parseDouble(c.asText().strip());
            } catch (NumberFormatException e) {
                v = 0;
            }
        } else if (c.isObject()) {
            for (String field : List.of("total_cost", "totalCost", "total", "cost", "amount")) {
                if (c.path(field).isNumber()) {
                    return clean(c.path(field).asDouble());
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = c.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isNumber() && f.getKey().toLowerCase(java.util.Locale.ROOT).endsWith("cost")) {
                    v += f.getValue().asDouble();
                }
            }
        }
        return clean(v);
    }

    private static double clean(double v) {
        return v >= 0 && !Double.isInfinite(v) ? v : 0.0;
    }

    private static long firstLong(JsonNode node, String... fields) {
        for (String f : fields) {
            if (node.path(f).canConvertToLong() && node.path(f).asLong() >= 0) {
                return node.path(f).asLong();
            }
        }
        return 0;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static void putNullable(ObjectNode body, String field, String value) {
        if (value == null) {
            body.putNull(field);
        } else {
            body.put(field, value);
        }
    }

    /** Builder; values not set are read from the environment when {@link #build()} runs. */
    public static final class Builder {
        private final Function<String, String> environment;
        private String baseUrl;
        private String apiKey;
        private String secretKey;
        private String defaultModelName;
        private double passThreshold = DEFAULT_PASS_THRESHOLD;
        private ConversationInputs conversationInputs = ConversationInputs.standard();
        private EvaluationCosts costs = new EvaluationCosts();
        private ResilienceConfig resilience = ResilienceConfig.defaults().toBuilder()
                .callTimeout(DEFAULT_CALL_TIMEOUT).build();
        private int maxWorkers = DEFAULT_MAX_WORKERS;

        private Builder(Function<String, String> environment) {
            this.environment = environment;
        }

        /** The API's base URL ({@code fi_base_url}); else {@value #BASE_URL_ENV}, else {@value #DEFAULT_BASE_URL}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = checkUrl(Objects.requireNonNull(baseUrl, "baseUrl"));
            return this;
        }

        /** The API key ({@code fi_api_key}); else {@value #API_KEY_ENV}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = notBlank("apiKey", apiKey);
            return this;
        }

        /** The secret key ({@code fi_secret_key}); else {@value #SECRET_KEY_ENV}. */
        public Builder secretKey(String secretKey) {
            this.secretKey = notBlank("secretKey", secretKey);
            return this;
        }

        /** The evaluation model for {@link #asEvaluator} and {@link #scoreConversations}; none unless set. */
        public Builder defaultModelName(String modelName) {
            this.defaultModelName = notBlank("defaultModelName", modelName);
            return this;
        }

        /** Score from which a numeric output passes, for {@link #asEvaluator}; {@value #DEFAULT_PASS_THRESHOLD}. */
        public Builder passThreshold(double threshold) {
            if (!(threshold >= 0.0 && threshold <= 1.0)) {
                throw new IllegalArgumentException("passThreshold must be between 0 and 1, was " + threshold);
            }
            this.passThreshold = threshold;
            return this;
        }

        /** How a conversation becomes inputs; {@link ConversationInputs#standard()} unless set. */
        public Builder conversationInputs(ConversationInputs mapping) {
            this.conversationInputs = Objects.requireNonNull(mapping, "conversationInputs");
            return this;
        }

        /** Where costs are recorded; share one with other evaluators to total them. */
        public Builder costs(EvaluationCosts costs) {
            this.costs = Objects.requireNonNull(costs, "costs");
            return this;
        }

        /** Timeouts, retries and protections; the defaults with a {@link #DEFAULT_CALL_TIMEOUT} call timeout. */
        public Builder resilience(ResilienceConfig resilience) {
            this.resilience = Objects.requireNonNull(resilience, "resilience");
            return this;
        }

        /** Threads for batches and conversation scoring ({@code max_workers}); {@value #DEFAULT_MAX_WORKERS}. */
        public Builder maxWorkers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("maxWorkers must be >= 1, was " + workers);
            }
            this.maxWorkers = workers;
            return this;
        }

        /** Builds the client; throws {@link IllegalArgumentException} naming the keys that are set nowhere. */
        public RemoteEvaluator build() {
            String url = baseUrl != null ? baseUrl : environment.apply(BASE_URL_ENV);
            url = url == null || url.isBlank() ? DEFAULT_BASE_URL : checkUrl(url);
            String key = apiKey != null ? apiKey : environment.apply(API_KEY_ENV);
            String secret = secretKey != null ? secretKey : environment.apply(SECRET_KEY_ENV);
            List<String> missing = new ArrayList<>();
            if (key == null || key.isBlank()) {
                missing.add(API_KEY_ENV);
            }
            if (secret == null || secret.isBlank()) {
                missing.add(SECRET_KEY_ENV);
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("eval API credentials missing: set " + String.join(" and ", missing)
                        + " or RemoteEvaluator.builder().apiKey(...).secretKey(...)");
            }
            Secrets.register(key); // masked everywhere from now on, whatever else fails
            Secrets.register(secret);
            HeaderSyntax.valueProblem(key).ifPresent(problem -> {
                throw new IllegalArgumentException("eval API key " + problem);
            });
            HeaderSyntax.valueProblem(secret).ifPresent(problem -> {
                throw new IllegalArgumentException("eval secret key " + problem);
            });
            return new RemoteEvaluator(this, stripSlash(url), key, secret);
        }

        private static String notBlank(String name, String value) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }

        private static String checkUrl(String url) {
            if (HttpUrl.parse(stripSlash(url)) == null) {
                throw new IllegalArgumentException("baseUrl must be an http(s) URL, was \"" + url + "\"");
            }
            return url;
        }

        private static String stripSlash(String url) {
            String u = url.strip();
            while (u.endsWith("/")) {
                u = u.substring(0, u.length() - 1);
            }
            return u;
        }
    }
}
