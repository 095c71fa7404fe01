package io.callstorm.eval;

import io.callstorm.core.Conversation;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores finished conversations on one rubric. Three kinds sit behind this one interface and mix freely in
 * one list, one kind per rubric: the deterministic {@linkplain io.callstorm.eval.local.LocalEvaluators local
 * scorers}, an {@linkplain io.callstorm.eval.judge.LlmJudge LLM judge} over an OpenAI-compatible endpoint,
 * and the {@linkplain io.callstorm.eval.remote.RemoteEvaluator remote eval API}.
 *
 * <p>Implementations must be thread-safe (one instance scores many conversations concurrently) and must never
 * throw for a well-formed conversation: a conversation the rubric cannot judge, such as one without agent
 * turns, gets a failing result whose reason says why, and an evaluator that cannot reach a verdict at all (a
 * missing input, a model or API that failed) returns an {@linkplain EvalResult#error error} result, which is
 * never a pass. Local evaluators are also deterministic: the same conversation always gets the same result.
 *
 * <pre>{@code
 * List<Evaluator> evaluators = List.of(
 *     LocalEvaluators.forRubric(Rubrics.CONVERSATION_RESOLUTION).orElseThrow(),   // rule
 *     judge.evaluator(Rubrics.IS_POLITE),                                          // LLM judge
 *     remote.asEvaluator(Rubrics.IS_HELPFUL, "is_helpful"));                       // eval API
 * for (Evaluator evaluator : evaluators) {
 *     EvalResult result = evaluator.evaluate(conversation);
 *     System.out.println(result.rubric() + " " + result.status() + ": " + result.reason());
 * }
 * }</pre>
 */
public interface Evaluator {
    /** The rubric this evaluator scores, e.g. one of {@link Rubrics}. */
    String rubric();

    /** Scores one conversation. */
    EvalResult evaluate(Conversation conversation);

    /**
     * The inputs this evaluator needs; {@link InputKey#CONVERSATION} unless it needs more (audio evaluators
     * need audio or speech-to-text output).
     */
    default List<InputKey<?>> requiredInputs() {
        return List.of(InputKey.CONVERSATION);
    }

    /**
     * Scores one set of inputs. The default scores the input's conversation, and returns an
     * {@linkplain EvalResult#error error} naming what is missing when a {@linkplain #requiredInputs() required
     * input} is absent. Evaluators that need more than a conversation override this.
     */
    default EvalResult evaluate(EvalInput input) {
        List<InputKey<?>> missing = new ArrayList<>(input.missing(requiredInputs()));
        if (!input.has(InputKey.CONVERSATION) && !missing.contains(InputKey.CONVERSATION)) {
            missing.add(0, InputKey.CONVERSATION); // this default scores the conversation, whatever else is listed
        }
        if (!missing.isEmpty()) {
            return EvalResult.error(rubric(), new MissingInputException(rubric(), missing).getMessage());
        }
        return evaluate(input.conversation().orElseThrow());
    }
}
