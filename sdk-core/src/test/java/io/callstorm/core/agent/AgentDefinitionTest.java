package io.callstorm.core.agent;

import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AgentDefinitionTest {
    @Test
    void buildsAValidDefinition() {
        AgentDefinition agent = AgentDefinition.builder("support-agent")
                .behaviour("Customer support voice agent.")
                .tool("get_account_info", "Looks up an account")
                .tool("create_ticket", "Opens a ticket")
                .constraint("Never read out card numbers")
                .build();

        assertThat(agent.hasTool("create_ticket")).isTrue();
        assertThat(agent.hasTool("refund")).isFalse();
        assertThat(agent.tools()).extracting(ToolDefinition::name).containsExactly("get_account_info", "create_ticket");
    }

    @Test
    void everyProblemIsListedWithItsPath() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> AgentDefinition.builder(" ")
                .tool("get_account_info", "a")
                .tool("get-billing", "b")
                .tool("get_account_info", "c")
                .constraint(" ")
                .build());

        assertThat(e.problems()).extracting(Problem::path)
                .containsExactly("name", "tools[1].name", "tools[2].name", "constraints[0]");
        assertThat(e.problems().get(1).message()).contains("letters, digits and underscores").contains("get-billing");
        assertThat(e.problems().get(2).message()).contains("duplicates").contains("get_account_info");
    }
}
