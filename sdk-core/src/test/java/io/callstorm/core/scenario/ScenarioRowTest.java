package io.callstorm.core.scenario;

import io.callstorm.core.Outcome;
import io.callstorm.core.persona.CommunicationStyle;
import io.callstorm.core.persona.Persona;
import org.junit.jupiter.api.Test;

import io.callstorm.core.validation.ConfigurationException;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private static final ScenarioPath BOOKING = ScenarioPath.builder("book")
            .fact("doctor", List.of("Dr Osei", "Dr Lin", "Dr Haddad"))
            .fact("day", List.of("Monday", "Friday"))
            .step(ScenarioStep.of("identify", "Patient {account} here."))
            .step(ScenarioStep.of("book", "Can I see {doctor} on {day}? {doctor}, yes."))
            .expectedOutcome(Outcome.RESOLVED)
            .build();

    @Test
    void declaredFactsAreFilledInFromTheRowsSeedTheSameEveryTime() {
        ScenarioRow row = new ScenarioRow(0, Persona.builder("p").communicationStyle(CommunicationStyle.DIRECT).build(),
                BOOKING, 0, 77L);

        assertThat(row.facts()).containsOnlyKeys("account", "doctor", "day");
        assertThat(row.facts().get("doctor")).isIn("Dr Osei", "Dr Lin", "Dr Haddad");
        assertThat(row.utterance(1)).isEqualTo("Can I see " + row.facts().get("doctor") + " on "
                + row.facts().get("day") + "? " + row.facts().get("doctor") + ", yes.");
        assertThat(row.utterance(0)).isEqualTo("Patient " + row.accountNumber() + " here.");
        assertThat(new ScenarioRow(0, row.persona(), BOOKING, 0, 77L).facts()).isEqualTo(row.facts());
    }

    @Test
    void rowsSpreadOverEveryValueOfAFact() {
        Set<String> doctors = LongStream.range(0, 200)
                .mapToObj(seed -> new ScenarioRow(0, Persona.builder("p").build(), BOOKING, 0, seed).facts().get("doctor"))
                .collect(Collectors.toSet());

        assertThat(doctors).containsExactlyInAnyOrder("Dr Osei", "Dr Lin", "Dr Haddad");
    }

    @Test
    void aPlaceholderWithoutAFactAndBadFactsAreEachNamed() {
        assertThatThrownBy(() -> ScenarioPath.builder("book")
                .fact("account", List.of("x"))
                .fact("Day", List.of("Monday"))
                .fact("slot", List.of())
                .step(ScenarioStep.of("book", "Can I see {doctor}?"))
                .expectedOutcome(Outcome.RESOLVED)
                .build())
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).extracting(p -> p.path() + ": "
                        + p.message()).containsExactlyInAnyOrder(
                        "facts.account: is every row's own account number and cannot be declared",
                        "facts.Day: must be 1-32 lower-case letters, digits or underscores, starting with a letter",
                        "facts.slot: must hold at least one value",
                        "steps[0].phrasings[0]: says {doctor}, which is not a fact of this path: declare it under "
                                + "facts (known: account, Day, slot)"));
    }
}
