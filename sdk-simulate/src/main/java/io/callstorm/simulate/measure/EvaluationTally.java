package io.callstorm.simulate.measure;

import java.util.TreeSet;

import java.util.Comparator;

import io.callstorm.simulate.report.FailedVerdict;

import io.callstorm.eval.Evaluator;
import io.callstorm.simulate.report.EvaluationSetup;
import io.callstorm.simulate.report.EvaluationSummary;
import io.callstorm.simulate.report.RubricEvaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts a run's evaluations from its call lines, in the order they are written to {@code calls.jsonl}: verdicts,
 * errors, drops, tokens and cost per rubric,. A live run and a
 * rebuild from the file feed it the same lines in the same order, so both get the same figures, to the last bit
 * of every summed cost. Not thread-safe: one thread feeds it.
 */
public final class EvaluationTally {
    /** Evaluator kind of the local rule scorers. */
    public static final String LOCAL = "local";
    /** Evaluator kind of an LLM judge. */
    public static final String JUDGE = "judge";
    /** Evaluator kind of the remote eval API. */
    public static final String REMOTE = "remote";
    /** Evaluator kind of anything else. */
    public static final String CUSTOM = "custom";
    private static final String UNKNOWN = "unknown";
    private static final Comparator<FailedVerdict> ORDER = Comparator.comparingInt(FailedVerdict::concurrency)
            .reversed().thenComparing(FailedVerdict::callId);

    private static final class Counts {
        long passed;
        long failed;
        long errors;
        long promptTokens;
        long completionTokens;
        double costUsd;
    }

    private final Map<String, Counts> byRubric = new LinkedHashMap<>();
    private final Map<String, TreeSet<FailedVerdict>> examples = new LinkedHashMap<>();
    private long scored;
    private long dropped;
    private long sampledOut;
    private long unmarkedUnscored;

    /** @param rubrics the rubrics the run scores, in order (rows for them even when no call was scored) */
    public EvaluationTally(List<String> rubrics) {
        rubrics.forEach(r -> byRubric.put(r, new Counts()));
    }

    /** The kind of an evaluator, from where it comes: {@code local}, {@code judge}, {@code remote} or {@code custom}. */
    public static String kindOf(Evaluator evaluator) {
        String pkg = evaluator.getClass().getPackageName();
        return switch (pkg) {
            case "io.callstorm.eval.local" -> LOCAL;
            case "io.callstorm.eval.judge" -> JUDGE;
            case "io.callstorm.eval.remote" -> REMOTE;
            default -> CUSTOM;
        };
    }

    /** Counts one call line. */
    public void accept(CallLine line) {
        if (line.scoring() == CallLine.Scoring.DROPPED) {
            dropped++;
            return;
        }
        if (line.scoring() == CallLine.Scoring.SAMPLED_OUT) {
            sampledOut++;
            return;
        }
        if (line.scores().isEmpty()) {
            if (line.scoring() == CallLine.Scoring.UNMARKED) {
                unmarkedUnscored++; // a file written before lines were marked: dropped, if anything was scored
            }
            return;
        }
        scored++;
        line.scores().forEach((rubric, s) -> {
            Counts c = byRubric.computeIfAbsent(rubric, k -> new Counts());
            if (s.isError()) {
                c.errors++;
            } else if (s.passed()) {
                c.passed++;
            } else {
                c.failed++;
                example(rubric, line, s);
            }
            c.promptTokens += s.promptTokens();
            c.completionTokens += s.completionTokens();
            c.costUsd += s.costUsd();
        });
    }

    /** Keeps the failed verdict if it is among the rubric's examples: the highest concurrency, ties by call id. */
    private void example(String rubric, CallLine line, CallLine.Score s) {
        TreeSet<FailedVerdict> kept = examples.computeIfAbsent(rubric, k -> new TreeSet<>(ORDER));
        if (kept.size() == EvaluationSummary.EXAMPLES_PER_RUBRIC) {
            FailedVerdict last = kept.last();
            if (line.concurrency() < last.concurrency()
                    || (line.concurrency() == last.concurrency() && line.callId().compareTo(last.callId()) >= 0)) {
                return; // not among the examples: decided before building one
            }
        }
        kept.add(verdict(rubric, line, s));
        if (kept.size() > EvaluationSummary.EXAMPLES_PER_RUBRIC) {
            kept.pollLast();
        }
    }

    private static FailedVerdict verdict(String rubric, CallLine line, CallLine.Score s) {
        List<CallLine.Turn> turns = line.turns();
        int at = s.turn().filter(t -> t >= 0 && t < turns.size()).orElse(-1);
        if (at < 0) {
            for (int i = turns.size() - 1; i >= 0 && at < 0; i--) {
                at = turns.get(i).speaker() == CallLine.Speaker.AGENT ? i : -1;
            }
        }
        String said = at < 0 ? "" : Excerpts.clip(turns.get(at).text());
        String caller = "";
        for (int i = at - 1; i >= 0 && caller.isEmpty(); i--) {
            caller = turns.get(i).speaker() == CallLine.Speaker.CALLER ? Excerpts.clip(turns.get(i).text()) : "";
        }
        return new FailedVerdict(rubric, line.callId(), line.concurrency(), s.turn(), s.reason(), caller, said);
    }

    /** Calls scored. */
    public long conversationsScored() {
        return scored;
    }

    /** Calls not scored: marked dropped, or, in a file written before lines were marked, unscored beside scored ones. */
    public long conversationsDropped() {
        return dropped + (scored > 0 ? unmarkedUnscored : 0);
    }

    /** The report's {@code evaluation} section. */
    public EvaluationSummary summary(EvaluationSetup setup) {
        long drops = conversationsDropped();
        List<RubricEvaluation> rows = new ArrayList<>();
        Set<String> kinds = new LinkedHashSet<>();
        long[] t = new long[6];
        double cost = 0;
        for (Map.Entry<String, Counts> e : byRubric.entrySet()) {
            Counts c = e.getValue();
            String kind = setup.evaluators().getOrDefault(e.getKey(), UNKNOWN);
            kinds.add(kind);
            rows.add(row(e.getKey(), kind, c.passed, c.failed, c.errors, drops, c.promptTokens, c.completionTokens,
                    c.costUsd));
            t[0] += c.passed;
            t[1] += c.failed;
            t[2] += c.errors;
            t[3] += drops;
            t[4] += c.promptTokens;
            t[5] += c.completionTokens;
            cost += c.costUsd;
        }
        RubricEvaluation total = row("total", String.join("+", kinds), t[0], t[1], t[2], t[3], t[4], t[5], cost);
        List<FailedVerdict> failures = new ArrayList<>();
        byRubric.keySet().forEach(rubric -> failures.addAll(examples.getOrDefault(rubric, new TreeSet<>(ORDER))));
        examples.forEach((rubric, kept) -> {
            if (!byRubric.containsKey(rubric)) {
                failures.addAll(kept);
            }
        });
        return new EvaluationSummary(setup.policy(), setup.threads(), setup.queueCapacity(), scored, drops, rows,
                total, failures, setup.sample(), sampledOut);
    }

    private static RubricEvaluation row(String rubric, String kind, long passed, long failed, long errors,
                                        long dropped, long prompt, long completion, double costUsd) {
        long verdicts = passed + failed;
        double passRate = verdicts == 0 ? 0 : Math.round((double) passed / verdicts * 10_000) / 10_000.0;
        return new RubricEvaluation(rubric, kind, verdicts + errors, passed, failed, errors, dropped, passRate, prompt,
                completion, Math.round(costUsd * 1_000_000) / 1_000_000.0);
    }
}
