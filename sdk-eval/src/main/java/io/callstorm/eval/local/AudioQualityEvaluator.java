package io.callstorm.eval.local;

import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalInput;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.InputKey;
import io.callstorm.eval.MissingInputException;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.audio.AudioLevels;
import io.callstorm.eval.audio.PcmAudio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores {@value Rubrics#AUDIO_QUALITY}: was the agent's audio clean enough to listen to?
 *
 * <p>Input: {@link InputKey#AGENT_AUDIO}, the agent's speech as the caller received it (its replies, not the
 * gaps while the caller talks), as 16-bit PCM. Measured with {@link AudioLevels}; passes iff all three hold:
 * <ul>
 *   <li>clipping: at most {@value #MAX_CLIPPING_RATIO} of samples (0.1%) at full scale; more is audible
 *       distortion;</li>
 *   <li>silence: at most {@value #MAX_SILENCE_RATIO} of 20 ms frames below -50 dBFS; more is dead air or
 *       dropouts within the agent's speech;</li>
 *   <li>level: the RMS of the non-silent frames between {@value #MIN_LEVEL_DBFS} and {@value #MAX_LEVEL_DBFS}
 *       dBFS; telephone speech sits around -26 to -16 dBFS, quieter is hard to hear, louder is near clipping.</li>
 * </ul>
 * Score = share of the three checks that hold. Audio missing or without samples is an
 * {@linkplain EvalResult#error error}.
 */
public final class AudioQualityEvaluator implements Evaluator {
    /** Highest share of clipped samples that passes. */
    public static final double MAX_CLIPPING_RATIO = 0.001;
    /** Highest share of silent frames that passes. */
    public static final double MAX_SILENCE_RATIO = 0.4;
    /** Quietest speech level that passes, dBFS. */
    public static final double MIN_LEVEL_DBFS = -35.0;
    /** Loudest speech level that passes, dBFS. */
    public static final double MAX_LEVEL_DBFS = -6.0;

    private static final List<InputKey<?>> REQUIRED = List.of(InputKey.AGENT_AUDIO);

    @Override
    public String rubric() {
        return Rubrics.AUDIO_QUALITY;
    }

    @Override
    public List<InputKey<?>> requiredInputs() {
        return REQUIRED;
    }

    /** Returns an error result: a conversation alone carries no audio. */
    @Override
    public EvalResult evaluate(Conversation conversation) {
        return evaluate(EvalInput.of(conversation));
    }

    @Override
    public EvalResult evaluate(EvalInput input) {
        if (!input.has(InputKey.AGENT_AUDIO)) {
            return EvalResult.error(rubric(), new MissingInputException(rubric(), REQUIRED).getMessage());
        }
        PcmAudio audio = input.get(InputKey.AGENT_AUDIO).orElseThrow();
        if (audio.sampleCount() == 0) {
            return EvalResult.error(rubric(), "agent_audio has no samples");
        }
        return judge(AudioLevels.measure(audio));
    }

    /** The verdict on measured levels. */
    public EvalResult judge(AudioLevels levels) {
        List<String> problems = new ArrayList<>();
        if (levels.clippingRatio() > MAX_CLIPPING_RATIO) {
            problems.add(String.format(Locale.ROOT, "clipping on %.2f%% of samples (max %.1f%%)",
                    levels.clippingRatio() * 100, MAX_CLIPPING_RATIO * 100));
        }
        if (levels.silenceRatio() > MAX_SILENCE_RATIO) {
            problems.add(String.format(Locale.ROOT, "silent %.0f%% of the time (max %.0f%%)",
                    levels.silenceRatio() * 100, MAX_SILENCE_RATIO * 100));
        }
        if (levels.levelDbfs() < MIN_LEVEL_DBFS) {
            problems.add(String.format(Locale.ROOT, "too quiet: %.1f dBFS (min %.0f)", levels.levelDbfs(),
                    MIN_LEVEL_DBFS));
        } else if (levels.levelDbfs() > MAX_LEVEL_DBFS) {
            problems.add(String.format(Locale.ROOT, "too loud: %.1f dBFS (max %.0f)", levels.levelDbfs(),
                    MAX_LEVEL_DBFS));
        }
        double score = (3 - problems.size()) / 3.0;
        String reason = problems.isEmpty() ? levels.describe() : String.join("; ", problems);
        return new EvalResult(rubric(), problems.isEmpty(), score, reason);
    }
}
