package io.callstorm.eval.local;

import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalInput;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.InputKey;
import io.callstorm.eval.MissingInputException;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.audio.TranscriptNormalizer;
import io.callstorm.eval.audio.WordErrorRate;

import java.util.List;
import java.util.Locale;

/**
 * Scores {@value Rubrics#AUDIO_TRANSCRIPTION}: did the agent's speech-to-text hear what the caller said?
 *
 * <p>Inputs: {@link InputKey#SCRIPTED_UTTERANCES} (what the simulated caller was scripted to say; for a
 * simulated call, {@link EvalInput#callerUtterances} of its conversation) and
 * {@link InputKey#RECOGNIZED_UTTERANCES} (the agent's transcript of each caller turn). Turn {@code i} of one is
 * compared with turn {@code i} of the other; a turn the agent did not transcribe counts as all deleted, an
 * extra recognized turn as all inserted.
 *
 * <p>Rule: word error rate over all turns (total errors / total scripted words), both sides
 * {@linkplain TranscriptNormalizer normalized}: lower case, punctuation stripped, numbers as digits.
 * <ul>
 *   <li>passes iff the rate is at most {@value #MAX_WORD_ERROR_RATE};</li>
 *   <li>score = max(0, 1 - rate);</li>
 *   <li>a missing input is an {@linkplain EvalResult#error error}, not a fail.</li>
 * </ul>
 */
public final class AudioTranscriptionEvaluator implements Evaluator {
    /** The highest word error rate that passes: about one word in seven misheard. */
    public static final double MAX_WORD_ERROR_RATE = 0.15;

    private static final List<InputKey<?>> REQUIRED =
            List.of(InputKey.SCRIPTED_UTTERANCES, InputKey.RECOGNIZED_UTTERANCES);

    @Override
    public String rubric() {
        return Rubrics.AUDIO_TRANSCRIPTION;
    }

    @Override
    public List<InputKey<?>> requiredInputs() {
        return REQUIRED;
    }

    /** Returns an error result: a conversation alone does not say what the agent's speech-to-text heard. */
    @Override
    public EvalResult evaluate(Conversation conversation) {
        return evaluate(EvalInput.of(conversation));
    }

    @Override
    public EvalResult evaluate(EvalInput input) {
        List<InputKey<?>> missing = input.missing(REQUIRED);
        if (!missing.isEmpty()) {
            return EvalResult.error(rubric(), new MissingInputException(rubric(), missing).getMessage());
        }
        List<String> scripted = input.get(InputKey.SCRIPTED_UTTERANCES).orElseThrow();
        List<String> recognized = input.get(InputKey.RECOGNIZED_UTTERANCES).orElseThrow();
        if (scripted.isEmpty()) {
            return EvalResult.error(rubric(), "no scripted caller utterances to compare with");
        }
        WordErrorRate total = new WordErrorRate(0, 0);
        int worstTurn = -1;
        double worstRate = -1;
        for (int i = 0; i < Math.max(scripted.size(), recognized.size()); i++) {
            String ref = i < scripted.size() ? scripted.get(i) : "";
            String hyp = i < recognized.size() ? recognized.get(i) : "";
            WordErrorRate turn = WordErrorRate.of(ref, hyp);
            total = total.plus(turn);
            if (turn.errors() > 0 && turn.rate() > worstRate) {
                worstRate = turn.rate();
                worstTurn = i;
            }
        }
        double rate = total.rate();
        boolean passed = rate <= MAX_WORD_ERROR_RATE;
        String reason = total + (worstTurn < 0 ? ", every turn heard exactly"
                : String.format(Locale.ROOT, "; worst turn %d: scripted \"%s\", heard \"%s\"", worstTurn + 1,
                        worstTurn < scripted.size() ? TranscriptNormalizer.normalize(scripted.get(worstTurn)) : "",
                        worstTurn < recognized.size() ? TranscriptNormalizer.normalize(recognized.get(worstTurn)) : ""));
        if (scripted.size() != recognized.size()) {
            reason += "; " + scripted.size() + " scripted turns, " + recognized.size() + " recognized";
        }
        return new EvalResult(rubric(), passed, Math.max(0.0, 1.0 - rate), reason);
    }
}
