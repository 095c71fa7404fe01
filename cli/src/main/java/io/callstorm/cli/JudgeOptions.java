package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.http.ResilienceConfig;
import io.callstorm.eval.judge.LlmJudge;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code --judge-url}, {@code --judge-model} and {@code --judge-rubrics}: the same on every command that scores
 * conversations ({@code demo}, {@code eval}). The key is read from the environment only, and never printed.
 */
final class JudgeOptions {
    @Option(names = "--judge-url", paramLabel = "URL", description = "Score some rubrics with an LLM judge at this "
            + "OpenAI-compatible base URL, e.g. https://api.openai.com/v1; its key comes from "
            + LlmJudge.API_KEY_ENV + ".")
    String judgeUrl;

    @Option(names = "--judge-model", paramLabel = "MODEL", description = "The judge's model (default: "
            + LlmJudge.MODEL_ENV + ", else " + LlmJudge.DEFAULT_MODEL + ").")
    String judgeModel;

    @Option(names = "--judge-rubrics", split = ",", paramLabel = "RUBRICS", description = "Rubrics the judge scores; "
            + "the others stay local (default: " + JudgeOptions.DEFAULT_JUDGE_RUBRICS + ").")
    List<String> judgeRubrics = new ArrayList<>();

    /** Rubrics a judge scores unless {@code --judge-rubrics} says otherwise: the two that are matters of tone. */
    static final String DEFAULT_JUDGE_RUBRICS = Rubrics.IS_POLITE + "," + Rubrics.IS_HELPFUL;
    /** Evaluation threads with a judge: its calls wait on the network, and its bulkhead admits 16 at a time. */
    static final int JUDGE_THREADS = ResilienceConfig.DEFAULT_MAX_CONCURRENT_CALLS;

    /** Whether a judge was asked for. */
    boolean enabled() {
        return judgeUrl != null;
    }

    /** The rubrics to judge, checked (the key's presence too); empty without {@code --judge-url}. */
    List<String> rubrics(Function<String, String> environment, ProblemCollector p) {
        if (judgeUrl == null) {
            p.check(judgeModel == null, "--judge-model", "needs --judge-url");
            p.check(judgeRubrics.isEmpty(), "--judge-rubrics", "needs --judge-url");
            return List.of();
        }
        p.check(isHttpUrl(judgeUrl.strip()), "--judge-url",
                "must be an http(s) URL, e.g. https://api.openai.com/v1, was \"" + judgeUrl + "\"");
        String key = environment.apply(LlmJudge.API_KEY_ENV);
        p.check(key != null && !key.isBlank(), "--judge-url", "needs the judge's API key in " + LlmJudge.API_KEY_ENV
                + " (a local server that needs none accepts any value)");
        p.check(judgeModel == null || !judgeModel.isBlank(), "--judge-model", "must not be blank");
        List<String> rubrics = new ArrayList<>();
        for (String r : judgeRubrics.isEmpty() ? List.of(DEFAULT_JUDGE_RUBRICS.split(",")) : judgeRubrics) {
            String name = r.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (p.check(Rubrics.CORE.contains(name), "--judge-rubrics",
                    "unknown rubric \"" + name + "\"; allowed: " + String.join(", ", Rubrics.CORE))) {
                rubrics.add(name);
            }
        }
        p.check(!rubrics.isEmpty() || judgeRubrics.stream().anyMatch(r -> !r.isBlank()), "--judge-rubrics",
                "must name at least one rubric");
        return List.copyOf(rubrics);
    }

    /** The judge's model: {@code --judge-model}, else the environment's, else the default. */
    String model(Function<String, String> environment) {
        if (judgeModel != null) {
            return judgeModel.strip();
        }
        String fromEnv = environment.apply(LlmJudge.MODEL_ENV);
        return fromEnv == null || fromEnv.isBlank() ? LlmJudge.DEFAULT_MODEL : fromEnv.strip();
    }

    /** The judge, when {@code --judge-url} asks for one; the caller closes it. */
    Judge open(Function<String, String> environment) {
        if (judgeUrl == null) {
            return new Judge(Optional.empty());
        }
        return new Judge(Optional.of(LlmJudge.builder().baseUrl(judgeUrl.strip()).model(model(environment))
                .apiKey(environment.apply(LlmJudge.API_KEY_ENV)).build()));
    }

    /** What the console says about the judge: the rubrics, model and URL, never the key. */
    String describe(List<String> rubrics, Function<String, String> environment) {
        return "Scoring " + String.join(", ", rubrics) + " with the judge " + model(environment) + " at "
                + judgeUrl.strip() + "; the other rubrics locally";
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    /** A judge, when one was asked for; closing closes it. */
    record Judge(Optional<LlmJudge> judge) implements AutoCloseable {
        /** {@code evaluators} with each of {@code rubrics} scored by the judge instead (added when absent). */
        List<Evaluator> swapInto(List<Evaluator> evaluators, List<String> rubrics) {
            if (judge.isEmpty()) {
                return evaluators;
            }
            List<Evaluator> out = new ArrayList<>();
            for (Evaluator e : evaluators) {
                out.add(rubrics.contains(e.rubric()) ? judge.get().evaluator(e.rubric()) : e);
            }
            for (String r : rubrics) {
                if (out.stream().noneMatch(e -> e.rubric().equals(r))) {
                    out.add(judge.get().evaluator(r));
                }
            }
            return List.copyOf(out);
        }

        @Override
        public void close() {
            judge.ifPresent(LlmJudge::close);
        }
    }
}
