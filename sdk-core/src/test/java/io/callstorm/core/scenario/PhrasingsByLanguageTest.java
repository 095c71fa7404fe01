package io.callstorm.core.scenario;

import io.callstorm.core.Outcome;
import io.callstorm.core.persona.CommunicationStyle;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.validation.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A caller speaks its persona's language: the step's phrasings of that language, English otherwise. */
class PhrasingsByLanguageTest {
    private static final ScenarioStep IDENTIFY = ScenarioStep.of("identify", "My account number is {account}.")
            .withPhrasings("es", List.of("Mi número de cuenta es {account}."))
            .withPhrasings("hi-IN", List.of("मेरा खाता नंबर {account} है।"));
    private static final ScenarioPath PATH = ScenarioPath.builder("identify-only").step(IDENTIFY)
            .expectedOutcome(Outcome.RESOLVED).build();

    private static ScenarioRow row(String language, CommunicationStyle style) {
        return new ScenarioRow(0, Persona.builder("caller").language(language).communicationStyle(style).build(),
                PATH, 0, 42L);
    }

    @Test
    void theExactTagThenTheLanguageThenEnglish() {
        assertThat(IDENTIFY.phrasingsFor("hi-IN")).containsExactly("मेरा खाता नंबर {account} है।");
        assertThat(IDENTIFY.phrasingsFor("es-ES")).containsExactly("Mi número de cuenta es {account}.");
        assertThat(IDENTIFY.phrasingsFor("es-MX")).isEqualTo(IDENTIFY.phrasingsFor("es"));
        assertThat(IDENTIFY.phrasingsFor("HI")).containsExactly("मेरा खाता नंबर {account} है।");
        assertThat(IDENTIFY.phrasingsFor("fr-FR")).containsExactly("My account number is {account}.");
        assertThat(IDENTIFY.hasPhrasingsFor("fr-FR")).isFalse();
        assertThat(IDENTIFY.hasPhrasingsFor("es-AR")).isTrue();
    }

    @Test
    void aCallerSaysItsLanguagesPhrasingAsWritten() {
        ScenarioRow spanish = row("es-ES", CommunicationStyle.HESITANT);
        assertThat(spanish.utterance(0)).isEqualTo("Mi número de cuenta es " + spanish.accountNumber() + ".");
        assertThat(spanish.reAsk(0)).isEqualTo(spanish.utterance(0)); // no English lead-in
        ScenarioRow hindi = row("hi-IN", CommunicationStyle.FORMAL);
        assertThat(hindi.utterance(0)).isEqualTo("मेरा खाता नंबर " + hindi.accountNumber() + " है।");
    }

    @Test
    void aLanguageWithoutPhrasingsSpeaksEnglishInItsStyle() {
        ScenarioRow french = row("fr-FR", CommunicationStyle.FORMAL);
        ScenarioRow english = row("en-US", CommunicationStyle.FORMAL);
        assertThat(french.utterance(0)).isEqualTo(english.utterance(0)).startsWith("Good afternoon. ");
        assertThat(french.reAsk(0)).startsWith("I'm sorry, could you please check again? ");
    }

    @Test
    void aStepWithoutOtherLanguagesIsAsBefore() {
        ScenarioStep plain = new ScenarioStep("identify", List.of("Hi."), List.of());
        assertThat(plain.phrasingsByLanguage()).isEmpty();
        assertThat(plain).isEqualTo(ScenarioStep.of("identify", "Hi."));
    }

    @Test
    void badLanguagesAreListed() {
        ScenarioStep bad = ScenarioStep.of("identify", "Hi.").withPhrasings("Spanish", List.of("Hola."))
                .withPhrasings("hi", List.of()).withPhrasings("es", List.of(" "));
        assertThatThrownBy(() -> ScenarioPath.builder("p").step(bad).expectedOutcome(Outcome.RESOLVED).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("steps[0].phrasingsByLanguage.Spanish")
                .hasMessageContaining("steps[0].phrasingsByLanguage.hi")
                .hasMessageContaining("steps[0].phrasingsByLanguage.es[0]");
    }
}
