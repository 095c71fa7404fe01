package io.callstorm.eval.local;

import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The built-in local evaluators: one per {@linkplain Rubrics#CORE core rubric} ({@link #all()}) and one per
 * {@linkplain Rubrics#AUDIO audio rubric} ({@link #audio()}). They run locally, without a
 * model: each applies a short, documented rule to the transcript (see each class), so a score can always
 * be explained by pointing at the turns that produced it, and the same conversation always scores the same.
 *
 * <pre>{@code
 * Evaluator polite = LocalEvaluators.forRubric(Rubrics.IS_POLITE).orElseThrow();
 * EvalResult result = polite.evaluate(conversation);
 * }</pre>
 */
public final class LocalEvaluators {
    // Evaluators are stateless, so one shared instance of each serves every caller and thread.
    private static final List<Evaluator> ALL = List.of(
            new ConversationResolutionEvaluator(),
            new TaskCompletionEvaluator(),
            new PolitenessEvaluator(),
            new HelpfulnessEvaluator(),
            new ConcisenessEvaluator());
    private static final List<Evaluator> AUDIO = List.of(
            new AudioTranscriptionEvaluator(),
            new AudioQualityEvaluator());

    private LocalEvaluators() {
    }

    /** One evaluator per core rubric, in {@link Rubrics#CORE} order. */
    public static List<Evaluator> all() {
        return ALL;
    }

    /**
     * One evaluator per audio rubric, in {@link Rubrics#AUDIO} order. They need inputs beyond the conversation
     * (see {@link Evaluator#requiredInputs()}), so they are not in {@link #all()}.
     */
    public static List<Evaluator> audio() {
        return AUDIO;
    }

    /**
     * The local evaluator for a rubric name such as {@code is_polite} or {@code audio_quality}; empty for a
     * rubric it does not know.
     */
    public static Optional<Evaluator> forRubric(String rubric) {
        Objects.requireNonNull(rubric, "rubric");
        return Stream.concat(ALL.stream(), AUDIO.stream()).filter(e -> e.rubric().equals(rubric)).findFirst();
    }
}
