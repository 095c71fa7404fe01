package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.judge.LlmJudge;
import io.callstorm.eval.local.LocalEvaluators;
import io.callstorm.eval.pool.QueuePolicy;
import io.callstorm.eval.remote.RemoteEvaluator;
import io.callstorm.simulate.evaluate.EvaluationConfig;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A simulation file's {@code evaluation:}: which rubrics are scored and by what, and on how many calls. Keys are
 * named by their environment variables, never written in the file; a variable that is not set is a problem before
 * the run, and its value is never printed.
 *
 * <pre>{@code
 * evaluation:
 *   rubrics: [conversation_resolution, task_completion, is_polite, is_helpful, is_concise]   # the default
 *   judge:                              # an OpenAI-compatible LLM judge for some rubrics
 *     url: https://api.openai.com/v1
 *     model: gpt-4o-mini
 *     apiKeyEnv: OPENAI_API_KEY         # default CALLSTORM_JUDGE_API_KEY
 *     rubrics: [is_polite, is_helpful]
 *   remote:                             # the remote eval API, a template per rubric
 *     url: https://api.futureagi.com
 *     apiKeyEnv: FI_API_KEY
 *     secretKeyEnv: FI_SECRET_KEY
 *     templates: {task_completion: task_completion}
 *   sample: 0.1                         # the share of calls scored (by call id: the same calls every run)
 *   threads: 16
 *   queueCapacity: 100000
 *   whenFull: drop                      # drop (and count) | wait
 * }</pre>
 */
final class EvaluationSection {
    private static final List<String> KEYS = List.of("rubrics", "judge", "remote", "sample", "threads",
            "queueCapacity", "whenFull");
    private static final List<String> JUDGE_KEYS = List.of("url", "model", "apiKeyEnv", "rubrics");
    private static final List<String> REMOTE_KEYS = List.of("url", "apiKeyEnv", "secretKeyEnv", "templates");
    private static final String ENV_NAME = "[A-Za-z_][A-Za-z0-9_]{0,127}";

    private EvaluationSection() {
    }

    /**
     * The evaluation {@code node} describes; {@code defaultRubrics} when it names none.
     *
     * @param environment where the named keys are looked up (only whether they are set)
     */
    static EvaluationSpec read(JsonNode node, List<String> defaultRubrics, Function<String, String> environment,
                               ProblemCollector p) {
        if (node == null) {
            return EvaluationSpec.defaults(defaultRubrics);
        }
        if (!KnownKeys.mapping(node, "evaluation", KEYS, "a mapping ({rubrics, judge, remote, sample, threads, "
                + "queueCapacity, whenFull})", p)) {
            return EvaluationSpec.defaults(defaultRubrics);
        }
        Optional<EvaluationSpec.Judge> judge = judge(node.get("judge"), environment, p);
        Optional<EvaluationSpec.Remote> remote = remote(node.get("remote"), environment, p);
        Set<String> rubrics = new LinkedHashSet<>(node.has("rubrics")
                ? names(node.get("rubrics"), "evaluation.rubrics", p) : defaultRubrics);
        judge.ifPresent(j -> rubrics.addAll(j.rubrics()));
        remote.ifPresent(r -> rubrics.addAll(r.templates().keySet()));
        int i = 0;
        for (String rubric : rubrics) {
            boolean scored = LocalEvaluators.forRubric(rubric).isPresent()
                    || judge.map(j -> j.rubrics().contains(rubric)).orElse(false)
                    || remote.map(r -> r.templates().containsKey(rubric)).orElse(false);
            p.check(scored, "evaluation.rubrics" + (node.has("rubrics") ? "[" + i + "]" : ""), "\"" + rubric
                    + "\" has no scorer: the local ones are " + String.join(", ", local()) + "; another needs "
                    + "evaluation.remote.templates");
            i++;
        }
        return new EvaluationSpec(List.copyOf(rubrics), judge, remote, config(node, p));
    }

    private static List<String> local() {
        List<String> local = new ArrayList<>(Rubrics.CORE);
        local.addAll(Rubrics.AUDIO);
        return local;
    }

    private static EvaluationConfig config(JsonNode node, ProblemCollector p) {
        EvaluationConfig.Builder b = EvaluationConfig.builder();
        if (node.has("sample")) {
            JsonNode n = node.get("sample");
            if (p.check(n.isNumber(), "evaluation.sample", "must be a share of calls above 0 and up to 1, e.g. "
                    + "0.1, was " + n.asText())) {
                b = b.sample(n.asDouble());
            }
        }
        if (node.has("threads")) {
            JsonNode n = node.get("threads");
            if (p.check(n.canConvertToInt() && n.isIntegralNumber(), "evaluation.threads",
                    "must be a whole number 1..1024, was " + n.asText())) {
                b = b.threads(n.asInt());
            }
        }
        if (node.has("queueCapacity")) {
            JsonNode n = node.get("queueCapacity");
            if (p.check(n.canConvertToInt() && n.isIntegralNumber(), "evaluation.queueCapacity",
                    "must be a whole number 1..10000000, was " + n.asText())) {
                b = b.queueCapacity(n.asInt());
            }
        }
        if (node.has("whenFull")) {
            String when = node.get("whenFull").asText("").toLowerCase(Locale.ROOT);
            if (p.check(when.equals("drop") || when.equals("wait"), "evaluation.whenFull",
                    "must be drop (count the calls left unscored, never slow the load) or wait, was \""
                            + node.get("whenFull").asText("") + "\"")) {
                b = b.whenFull(when.equals("wait") ? QueuePolicy.WAIT : QueuePolicy.DROP_AND_COUNT);
            }
        }
        try {
            return b.build();
        } catch (ConfigurationException e) {
            e.problems().forEach(problem -> p.add(problem.path(), problem.message()));
            return EvaluationConfig.defaults();
        }
    }

