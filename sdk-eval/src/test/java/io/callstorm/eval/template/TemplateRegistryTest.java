package io.callstorm.eval.template;

import io.callstorm.eval.InputKey;
import io.callstorm.eval.Rubrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateRegistryTest {
    @Test
    void builtInsCoverTheCoreAndAudioRubricsInReportOrder() {
        List<String> expected = new ArrayList<>(Rubrics.CORE);
        expected.addAll(Rubrics.AUDIO);
        assertThat(TemplateRegistry.builtIns()).extracting(RubricTemplate::name).containsExactlyElementsOf(expected);
    }

    @Test
    void everyBuiltInHasADescriptionInputsAndAPromptFromItsResource() {
        for (RubricTemplate t : TemplateRegistry.builtIns()) {
            assertThat(t.description()).as(t.name()).isNotBlank();
            assertThat(t.requiredInputs()).as(t.name()).isNotEmpty();
            assertThat(t.promptSource()).isEqualTo("classpath:/io/callstorm/eval/templates/" + t.name() + ".md");
            assertThat(t.judgePrompt()).as(t.name()).contains(t.name()).contains("{{");
        }
        assertThat(TemplateRegistry.withBuiltIns().require(Rubrics.AUDIO_TRANSCRIPTION).requiredInputs())
                .containsExactly(InputKey.SCRIPTED_UTTERANCES, InputKey.RECOGNIZED_UTTERANCES);
        assertThat(TemplateRegistry.withBuiltIns().require(Rubrics.AUDIO_QUALITY).requiredInputs())
                .containsExactly(InputKey.AGENT_AUDIO);
        assertThat(TemplateRegistry.withBuiltIns().require(Rubrics.CONVERSATION_RESOLUTION).output())
                .isEqualTo(OutputType.PASS_FAIL);
    }

    @Test
    void usersRegisterTheirOwnTemplates() {
        TemplateRegistry registry = TemplateRegistry.withBuiltIns();
        RubricTemplate refund = RubricTemplate.builder("mentions_refund_policy")
                .description("Whether the agent stated the 30-day refund policy.")
                .requires(InputKey.CONVERSATION)
                .output(OutputType.PASS_FAIL)
                .judgePrompt("Did the agent state the 30-day refund policy?\n{{transcript}}")
                .build();
        registry.register(refund);
        assertThat(registry.get("mentions_refund_policy")).contains(refund);
        assertThat(registry.all()).hasSize(8).last().isEqualTo(refund);
        assertThat(refund.promptSource()).isEqualTo("inline");
        assertThatThrownBy(() -> registry.register(refund))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
        assertThat(TemplateRegistry.builtIns()).hasSize(7); // the built-in list is not changed by a registry
    }

    @Test
    void templatesFailFastWhenIncomplete() {
        assertThatThrownBy(() -> RubricTemplate.builder("x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("description is missing")
                .hasMessageContaining("no required inputs")
                .hasMessageContaining("judge prompt is missing");
        assertThatThrownBy(() -> RubricTemplate.builder("x").judgePromptResource(getClass(), "/nope.md"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no classpath resource /nope.md");
        assertThatThrownBy(() -> RubricTemplate.builder("Not Snake"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snake_case");
        assertThatThrownBy(() -> TemplateRegistry.empty().require("is_funny"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no template named \"is_funny\"");
    }
}
