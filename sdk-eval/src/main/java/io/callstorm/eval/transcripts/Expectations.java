package io.callstorm.eval.transcripts;

import io.callstorm.core.Outcome;
import io.callstorm.eval.EvalInput;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.InputKey;
import io.callstorm.eval.Rubrics;
import io.callstorm.core.Conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ground truth a transcript line may or may not state, as evaluation inputs, and which rubrics need it.
 *
 * <p>A simulated call always knows what it expected; a conversation recorded elsewhere may not. Rather than judge
 * it against a made-up expectation, {@link #guard(List)} wraps the evaluators of the rubrics that need one
 * ({@code conversation_resolution} needs the expected outcome, {@code task_completion} the expected tool calls) so
 * that a conversation without it gets an {@linkplain EvalResult#error error} naming the missing input, which counts
 * in no pass rate, and the evaluator (a judge: a paid request) is not called.
 *
 * <pre>{@code
 * List<Evaluator> evaluators = Expectations.guard(LocalEvaluators.all());
 * for (ConversationLine line : TranscriptFile.read(path).conversations()) {
 *     evaluators.forEach(e -> System.out.println(e.evaluate(line.input())));
 * }
 * }</pre>
 */
public final class Expectations {
    /** The outcome a correct agent reaches, as the line stated it ({@code expectedOutcome}). */
    public static final InputKey<Outcome> EXPECTED_OUTCOME = InputKey.of("expected_outcome", Outcome.class,
            "the outcome a correct agent reaches (a transcript line's expectedOutcome)");

    /** The tool calls a correct agent makes, as the line stated them ({@code expectedToolCalls}). */
    public static final InputKey<List<String>> EXPECTED_TOOL_CALLS = InputKey.list("expected_tool_calls",
            "the tool calls a correct agent makes (a transcript line's expectedToolCalls)");

    private static final Map<String, InputKey<?>> NEEDED = Map.of(
            Rubrics.CONVERSATION_RESOLUTION, EXPECTED_OUTCOME,
            Rubrics.TASK_COMPLETION, EXPECTED_TOOL_CALLS);

    private Expectations() {
    }

    /** The expectation a rubric needs to be judged, if any: {@code conversation_resolution} and {@code task_completion}. */
    public static Optional<InputKey<?>> neededBy(String rubric) {
        return Optional.ofNullable(NEEDED.get(rubric));
    }

    /**
     * The evaluators, each one whose rubric {@linkplain #neededBy(String) needs an expectation} wrapped so that an
     * input without it is an error naming it; the others as they are. Order is kept.
     */
    public static List<Evaluator> guard(List<? extends Evaluator> evaluators) {
        List<Evaluator> guarded = new ArrayList<>(evaluators.size());
        for (Evaluator e : evaluators) {
            Optional<InputKey<?>> key = neededBy(e.rubric());
            guarded.add(key.isPresent() ? new Guarded(e, key.get()) : e);
        }
        return List.copyOf(guarded);
    }

    /** An evaluator that also requires its rubric's expectation; the evaluation itself is the delegate's. */
    private record Guarded(Evaluator delegate, InputKey<?> expectation) implements Evaluator {
        @Override
        public String rubric() {
            return delegate.rubric();
        }

        @Override
        public EvalResult evaluate(Conversation conversation) {
            return delegate.evaluate(conversation);
        }

        @Override
        public List<InputKey<?>> requiredInputs() {
            List<InputKey<?>> keys = new ArrayList<>(delegate.requiredInputs());
            keys.add(expectation);
            return List.copyOf(keys);
        }

        @Override
        public EvalResult evaluate(EvalInput input) {
            if (!input.has(expectation)) {
                List<InputKey<?>> missing = new ArrayList<>(input.missing(delegate.requiredInputs()));
                missing.add(expectation);
                return EvalResult.error(rubric(), new io.callstorm.eval.MissingInputException(rubric(), missing)
                        .getMessage());
            }
            return delegate.evaluate(input);
        }

        @Override
        public String toString() {
            return delegate + " (needs " + expectation.name() + ")";
        }
    }
}
