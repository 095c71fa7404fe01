package io.callstorm.eval.local;

import io.callstorm.eval.EvalInput;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.EvalStatus;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.InputKey;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.TestFixtures;
import io.callstorm.eval.audio.PcmAudio;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AudioEvaluatorsTest {
    static final int RATE = 16_000;

    final Evaluator transcription = LocalEvaluators.forRubric(Rubrics.AUDIO_TRANSCRIPTION).orElseThrow();
    final Evaluator quality = LocalEvaluators.forRubric(Rubrics.AUDIO_QUALITY).orElseThrow();

    static short[] speechLike(double amplitude, int millis, int silentMillisAtEnd) {
        short[] s = new short[RATE * (millis + silentMillisAtEnd) / 1000];
        for (int i = 0; i < RATE * millis / 1000; i++) {
            double v = amplitude * Math.sin(2 * Math.PI * 220 * i / RATE) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * i / RATE));
            s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
        }
        return s;
    }

    EvalInput heard(List<String> scripted, List<String> recognized) {
        return EvalInput.builder()
                .put(InputKey.SCRIPTED_UTTERANCES, scripted)
                .put(InputKey.RECOGNIZED_UTTERANCES, recognized)
                .build();
    }

    @Test
    void audioEvaluatorsAreLocalButNotInTheCoreList() {
        assertThat(LocalEvaluators.audio()).extracting(Evaluator::rubric).containsExactlyElementsOf(Rubrics.AUDIO);
        assertThat(LocalEvaluators.all()).extracting(Evaluator::rubric).doesNotContainAnyElementsOf(Rubrics.AUDIO);
        assertThat(transcription.requiredInputs())
                .containsExactly(InputKey.SCRIPTED_UTTERANCES, InputKey.RECOGNIZED_UTTERANCES);
        assertThat(quality.requiredInputs()).containsExactly(InputKey.AGENT_AUDIO);
    }

    @Test
    void aTranscriptThatDiffersOnlyInFormattingPasses() {
        EvalResult r = transcription.evaluate(heard(
                List.of("Hi, my account number is AC-10423.", "I'm locked out. Please open a ticket."),
                List.of("hi my account number is ac one zero four two three", "im locked out please open a ticket")));
        assertThat(r.status()).isEqualTo(EvalStatus.PASS);
        assertThat(r.score()).isEqualTo(1.0);
        assertThat(r.reason()).startsWith("WER 0.0% (0 errors in 14 words)");
    }

    @Test
    void misheardWordsAboveTheThresholdFail() {
        EvalResult r = transcription.evaluate(heard(
                List.of("I want to cancel my subscription", "yes please"),
                List.of("I want to counsel my prescription", "yes please")));
        assertThat(r.status()).isEqualTo(EvalStatus.FAIL);
        assertThat(r.score()).isCloseTo(1 - 2.0 / 8, within(1e-9));
        assertThat(r.reason()).contains("WER 25.0% (2 errors in 8 words)")
                .contains("worst turn 1: scripted \"i want to cancel my subscription\", heard \"i want to counsel my prescription\"");
    }

    @Test
    void aTurnTheAgentNeverTranscribedCountsAsDeleted() {
        EvalResult r = transcription.evaluate(heard(List.of("hello there", "open a ticket"), List.of("hello there")));
        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).contains("3 errors in 5 words").contains("2 scripted turns, 1 recognized");
    }

    @Test
    void scriptedUtterancesCanComeFromTheConversation() {
        var conversation = TestFixtures.goodCall("c1");
        EvalResult r = transcription.evaluate(EvalInput.builder()
                .conversation(conversation)
                .put(InputKey.SCRIPTED_UTTERANCES, EvalInput.callerUtterances(conversation))
                .put(InputKey.RECOGNIZED_UTTERANCES, List.of("hi my account number is ac 10423",
                        "i am locked out please open a ticket"))
                .build());
        assertThat(r.passed()).as(r.reason()).isTrue(); // "i am" for "i'm": 2 errors in 14 words, 14%
    }

    @Test
    void missingInputsAreErrorsThatNameThem() {
        EvalResult fromConversation = transcription.evaluate(TestFixtures.goodCall("c1"));
        assertThat(fromConversation.status()).isEqualTo(EvalStatus.ERROR);
        assertThat(fromConversation.reason())
                .contains("audio_transcription needs input scripted_utterances (List<String>")
                .contains("recognized_utterances (List<String>");
        EvalResult noAudio = quality.evaluate(TestFixtures.goodCall("c1"));
        assertThat(noAudio.status()).isEqualTo(EvalStatus.ERROR);
        assertThat(noAudio.reason()).contains("audio_quality needs input agent_audio (PcmAudio");
        assertThat(quality.evaluate(EvalInput.builder().put(InputKey.AGENT_AUDIO, PcmAudio.of(new short[0], RATE))
                .build()).reason()).isEqualTo("agent_audio has no samples");
    }

    @Test
    void cleanSpeechAtTelephoneLevelPasses() {
        EvalResult r = quality.evaluate(audio(speechLike(4000, 2000, 300)));
        assertThat(r.status()).as(r.reason()).isEqualTo(EvalStatus.PASS);
        assertThat(r.score()).isEqualTo(1.0);
        assertThat(r.reason()).contains("clipping 0.00% of samples");
    }

    @Test
    void clippedAudioFails() {
        EvalResult r = quality.evaluate(audio(speechLike(80_000, 2000, 0)));
        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).contains("clipping on").contains("too loud");
        assertThat(r.score()).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void mostlySilentAudioFails() {
        EvalResult r = quality.evaluate(audio(speechLike(4000, 500, 1500)));
        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).contains("silent 75% of the time (max 40%)");
    }

    @Test
    void tooQuietAudioFails() {
        EvalResult r = quality.evaluate(audio(speechLike(300, 2000, 0)));
        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).contains("too quiet");
    }

    private static EvalInput audio(short[] samples) {
        return EvalInput.builder().put(InputKey.AGENT_AUDIO, PcmAudio.of(samples, RATE)).build();
    }
}