    private static Optional<EvaluationSpec.Judge> judge(JsonNode node, Function<String, String> environment,
                                                        ProblemCollector p) {
        if (node == null || !KnownKeys.mapping(node, "evaluation.judge", JUDGE_KEYS, "a mapping ({url, model, "
                + "apiKeyEnv, rubrics})", p)) {
            return Optional.empty();
        }
        String url = url(node, "evaluation.judge.url", LlmJudge.DEFAULT_BASE_URL, p);
        String model = node.path("model").asText(LlmJudge.DEFAULT_MODEL).strip();
        p.check(!model.isEmpty(), "evaluation.judge.model", "must not be blank");
        String keyEnv = env(node, "apiKeyEnv", "evaluation.judge.apiKeyEnv", LlmJudge.API_KEY_ENV, environment,
                p);
        List<String> rubrics = node.has("rubrics") ? names(node.get("rubrics"), "evaluation.judge.rubrics", p)
                : List.of(Rubrics.IS_POLITE, Rubrics.IS_HELPFUL);
        for (int i = 0; i < rubrics.size(); i++) {
            p.check(Rubrics.CORE.contains(rubrics.get(i)), "evaluation.judge.rubrics[" + i + "]", "unknown "
                    + "rubric \"" + rubrics.get(i) + "\"; the judge scores " + String.join(", ", Rubrics.CORE));
        }
        return Optional.of(new EvaluationSpec.Judge(url, model, keyEnv, rubrics));
    }

    private static Optional<EvaluationSpec.Remote> remote(JsonNode node, Function<String, String> environment,
                                                          ProblemCollector p) {
        if (node == null || !KnownKeys.mapping(node, "evaluation.remote", REMOTE_KEYS, "a mapping ({url, "
                + "apiKeyEnv, secretKeyEnv, templates})", p)) {
            return Optional.empty();
        }
        String url = url(node, "evaluation.remote.url", RemoteEvaluator.DEFAULT_BASE_URL, p);
        String keyEnv = env(node, "apiKeyEnv", "evaluation.remote.apiKeyEnv", RemoteEvaluator.API_KEY_ENV,
                environment, p);
        String secretEnv = env(node, "secretKeyEnv", "evaluation.remote.secretKeyEnv",
                RemoteEvaluator.SECRET_KEY_ENV, environment, p);
        Map<String, String> templates = new LinkedHashMap<>();
        JsonNode t = node.get("templates");
        if (t == null || !t.isObject() || t.isEmpty()) {
            p.add("evaluation.remote.templates", "must map each rubric it scores to an eval template, e.g. "
                    + "{task_completion: task_completion}");
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (p.check(e.getValue().isTextual() && !e.getValue().asText().isBlank(),
                        "evaluation.remote.templates." + e.getKey(), "must be the name of an eval template")) {
                    templates.put(e.getKey(), e.getValue().asText().strip());
                }
            }
        }
        return Optional.of(new EvaluationSpec.Remote(url, keyEnv, secretEnv, templates));
    }

    private static String url(JsonNode node, String at, String otherwise, ProblemCollector p) {
        String url = node.has("url") ? node.get("url").asText("").strip() : otherwise;
        boolean http;
        try {
            URI uri = new URI(url);
            http = ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (Exception e) {
            http = false;
        }
        p.check(http, at, "must be an http(s) URL, was \"" + url + "\"");
        return url;
    }

    /** The name of the variable holding a key, checked to be set (its value never shown). */
    private static String env(JsonNode node, String key, String at, String otherwise,
                              Function<String, String> environment, ProblemCollector p) {
        String name = node.has(key) ? node.get(key).asText("").strip() : otherwise;
        if (!p.check(name.matches(ENV_NAME), at, "must be the name of an environment variable, such as "
                + otherwise + "; the key itself never goes in the file (what is written is not shown, in case it "
                + "is one)")) {
            return name;
        }
        String value = environment.apply(name);
        p.check(value != null && !value.isBlank(), at, name + " is not set: export the key in it (a local server "
                + "that needs none accepts any value)");
        return name;
    }

    private static List<String> names(JsonNode node, String at, ProblemCollector p) {
        List<String> out = new ArrayList<>();
        if (node == null || !node.isArray()) {
            p.add(at, "must be a list of rubric names, e.g. [conversation_resolution, is_polite]");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            if (p.check(node.get(i).isTextual() && !node.get(i).asText().isBlank(), at + "[" + i + "]",
                    "must be a rubric name")) {
                out.add(node.get(i).asText().strip());
            }
        }
        return out;
    }
}
