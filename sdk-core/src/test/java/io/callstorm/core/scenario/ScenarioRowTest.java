package io.callstorm.core.scenario;

import io.callstorm.core.Outcome;
import io.callstorm.core.persona.CommunicationStyle;
import io.callstorm.core.persona.Persona;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioRowTest {
    private static final ScenarioPath PATH = ScenarioPath.builder("plan")
            .step(ScenarioStep.of("identify", List.of("My account number is {account}.", "Account {account}, please.")))
            .step(ScenarioStep.of("goodbye", "Bye."))
            .expectedOutcome(Outcome.RESOLVED)
            .build();

    private static ScenarioRow row(CommunicationStyle style, int variation, long seed) {
        return new ScenarioRow(0, Persona.builder("caller").communicationStyle(style).build(), PATH, variation, seed);
    }

    @Test
    void accountPlaceholderIsReplacedWithTheRowsAccountNumber() {
        ScenarioRow row = row(CommunicationStyle.DIRECT, 0, 12345L);

        assertThat(row.accountNumber()).matches("AC-\\d{5}");
        assertThat(row.utterance(0)).isEqualTo("My account number is " + row.accountNumber() + ".")
                .doesNotContain("{account}");
    }

    @Test
    void variationPicksThePhrasing() {
        assertThat(row(CommunicationStyle.DIRECT, 1, 12345L).utterance(0)).startsWith("Account AC-");
    }

    @Test
    void sameRowAlwaysSaysTheSameWords() {
        for (CommunicationStyle style : CommunicationStyle.values()) {
            ScenarioRow a = row(style, 0, 99L);
            ScenarioRow b = row(style, 0, 99L);
            assertThat(b.accountNumber()).isEqualTo(a.accountNumber());
            assertThat(b.utterance(0)).as(style.name()).isEqualTo(a.utterance(0)).isEqualTo(a.utterance(0));
            assertThat(b.utterance(1)).as(style.name()).isEqualTo(a.utterance(1));
            assertThat(b.reAsk(1)).as(style.name()).isEqualTo(a.reAsk(1)).endsWith(a.utterance(1));
        }
    }

    @Test
    void differentSeedsUsuallyGiveDifferentAccounts() {
        assertThat(List.of(1L, 2L, 3L, 4L, 5L).stream().map(s -> row(CommunicationStyle.DIRECT, 0, s).accountNumber())
                .distinct().count()).isGreaterThan(1);
    }
}
