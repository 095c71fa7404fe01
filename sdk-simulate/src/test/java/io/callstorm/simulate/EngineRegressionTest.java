package io.callstorm.simulate;

import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.SimulationReport;

import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.CallSetup;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Regression tests for engine bugs found while writing {@link SimulationEngineTest}. Each is bounded by a
 * preemptive timeout, so a regression fails instead of hanging the build.
 */
class EngineRegressionTest {
    private static Simulation.Builder simulation(AgentConnector agent) {
        return SmallSimulations.of(agent);
    }

    @Test
    void aClosedRunAgainstAnAgentThatRefusesEveryCallEnds() {
        AgentConnector refusing = new AgentConnector() {
            @Override
            public AgentCall open(CallSetup setup, AgentCallListener listener) {
                throw AgentException.of(AgentErrorKind.CONNECTION_REFUSED, "connection refused");
            }

            @Override
            public String describe() {
                return "test:refusing";
            }
        };
        Simulation simulation = simulation(refusing)
                .load(LoadProfile.concurrentCalls(5).hold(Duration.ofSeconds(1)).build()).build();

        SimulationReport report = assertTimeoutPreemptively(Duration.ofSeconds(15), simulation::run);

        assertThat(report.load().callsFailed()).isEqualTo(report.load().callsStarted()).isPositive();
        assertThat(report.errors().clusters()).extracting(c -> c.name()).containsExactly("connection refused");
    }

    @Test
    void openModelKeepsItsRateWhenTheLoopIsLate() {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            SimulationListener stall = new StallingListener(); // half of every second lost on the loop
            Simulation simulation = simulation(agent).listener(stall)
                    .load(LoadProfile.arrivalsPerSecond(20).hold(Duration.ofSeconds(3)).build()).build();

            SimulationReport report = assertTimeoutPreemptively(Duration.ofSeconds(30), simulation::run);

            // 60 arrivals are due; today about 40 start
            assertThat(report.load().callsStarted()).isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void changingTheBuilderAfterBuildDoesNotChangeTheSimulation() {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            Simulation.Builder builder = simulation(agent).name("original")
                    .load(LoadProfile.concurrentCalls(3).hold(Duration.ofMillis(300)).build());
            Simulation simulation = builder.build();
            builder.name("changed").timeScale(0).seed(99);

            SimulationReport report = assertTimeoutPreemptively(Duration.ofSeconds(15), simulation::run);

            assertThat(report.simulation().name()).isEqualTo("original");
            assertThat(report.simulation().timeScale()).isEqualTo(0.02);
            assertThat(report.simulation().seed()).isEqualTo(1);
        }
    }
}
