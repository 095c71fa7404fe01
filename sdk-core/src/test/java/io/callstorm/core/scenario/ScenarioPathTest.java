package io.callstorm.core.scenario;

import io.callstorm.core.Outcome;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ScenarioPathTest {
    @Test
    void expectedToolCallsFollowStepOrder() {
        ScenarioPath path = ScenarioPath.builder("refund")
                .step(ScenarioStep.of("identify", "Account {account}.", "get_account_info"))
                .step(ScenarioStep.of("question", "Refund please.", "get_billing_status", "create_ticket"))
                .expectedOutcome(Outcome.TICKET_CREATED)
                .build();

        assertThat(path.expectedToolCalls()).containsExactly("get_account_info", "get_billing_status", "create_ticket");
        assertThat(path.name()).isEqualTo("refund");
        assertThat(path.category()).isEqualTo("general");
    }

    @Test
    void everyBadStepAndFieldIsListed() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> ScenarioPath
                .builder("Refund Path")
                .category(" ")
                .step(ScenarioStep.of(" ", "Hello."))
                .step(new ScenarioStep("question", List.of(), List.of()))
                .step(ScenarioStep.of("goodbye", List.of("Bye.", " ")))
                .expectedOutcome(Outcome.UNRESOLVED)
                .build());

        assertThat(e.problems()).extracting(Problem::path).containsExactly(
                "id", "category", "steps[0].intent", "steps[1].phrasings", "steps[2].phrasings[1]", "expectedOutcome");
        Problem outcome = e.problems().get(5);
        assertThat(outcome.message()).contains("RESOLVED").contains("TICKET_CREATED").contains("ESCALATED")
                .contains("was UNRESOLVED");
    }

    @Test
    void missingStepsAndOutcomeAreBothReported() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> ScenarioPath.builder("empty").build());

        assertThat(e.problems()).extracting(Problem::path).containsExactly("steps", "expectedOutcome");
        assertThat(e.problems().get(1).message()).contains("was null");
    }
}
