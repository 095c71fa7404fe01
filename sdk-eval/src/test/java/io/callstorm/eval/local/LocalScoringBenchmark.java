package io.callstorm.eval.local;

import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.pool.EvaluationPool;
import io.callstorm.eval.pool.QueuePolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Throughput of the five local scorers, one thread scoring in a loop: on the first 45 labelled conversations (the set
 * earlier figures were taken on: short calls, like a load test's) and on every labelled conversation (540, with the
 * long replies of verbose agents); then an {@link EvaluationPool} with as many threads as processors. A main, not a
 * test, so that the build never depends on the machine's speed. Run after {@code mvn -pl sdk-eval test-compile}:
 *
 * <pre>
 * java -cp "sdk-eval/target/test-classes:sdk-eval/target/classes:$(cat cp.txt)" \
 *     io.callstorm.eval.local.LocalScoringBenchmark [seconds]
 * </pre>
 */
public final class LocalScoringBenchmark {
    private LocalScoringBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        List<Conversation> set = load();
        List<Conversation> first = set.subList(0, 45);
        List<Evaluator> evaluators = LocalEvaluators.all();
        System.out.printf(Locale.ROOT, "%d labelled conversations, %d local scorers, %d processors%n", set.size(),
                evaluators.size(), Runtime.getRuntime().availableProcessors());

        run(set, evaluators, seconds / 3); // warm-up
        double short45 = run(first, evaluators, seconds);
        System.out.printf(Locale.ROOT, "single thread, the first 45: %,.0f conversations/s (%,.0f evaluations/s)%n",
                short45, short45 * evaluators.size());
        double single = run(set, evaluators, seconds);
        System.out.printf(Locale.ROOT, "single thread, all %d: %,.0f conversations/s (%,.0f evaluations/s)%n",
                set.size(), single, single * evaluators.size());

        int threads = Runtime.getRuntime().availableProcessors();
        long n = (long) Math.max(100_000, single * seconds);
        try (EvaluationPool pool = EvaluationPool.builder(evaluators).threads(threads).queueCapacity(50_000)
                .whenFull(QueuePolicy.WAIT).build()) {
            long start = System.nanoTime();
            for (long i = 0; i < n; i++) {
                pool.submit(set.get((int) (i % set.size())), s -> { });
            }
            pool.awaitIdle(Duration.ofMinutes(5));
            double took = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "EvaluationPool, %d threads: %,.0f conversations/s (%s)%n", threads,
                    n / took, pool.stats());
        }
    }

    private static double run(List<Conversation> set, List<Evaluator> evaluators, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long scored = 0;
        long passes = 0;
        while (System.nanoTime() < deadline) {
            for (Conversation c : set) {
                for (Evaluator e : evaluators) {
                    EvalResult r = e.evaluate(c);
                    if (r.passed()) {
                        passes++;
                    }
                }
                scored++;
            }
        }
        if (passes < 0) {
            System.out.println(passes); // keeps the results alive
        }
        return scored / ((System.nanoTime() - start) / 1e9);
    }

    /** Every labelled conversation, both parts: the variety of lengths and tool calls the scorers meet. */
    private static List<Conversation> load() {
        List<Conversation> set = new ArrayList<>();
        LabelledSet.development().forEach(l -> set.add(l.toConversation()));
        LabelledSet.test().forEach(l -> set.add(l.toConversation()));
        return set;
    }
}
