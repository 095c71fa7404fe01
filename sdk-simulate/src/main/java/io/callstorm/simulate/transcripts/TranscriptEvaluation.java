package io.callstorm.simulate.transcripts;

import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.local.LocalEvaluators;
import io.callstorm.eval.transcripts.TranscriptFile;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.gate.RegressionThresholds;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.transcripts.internal.TranscriptScoring;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Scores conversations recorded elsewhere (a {@link TranscriptFile}) with the evaluators a simulation uses, and
 * gives them the report, gate and files of a simulation: {@code quality} and {@code evaluation} sections of the
 * same shape, the same gate conditions, {@code junit.xml}, plus a verdict per conversation.
 *
 * <pre>{@code
 * TranscriptFile file = TranscriptFile.read(Path.of("transcripts.jsonl"));
 * EvaluatedTranscripts scored = TranscriptEvaluation.builder()
 *     .evaluators(LocalEvaluators.all())                         // the default
 *     .gate(Gate.parse("conversation_resolution>=0.80"))
 *     .build()
 *     .evaluate(file, "transcripts.jsonl");
 * scored.write(Path.of("callstorm-out"));
 * boolean ship = scored.gatePassed();
 * }</pre>
 *
 * <p>Every conversation is scored: through an {@link io.callstorm.eval.pool.EvaluationPool} whose full queue makes
 * the reader wait ({@link io.callstorm.eval.pool.QueuePolicy#WAIT}: nothing is dropped, there is no load to
 * protect). A rubric that needs an expectation a line does not state is an error for that line (see
 * {@link io.callstorm.eval.transcripts.Expectations}). Transcripts have no concurrency: every conversation is
 * placed at concurrency 1, so each rubric has one quality row, and a gate reads its pass rate over all of them.
 */
public final class TranscriptEvaluation {
    /** Scoring threads unless set: as a simulation's pool. */
    public static final int DEFAULT_THREADS = io.callstorm.eval.pool.EvaluationPool.DEFAULT_THREADS;
    /** How long the scoring may take after the last conversation is handed over, unless set. */
    public static final Duration DEFAULT_FINISH_TIMEOUT = Duration.ofMinutes(10);

    private final Builder b;

    private TranscriptEvaluation(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder(LocalEvaluators.all(), DEFAULT_THREADS, DEFAULT_FINISH_TIMEOUT, Gate.none(),
                Optional.empty(), RegressionThresholds.defaults(), "");
    }

    /**
     * Scores every conversation of {@code file}; {@code source} names the file in the report and outputs. Bad lines
     * are not scored and are listed in the result.
     */
    public EvaluatedTranscripts evaluate(TranscriptFile file, String source) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(source, "source");
        return TranscriptScoring.score(file, source, b.name.isEmpty() ? "eval " + source : b.name, b.evaluators,
                b.threads, b.finishTimeout, b.gate, b.baseline, b.thresholds);
    }

    /** The evaluators, in order. */
    public List<Evaluator> evaluators() {
        return b.evaluators;
    }

    /** Immutable: every setter returns a new builder. */
    public static final class Builder {
        private final List<Evaluator> evaluators;
        private final int threads;
        private final Duration finishTimeout;
        private final Gate gate;
        private final Optional<SimulationReport> baseline;
        private final RegressionThresholds thresholds;
        private final String name;

        private Builder(List<Evaluator> evaluators, int threads, Duration finishTimeout, Gate gate,
                        Optional<SimulationReport> baseline, RegressionThresholds thresholds, String name) {
            this.evaluators = evaluators;
            this.threads = threads;
            this.finishTimeout = finishTimeout;
            this.gate = gate;
            this.baseline = baseline;
            this.thresholds = thresholds;
            this.name = name;
        }

        /** The evaluators, one per rubric; {@link LocalEvaluators#all()} unless set. */
        public Builder evaluators(List<? extends Evaluator> evaluators) {
            return new Builder(List.copyOf(evaluators), threads, finishTimeout, gate, baseline, thresholds, name);
        }

        /** Scoring threads; {@link #DEFAULT_THREADS} unless set (a judge likes 16, its bulkhead). */
        public Builder threads(int threads) {
            return new Builder(evaluators, threads, finishTimeout, gate, baseline, thresholds, name);
        }

        /** How long scoring may go on after the last conversation was handed over; 10 minutes unless set. */
        public Builder finishTimeout(Duration timeout) {
            return new Builder(evaluators, threads, timeout, gate, baseline, thresholds, name);
        }

        /** The gate the report is judged by; none unless set. */
        public Builder gate(Gate gate) {
            return new Builder(evaluators, threads, finishTimeout, gate, baseline, thresholds, name);
        }

        /** A baseline report to compare with; regressions past {@code thresholds} fail the gate. */
        public Builder baseline(SimulationReport baseline, RegressionThresholds thresholds) {
            return new Builder(evaluators, threads, finishTimeout, gate, Optional.of(baseline), thresholds, name);
        }

        /** The report's {@code simulation.name}; {@code eval <source>} unless set. */
        public Builder name(String name) {
            return new Builder(evaluators, threads, finishTimeout, gate, baseline, thresholds, name);
        }

        /** Every problem, each with its field path; empty when {@link #build()} will succeed. */
        public List<io.callstorm.core.validation.Problem> problems() {
            ProblemCollector p = new ProblemCollector();
            p.check(evaluators != null && !evaluators.isEmpty(), "evaluators", "needs at least one evaluator");
            if (evaluators != null) {
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < evaluators.size(); i++) {
                    Evaluator e = evaluators.get(i);
                    if (p.check(e != null, "evaluators[" + i + "]", "must not be null")) {
                        p.check(seen.add(e.rubric()), "evaluators[" + i + "]", "a second evaluator for rubric "
                                + e.rubric() + "; one evaluator per rubric");
                    }
                }
            }
            p.check(threads >= 1 && threads <= 256, "threads", "must be 1 to 256, was " + threads);
            p.check(finishTimeout != null && !finishTimeout.isNegative() && !finishTimeout.isZero(), "finishTimeout",
                    "must be positive, was " + finishTimeout);
            p.check(gate != null, "gate", "must not be null (Gate.none() for none)");
            p.check(thresholds != null, "thresholds", "must not be null");
            p.check(name != null, "name", "must not be null");
            if (gate != null && evaluators != null && evaluators.stream().allMatch(Objects::nonNull)) {
                gate.checkNames(evaluators.stream().map(Evaluator::rubric).toList(), "gate", p);
            }
            return p.problems();
        }

        /** The evaluation; throws {@link ConfigurationException} listing every problem. */
        public TranscriptEvaluation build() {
            List<io.callstorm.core.validation.Problem> problems = problems();
            if (!problems.isEmpty()) {
                throw new ConfigurationException("transcript evaluation", problems);
            }
            return new TranscriptEvaluation(this);
        }
    }
}
