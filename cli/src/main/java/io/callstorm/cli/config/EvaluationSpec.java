package io.callstorm.cli.config;

import io.callstorm.eval.Evaluator;
import io.callstorm.eval.judge.LlmJudge;
import io.callstorm.eval.local.LocalEvaluators;
import io.callstorm.eval.remote.RemoteEvaluator;
import io.callstorm.simulate.evaluate.EvaluationConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a simulation file's calls are scored ({@code evaluation:}): the rubrics, which of them a judge or the remote
 * eval API scores instead of the local scorers, and the pool (threads, queue, share of calls). Secrets are held by
 * the names of their environment variables only, and read when the evaluators are opened.
 *
 * @param rubrics the rubrics scored, in order
 * @param judge   the LLM judge and the rubrics it scores, when set
 * @param remote  the remote eval API and the template per rubric it scores, when set
 * @param config  the evaluation pool's settings, the share of calls scored among them
 */
public record EvaluationSpec(List<String> rubrics, Optional<Judge> judge, Optional<Remote> remote,
                             EvaluationConfig config) {
    public EvaluationSpec {
        rubrics = List.copyOf(rubrics);
    }

    /** What a file without {@code evaluation:} scores: the local rubrics, every call. */
    public static EvaluationSpec defaults(List<String> rubrics) {
        return new EvaluationSpec(rubrics, Optional.empty(), Optional.empty(), EvaluationConfig.defaults());
    }

    /**
     * An OpenAI-compatible judge.
     *
     * @param url       the base URL, e.g. {@code https://api.openai.com/v1}
     * @param model     the model
     * @param apiKeyEnv the environment variable holding the key
     * @param rubrics   the rubrics it scores
     */
    public record Judge(String url, String model, String apiKeyEnv, List<String> rubrics) {
        public Judge {
            rubrics = List.copyOf(rubrics);
        }
    }

    /**
     * The remote eval API.
     *
     * @param url          its base URL
     * @param apiKeyEnv    the environment variable holding the API key
     * @param secretKeyEnv the environment variable holding the secret key
     * @param templates    rubric to the eval template that scores it
     */
    public record Remote(String url, String apiKeyEnv, String secretKeyEnv, Map<String, String> templates) {
        public Remote {
            templates = Map.copyOf(templates);
        }
    }

    /**
     * Opens the evaluators: each rubric by the judge or the remote API when they score it, else locally. Keys are
     * read from {@code environment} now; close the result after the run.
     */
    public Opened open(Function<String, String> environment) {
        Optional<LlmJudge> llm = judge.map(j -> LlmJudge.builder().baseUrl(j.url()).model(j.model())
                .apiKey(environment.apply(j.apiKeyEnv())).build());
        Optional<RemoteEvaluator> api = remote.map(r -> RemoteEvaluator.builder().baseUrl(r.url())
                .apiKey(environment.apply(r.apiKeyEnv())).secretKey(environment.apply(r.secretKeyEnv())).build());
        List<Evaluator> evaluators = new ArrayList<>();
        for (String rubric : rubrics) {
            if (llm.isPresent() && judge.get().rubrics().contains(rubric)) {
                evaluators.add(llm.get().evaluator(rubric));
            } else if (api.isPresent() && remote.get().templates().containsKey(rubric)) {
                evaluators.add(api.get().asEvaluator(rubric, remote.get().templates().get(rubric)));
            } else {
                evaluators.add(LocalEvaluators.forRubric(rubric).orElseThrow());
            }
        }
        return new Opened(List.copyOf(evaluators), llm, api);
    }

    /** Evaluators ready for a run, and the clients behind them, closed with this. */
    public record Opened(List<Evaluator> evaluators, Optional<LlmJudge> judge, Optional<RemoteEvaluator> remote)
            implements AutoCloseable {
        @Override
        public void close() {
            judge.ifPresent(LlmJudge::close);
            remote.ifPresent(RemoteEvaluator::close);
        }
    }
}
