package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.scenario.ScenarioStep;
import io.callstorm.core.validation.HeaderSyntax;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.eval.chat.ChatModel;
import io.callstorm.eval.chat.ChatReply;
import io.callstorm.eval.http.ResilienceConfig;
import io.callstorm.eval.judge.JudgePricing;
import io.callstorm.simulate.callers.CallerMode;
import io.callstorm.simulate.callers.CallerModel;
import io.callstorm.simulate.callers.CallerPrompt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A simulation file's {@code callers:}: scripted (the default) or improvised by a model, with the bounds of
 * {@link CallerMode}; and a step's {@code sayByLanguage:}, its phrasings in other languages. Every range is
 * {@link CallerMode}'s own check, reported under the key's path.
 *
 * <pre>{@code
 * callers:
 *   mode: improvising                   # scripted (default) | improvising
 *   model:
 *     baseUrl: https://api.openai.com/v1
 *     name: gpt-4o-mini
 *     apiKeyEnv: OPENAI_API_KEY         # the key is read from this environment variable, never from the file
 *     temperature: 0.7
 *     pricing: {promptPer1kTokensUsd: 0.00015, completionPer1kTokensUsd: 0.0006}
 *   tokenBudgetPerCall: 4000
 *   maxTokensPerTurn: 80
 *   maxConcurrentRequests: 8
 *   maxQueuedRequests: 256
 *   requestTimeout: 10s
 *   cacheSize: 10000
 *   maxRequests: 5000
 *
 * scenarios:
 *   paths:
 *     - steps:
 *         - intent: identify
 *           say: "My account number is {account}."
 *           sayByLanguage:
 *             es: "Mi número de cuenta es {account}."
 *             hi-IN: ["मेरा खाता नंबर {account} है।"]
 * }</pre>
 */
public final class CallerSection {
    static final List<String> KEYS = List.of("mode", "model", "tokenBudgetPerCall", "maxTokensPerTurn",
            "maxConcurrentRequests", "maxQueuedRequests", "requestTimeout", "cacheSize", "maxRequests");
    static final List<String> MODEL_KEYS = List.of("baseUrl", "name", "apiKeyEnv", "temperature", "pricing");
    static final List<String> PRICING_KEYS = List.of("promptPer1kTokensUsd", "completionPer1kTokensUsd");
    static final double DEFAULT_TEMPERATURE = 0.7;

    private CallerSection() {
    }

