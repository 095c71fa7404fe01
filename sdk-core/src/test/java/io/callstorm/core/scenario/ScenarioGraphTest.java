package io.callstorm.core.scenario;

import io.callstorm.core.Outcome;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

class ScenarioGraphTest {
    private static ScenarioPath path(String id, String category, Outcome outcome) {
        return ScenarioPath.builder(id).category(category).step(ScenarioStep.of("ask", "Hello."))
                .expectedOutcome(outcome).build();
    }

    @Test
    void countsBranchesAndOutcomes() {
        ScenarioGraph graph = ScenarioGraph.builder("support")
                .path(path("a", "billing", Outcome.RESOLVED))
                .path(path("b", "billing", Outcome.TICKET_CREATED))
                .path(path("c", "account", Outcome.RESOLVED))
                .build();

        assertThat(graph.branchCounts()).containsExactly(entry("billing", 2), entry("account", 1));
        assertThat(graph.outcomeCounts()).containsEntry(Outcome.RESOLVED, 2).containsEntry(Outcome.TICKET_CREATED, 1)
                .doesNotContainKey(Outcome.ESCALATED);
    }

    @Test
    void duplicatePathIdsAreListedByIndex() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> ScenarioGraph
                .builder("support")
                .path(path("a", "billing", Outcome.RESOLVED))
                .path(path("a", "billing", Outcome.ESCALATED))
                .path(path("b", "billing", Outcome.RESOLVED))
                .path(path("b", "billing", Outcome.RESOLVED))
                .build());

        assertThat(e.problems()).extracting(Problem::path).containsExactly("paths[1].id", "paths[3].id");
        assertThat(e.problems().get(0).message()).contains("duplicates").contains("\"a\"");
    }

    @Test
    void blankNameAndNoPathsAreBothReported() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> ScenarioGraph.builder(" ").build());

        assertThat(e.problems()).extracting(Problem::path).containsExactly("name", "paths");
    }
}
