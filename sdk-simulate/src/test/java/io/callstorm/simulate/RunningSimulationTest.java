package io.callstorm.simulate;

import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.measure.Measurements;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The run handle and the builder's manners: start, snapshot, cancel, await; immutable builders; toBuilder. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunningSimulationTest {
    private static final AgentDefinition DEFINITION = AgentDefinition.builder("scripted-agent").behaviour("").build();

    private static Simulation.Builder base(ScriptedAgent agent) {
        return Simulation.builder()
                .name("handle")
                .agent(DEFINITION, agent)
                .personas(Personas.builtIns())
                .scenarios(SupportDeskScenarios.graph(), 200)
                .timeScale(0.02);
    }

    @Test
    void aStartedRunCanBeWatchedAndCancelledAndStillGivesItsReport() throws Exception {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            RunningSimulation running = base(agent)
                    .load(LoadProfile.concurrentCalls(20).hold(Duration.ofMinutes(5)).build())
                    .build().start();
            assertThat(running.isDone()).isFalse();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (running.snapshot().counts().calls() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Measurements soFar = running.snapshot();
            assertThat(soFar.counts().calls()).isGreaterThanOrEqualTo(20);
            assertThat(soFar.latency()).isNotEmpty();
            assertThat(running.await(Duration.ofMillis(10))).isEmpty();

            running.cancel();
            SimulationReport report = running.await();

            assertThat(running.isDone()).isTrue();
            assertThat(report.simulation().durationSeconds()).isLessThan(60);
            assertThat(report.load().callsCompleted()).isGreaterThanOrEqualTo(soFar.counts().completed());
            // what the handle saw is what the report was assembled from: the calls only grow
            assertThat(running.snapshot().counts().calls()).isEqualTo(report.load().callsStarted());
        }
    }

    @Test
    void aBuilderNeverChangesUnderItsHolder() {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            Simulation.Builder shared = base(agent).load(LoadProfile.concurrentCalls(3).hold(Duration.ofMillis(300))
                    .build());
            Simulation.Builder renamed = shared.name("renamed").seed(7);

            assertThat(shared.build().run().simulation().name()).isEqualTo("handle");
            SimulationReport variant = renamed.build().run();
            assertThat(variant.simulation().name()).isEqualTo("renamed");
            assertThat(variant.simulation().seed()).isEqualTo(7);
        }
    }

    @Test
    void toBuilderDerivesAReRunThatSharesTheRest() {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            Simulation first = base(agent).seed(5)
                    .load(LoadProfile.concurrentCalls(3).hold(Duration.ofMillis(300)).build()).build();
            Simulation heavier = first.toBuilder()
                    .load(LoadProfile.concurrentCalls(6).hold(Duration.ofMillis(300)).build()).build();

            assertThat(heavier.rows()).isEqualTo(first.rows()); // same seed, same callers
            SimulationReport report = heavier.run();
            assertThat(report.simulation().name()).isEqualTo("handle");
            assertThat(report.load().peakConcurrency()).isEqualTo(6);
            assertThat(Optional.of(first.run().load().peakConcurrency())).contains(3);
        }
    }
}
