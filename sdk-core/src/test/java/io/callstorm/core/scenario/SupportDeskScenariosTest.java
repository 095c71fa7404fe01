package io.callstorm.core.scenario;

import io.callstorm.core.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SupportDeskScenariosTest {
    private final ScenarioGraph graph = SupportDeskScenarios.graph();

    @Test
    void fourteenPathsWithUniqueIds() {
        assertThat(graph.paths()).hasSize(14);
        assertThat(graph.paths()).extracting(ScenarioPath::id).doesNotHaveDuplicates();
    }

    @Test
    void coversAllFourCategoriesAndThreeOutcomes() {
        assertThat(graph.branchCounts()).containsOnlyKeys("account", "billing", "technical", "escalation");
        assertThat(graph.outcomeCounts())
                .containsOnlyKeys(Outcome.RESOLVED, Outcome.TICKET_CREATED, Outcome.ESCALATED);
    }

    @Test
    void everyPathEndsWhereItsToolsSay() {
        assertThat(graph.paths()).allSatisfy(p -> {
            assertThat(p.expectedToolCalls()).as(p.id()).startsWith("get_account_info");
            switch (p.expectedOutcome()) {
                case ESCALATED -> assertThat(p.expectedToolCalls()).as(p.id()).contains("escalate_to_human");
                case TICKET_CREATED -> assertThat(p.expectedToolCalls()).as(p.id()).contains("create_ticket")
                        .doesNotContain("escalate_to_human");
                default -> assertThat(p.expectedToolCalls()).as(p.id())
                        .doesNotContain("create_ticket", "escalate_to_human");
            }
        });
    }
}
