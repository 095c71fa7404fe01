package io.callstorm.simulate;

import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.simulate.connect.AgentConnector;

/** The small simulation the engine tests start from: 100 support-desk rows, callers 50 times faster than life. */
final class SmallSimulations {
    static final AgentDefinition DEFINITION = AgentDefinition.builder("scripted-agent").behaviour("").build();

    private SmallSimulations() {
    }

    /** A builder with everything but the load. */
    static Simulation.Builder of(AgentConnector agent) {
        return Simulation.builder()
                .agent(DEFINITION, agent)
                .personas(Personas.builtIns())
                .scenarios(SupportDeskScenarios.graph(), 100)
                .timeScale(0.02);
    }
}