    /**
     * The callers {@code node} (the file's {@code callers:}) describes, checked; scripted when it is absent. Nothing is
     * opened: {@link Spec#open()} connects the model once the whole file is known to be valid.
     */
    static Spec read(JsonNode node, String at, Function<String, String> environment, ProblemCollector p) {
        if (node == null || node.isNull()) {
            return Spec.SCRIPTED;
        }
        if (!KnownKeys.mapping(node, at, KEYS, "the callers ({mode: scripted} or {mode: improvising, model: {...}})",
                p)) {
            return Spec.SCRIPTED;
        }
        String mode = node.path("mode").asText("scripted");
        if (!p.check(mode.equals("scripted") || mode.equals("improvising"), at + ".mode",
                "must be scripted or improvising, was \"" + mode + "\"")) {
            return Spec.SCRIPTED;
        }
        if (mode.equals("scripted")) {
            for (String key : KEYS) {
                p.check(key.equals("mode") || !node.has(key), at + "." + key, "applies to mode: improvising only");
            }
            return Spec.SCRIPTED;
        }
        Optional<ModelSpec> model = model(node.get("model"), at + ".model", environment, p);
        // each bound through CallerMode's own check, so that the file and the builder allow the same values
        List<UnaryOperator<CallerMode>> bounds = new ArrayList<>();
        whole(node, "tokenBudgetPerCall", at, p).ifPresent(v -> bounds.add(m -> m.tokenBudgetPerCall(v)));
        whole(node, "maxTokensPerTurn", at, p).ifPresent(v -> bounds.add(m -> m.maxTokensPerTurn(clamp(v))));
        whole(node, "maxConcurrentRequests", at, p).ifPresent(v -> bounds.add(m -> m.maxConcurrentRequests(clamp(v))));
        whole(node, "maxQueuedRequests", at, p).ifPresent(v -> bounds.add(m -> m.maxQueuedRequests(clamp(v))));
        whole(node, "cacheSize", at, p).ifPresent(v -> bounds.add(m -> m.cacheSize(clamp(v))));
        whole(node, "maxRequests", at, p).ifPresent(v -> bounds.add(m -> m.maxRequests(v)));
        if (node.has("requestTimeout")) {
            Optional<Duration> d = Durations.parse(node.get("requestTimeout").asText(""));
            if (p.check(d.isPresent(), at + ".requestTimeout", "must be a duration such as 10s or 500ms, was \""
                    + node.get("requestTimeout").asText("") + "\"")) {
                bounds.add(m -> m.requestTimeout(d.get()));
            }
        }
        CallerMode checked = CallerMode.improvising(PLACEHOLDER);
        for (int i = 0; i < bounds.size(); i++) {
            try {
                checked = bounds.get(i).apply(checked);
            } catch (IllegalArgumentException e) {
                String key = e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(' ')));
                p.add(at + "." + key, e.getMessage().substring(key.length()).strip());
            }
        }
        return model.map(m -> new Spec(Optional.of(m), List.copyOf(bounds))).orElse(Spec.SCRIPTED);
    }

    /** {@code step} with the phrasings of {@code node} (a step's {@code sayByLanguage:}) added; as it was when absent. */
    static ScenarioStep withLanguages(JsonNode node, String at, ScenarioStep step, ProblemCollector p) {
        if (node == null) {
            return step;
        }
        if (!p.check(node.isObject() && !node.isEmpty(), at, "must map language tags (es, hi-IN) to a phrasing or a "
                + "list of them")) {
            return step;
        }
        ScenarioStep out = step;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String in = at + "." + e.getKey();
            if (!p.check(e.getKey().matches("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*"), in,
                    "the key must be a BCP 47 language tag such as es or hi-IN")) {
                continue;
            }
            List<String> phrasings = new ArrayList<>();
            JsonNode v = e.getValue();
            if (v.isTextual() && !v.asText().isBlank()) {
                phrasings.add(v.asText());
            } else if (v.isArray() && !v.isEmpty()) {
                for (int i = 0; i < v.size(); i++) {
                    if (p.check(v.get(i).isTextual() && !v.get(i).asText().isBlank(), in + "[" + i + "]",
                            "must be a non-blank string")) {
                        phrasings.add(v.get(i).asText());
                    }
                }
            } else {
                p.add(in, "must be a phrasing or a non-empty list of them");
            }
            if (!phrasings.isEmpty()) {
                out = out.withPhrasings(e.getKey(), phrasings);
            }
        }
        return out;
    }

    private static Optional<ModelSpec> model(JsonNode node, String at, Function<String, String> environment,
                                             ProblemCollector p) {
        if (node == null) {
            p.add(at, "is required with mode: improvising: {baseUrl, name, apiKeyEnv}");
            return Optional.empty();
        }
        if (!KnownKeys.mapping(node, at, MODEL_KEYS, "the callers' model ({baseUrl, name, apiKeyEnv})", p)) {
            return Optional.empty();
        }
        String baseUrl = node.path("baseUrl").asText("");
        boolean ok = p.check(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"), at + ".baseUrl",
                "is required: the OpenAI-compatible API's base URL, e.g. https://api.openai.com/v1");
        String name = node.path("name").asText("");
        ok &= p.check(!name.isBlank(), at + ".name", "is required: the model's name, e.g. gpt-4o-mini");
        String env = node.path("apiKeyEnv").asText("");
        String key = null;
        if (p.check(env.matches("[A-Za-z_][A-Za-z0-9_]*"), at + ".apiKeyEnv", "is required: the name of the "
                + "environment variable that holds the API key (a local server that needs none accepts any value)")) {
            key = environment.apply(env);
            if (p.check(key != null && !key.isBlank(), at + ".apiKeyEnv", "environment variable " + env
                    + " is not set")) {
                Optional<String> problem = HeaderSyntax.valueProblem(key.strip());
                problem.ifPresent(pr -> p.add(at + ".apiKeyEnv", "environment variable " + env + " " + pr));
                ok &= problem.isEmpty();
            } else {
                ok = false;
            }
        } else {
            ok = false;
        }
        double temperature = DEFAULT_TEMPERATURE;
        if (node.has("temperature")) {
            temperature = node.get("temperature").asDouble(-1);
            ok &= p.check(node.get("temperature").isNumber() && temperature >= 0 && temperature <= 2,
                    at + ".temperature", "must be a number from 0 to 2");
        }
        JudgePricing pricing = JudgePricing.DEFAULT;
        JsonNode price = node.get("pricing");
        if (price != null && KnownKeys.mapping(price, at + ".pricing", PRICING_KEYS, "token prices "
                + "({promptPer1kTokensUsd, completionPer1kTokensUsd})", p)) {
            double prompt = price.path("promptPer1kTokensUsd").asDouble(pricing.promptPer1kTokensUsd());
            double completion = price.path("completionPer1kTokensUsd").asDouble(pricing.completionPer1kTokensUsd());
            try {
                pricing = new JudgePricing(prompt, completion);
            } catch (IllegalArgumentException e) {
                p.add(at + ".pricing", e.getMessage());
                ok = false;
            }
        } else if (price != null) {
            ok = false;
        }
        return ok ? Optional.of(new ModelSpec(baseUrl, name, key.strip(), temperature, pricing)) : Optional.empty();
    }

    private static Optional<Long> whole(JsonNode node, String key, String at, ProblemCollector p) {
        if (!node.has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        return p.check(v.canConvertToLong() && v.isIntegralNumber(), at + "." + key, "must be a whole number")
                ? Optional.of(v.asLong()) : Optional.empty();
    }

    /** An int setter's value: one past the int range is out of every range, and says so. */
    private static int clamp(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** What CallerMode's checks run against while the file is read: nothing is asked of it. */
    private static final CallerModel PLACEHOLDER = new CallerModel() {
        @Override
        public ChatReply answer(CallerPrompt prompt, Duration timeout) {
            throw new IllegalStateException("not a model");
        }

        @Override
        public String describe() {
            return "(checking)";
        }
    };

    /** The callers' model as the file gives it; the key as read from the environment. */
    private record ModelSpec(String baseUrl, String name, String apiKey, double temperature, JudgePricing pricing) {
        @Override
        public String toString() {
            return "ModelSpec[" + baseUrl + ", " + name + "]"; // never the key
        }
    }

    /** The callers a file describes, checked and not yet opened. */
    public static final class Spec {
        static final Spec SCRIPTED = new Spec(Optional.empty(), List.of());

        private final Optional<ModelSpec> model;
        private final List<UnaryOperator<CallerMode>> bounds;

        private Spec(Optional<ModelSpec> model, List<UnaryOperator<CallerMode>> bounds) {
            this.model = model;
            this.bounds = bounds;
        }

        /** Whether the callers improvise. */
        public boolean improvising() {
            return model.isPresent();
        }

        /** The callers, their model connected; close them after the run. */
        public Callers open() {
            if (model.isEmpty()) {
                return new Callers(CallerMode.scripted(), Optional.empty());
            }
            ModelSpec m = model.get();
            int inFlight = bounded(CallerMode.improvising(PLACEHOLDER)).maxConcurrentRequests();
            // the client's own bulkhead must not be narrower than the callers' cap on requests in flight
            ChatModel chat = ChatModel.builder().baseUrl(m.baseUrl()).model(m.name()).apiKey(m.apiKey())
                    .pricing(m.pricing()).resilience(ResilienceConfig.custom().maxConcurrentCalls(Math.max(inFlight,
                            ResilienceConfig.DEFAULT_MAX_CONCURRENT_CALLS)).build()).build();
            return new Callers(bounded(CallerMode.improvising(CallerModel.chatCompletions(chat, m.temperature()))),
                    Optional.of(chat));
        }

        private CallerMode bounded(CallerMode mode) {
            for (UnaryOperator<CallerMode> bound : bounds) {
                mode = bound.apply(mode);
            }
            return mode;
        }
    }

    /**
     * Callers ready for {@code Simulation.Builder.callers(mode)}, with the model client they hold.
     *
     * @param mode  the callers
     * @param model the client to close after the run; empty for scripted callers
     */
    public record Callers(CallerMode mode, Optional<ChatModel> model) implements AutoCloseable {
        @Override
        public void close() {
            model.ifPresent(ChatModel::close);
        }
    }
}
