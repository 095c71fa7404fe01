package io.callstorm.eval;

import io.callstorm.eval.audio.PcmAudio;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvalInputTest {
    @Test
    void holdsValuesByTypedKey() {
        var conversation = TestFixtures.goodCall("c1");
        EvalInput input = EvalInput.builder()
                .conversation(conversation)
                .put(InputKey.RECOGNIZED_UTTERANCES, List.of("hello"))
                .build();
        assertThat(input.conversation()).contains(conversation);
        assertThat(input.get(InputKey.RECOGNIZED_UTTERANCES)).contains(List.of("hello"));
        assertThat(input.get(InputKey.AGENT_AUDIO)).isEmpty();
        assertThat(input.missing(List.of(InputKey.CONVERSATION, InputKey.AGENT_AUDIO)))
                .containsExactly(InputKey.AGENT_AUDIO);
    }

    @Test
    void listsAreCopiedSoLaterChangesDoNotLeakIn() {
        List<String> heard = new ArrayList<>(List.of("a"));
        EvalInput input = EvalInput.builder().put(InputKey.RECOGNIZED_UTTERANCES, heard).build();
        heard.add("b");
        assertThat(input.get(InputKey.RECOGNIZED_UTTERANCES)).contains(List.of("a"));
    }

    @Test
    void aMissingInputIsNamedWithItsTypeAndMeaning() {
        EvalInput input = EvalInput.of(TestFixtures.goodCall("c1"));
        assertThatThrownBy(() -> input.requireAll(Rubrics.AUDIO_QUALITY, List.of(InputKey.AGENT_AUDIO)))
                .isInstanceOf(MissingInputException.class)
                .hasMessageContaining("audio_quality needs input agent_audio (PcmAudio: ");
        assertThatThrownBy(() -> input.require(Rubrics.AUDIO_TRANSCRIPTION, InputKey.SCRIPTED_UTTERANCES))
                .isInstanceOf(MissingInputException.class)
                .hasMessageContaining("scripted_utterances (List<String>");
    }

    @Test
    void rejectsValuesOfTheWrongType() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        InputKey<Object> raw = (InputKey) InputKey.AGENT_AUDIO;
        assertThatThrownBy(() -> EvalInput.builder().put(raw, "not audio"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a PcmAudio");
        @SuppressWarnings({"unchecked", "rawtypes"})
        InputKey<Object> list = (InputKey) InputKey.SCRIPTED_UTTERANCES;
        assertThatThrownBy(() -> EvalInput.builder().put(list, List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("List<String>");
        assertThatThrownBy(() -> InputKey.of("Bad Name", String.class, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snake_case");
    }

    @Test
    void callerUtterancesAreTheCallerTurnsInOrder() {
        assertThat(EvalInput.callerUtterances(TestFixtures.goodCall("c1")))
                .containsExactly("Hi, my account number is AC-10423.", "I'm locked out. Please open a ticket.");
    }

    @Test
    void theDefaultEvaluateOfAnInputReportsAMissingConversationAsAnError() {
        Evaluator polite = io.callstorm.eval.local.LocalEvaluators.forRubric(Rubrics.IS_POLITE).orElseThrow();
        EvalResult r = polite.evaluate(EvalInput.builder()
                .put(InputKey.AGENT_AUDIO, PcmAudio.of(new short[10], 8000)).build());
        assertThat(r.isError()).isTrue();
        assertThat(r.reason()).contains("needs input conversation");
        assertThat(polite.evaluate(EvalInput.of(TestFixtures.goodCall("c1"))).passed()).isTrue();
    }
}
