package io.callstorm.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.measure.CallLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference agent's tool calls carry what a verdict needs: the arguments it passed (the account the caller
 * gave, the caller's words as a ticket's summary), what came back, and why a call failed; and a ticket its reply
 * names is the ticket the backend opened.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReferenceAgentToolCallsTest {
    private static final Pattern ACCOUNT = Pattern.compile("\\bAC-\\d{5}\\b");
    private static final Pattern TICKET = Pattern.compile("\\bTK-\\d{5}\\b");

    @Test
    void toolCallsCarryTheirArgumentsResultsAndErrors() throws Exception {
        // a slow, short-fused tool backend, so that some calls time out and fall back
        ReferenceAgentConfig config = ReferenceAgentConfig.defaults().toBuilder().toolTimeoutMillis(250).build();
        Simulation simulation;
        try (ReferenceAgent agent = ReferenceAgent.create(config)) {
            simulation = Simulation.builder()
                    .name("tool-calls")
                    .agent(ReferenceAgent.definition(), agent)
                    .personas(Personas.builtIns())
                    .scenarios(SupportDeskScenarios.graph(), 300)
                    .load(LoadProfile.concurrentCalls(30).hold(Duration.ofSeconds(3)).build())
                    .timeScale(0.05)
                    .keepCallLines(true)
                    .build();
            simulation.run();
        }
        ObjectMapper json = new ObjectMapper();
        List<ToolCall> all = new ArrayList<>();
        int ticketsChecked = 0;
        for (CallLine line : simulation.lastCallLines()) {
            String account = "";
            for (CallLine.Turn t : line.turns()) {
                if (t.speaker() == CallLine.Speaker.CALLER) {
                    Matcher m = ACCOUNT.matcher(t.text());
                    if (m.find()) {
                        account = m.group();
                    }
                    continue;
                }
                for (ToolCall call : t.toolCalls()) {
                    all.add(call);
                    JsonNode args = json.readTree(call.arguments());
                    // the account the agent passed is the one the caller gave, or none before they gave one
                    if (account.isEmpty()) {
                        assertThat(args.get("account_number").isNull()).as(call.toString()).isTrue();
                    } else {
                        assertThat(args.get("account_number").asText()).as(call.toString()).isEqualTo(account);
                    }
                    if (call.status() == ToolCallStatus.OK) {
                        assertThat(json.readTree(call.result()).isObject()).isTrue();
                        assertThat(call.error()).isEmpty();
                    } else {
                        assertThat(call.result()).isEmpty();
                        assertThat(call.error()).startsWith("timed out after 250 ms");
                    }
                    if (call.name().equals(SupportDeskScenarios.CREATE_TICKET) && call.succeeded()) {
                        String opened = json.readTree(call.result()).get("ticket_id").asText();
                        Matcher named = TICKET.matcher(t.text());
                        assertThat(named.find()).as(t.text()).isTrue();
                        assertThat(named.group()).isEqualTo(opened);
                        assertThat(args.get("summary").asText()).isNotBlank();
                        ticketsChecked++;
                    }
                }
            }
        }
        assertThat(all).isNotEmpty();
        assertThat(all).anyMatch(c -> c.status() == ToolCallStatus.OK);
        assertThat(ticketsChecked).isPositive();
    }
}
