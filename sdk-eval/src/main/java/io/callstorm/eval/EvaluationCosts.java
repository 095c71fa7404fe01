package io.callstorm.eval;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of model tokens and estimated cost per rubric, for the report. Thread-safe and cheap to
 * record into from many evaluation threads at once; {@link #snapshot()} reads a consistent-enough copy
 * (each counter is exact, counters may be read a few records apart while evaluations are still running).
 *
 * <pre>{@code
 * EvaluationCosts costs = new EvaluationCosts();
 * LlmJudge judge = LlmJudge.builder().model("gpt-4o-mini").costs(costs).build();
 * // ... evaluate ...
 * costs.snapshot().values().forEach(System.out::println);   // is_polite: 120 evaluations, ... $0.0213
 * }</pre>
 */
public final class EvaluationCosts {
    private final Map<String, Totals> byRubric = new ConcurrentHashMap<>();

    /** Adds one evaluation's usage to its rubric. */
    public void record(String rubric, EvalUsage usage) {
        Objects.requireNonNull(rubric, "rubric");
        Objects.requireNonNull(usage, "usage");
        Totals t = byRubric.computeIfAbsent(rubric, r -> new Totals());
        t.evaluations.increment();
        t.promptTokens.add(usage.promptTokens());
        t.completionTokens.add(usage.completionTokens());
        t.costUsd.add(usage.costUsd());
    }

    /** The totals of one rubric; all zero when nothing was recorded for it. */
    public RubricCost forRubric(String rubric) {
        Totals t = byRubric.get(rubric);
        return t == null ? new RubricCost(rubric, 0, 0, 0, 0.0) : t.toCost(rubric);
    }

    /** The totals of every rubric recorded, by rubric name. */
    public Map<String, RubricCost> snapshot() {
        Map<String, RubricCost> out = new TreeMap<>();
        byRubric.forEach((rubric, t) -> out.put(rubric, t.toCost(rubric)));
        return Collections.unmodifiableMap(out);
    }

    /** The sum over all rubrics, named {@code total}. */
    public RubricCost total() {
        long evaluations = 0;
        long prompt = 0;
        long completion = 0;
        double cost = 0;
        for (RubricCost c : snapshot().values()) {
            evaluations += c.evaluations();
            prompt += c.promptTokens();
            completion += c.completionTokens();
            cost += c.costUsd();
        }
        return new RubricCost("total", evaluations, prompt, completion, cost);
    }

    @Override
    public String toString() {
        return "EvaluationCosts" + snapshot().values();
    }

    private static final class Totals {
        final LongAdder evaluations = new LongAdder();
        final LongAdder promptTokens = new LongAdder();
        final LongAdder completionTokens = new LongAdder();
        final DoubleAdder costUsd = new DoubleAdder();

        RubricCost toCost(String rubric) {
            return new RubricCost(rubric, evaluations.sum(), promptTokens.sum(), completionTokens.sum(), costUsd.sum());
        }
    }
}
