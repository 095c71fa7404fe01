package io.callstorm.simulate;

import io.callstorm.core.CallStatus;
import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.measure.Measurements;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
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

    @Test
    void aListenerPerCallHearsItsCallsStepsInOrder() {
        java.util.Map<String, List<String>> steps = new java.util.concurrent.ConcurrentHashMap<>();
        SimulationListener.Factory perCall = (call, concurrency) -> new SimulationListener() {
            private final List<String> mine = new java.util.ArrayList<>();

            @Override public void callStart(CallSetup setup, int c) {
                steps.put(setup.callId(), mine);
                mine.add("start");
            }
            @Override public void turnSent(String callId, int turn) { mine.add("sent" + turn); }
            @Override public void firstAudio(String callId, int turn, double gapMs) { mine.add("audio" + turn); }
            @Override public void firstToken(String callId, int turn, double gapMs) { mine.add("token" + turn); }
            @Override public void reply(String callId, AgentReply reply) { mine.add("reply" + reply.turnIndex()); }
            @Override public void callFailed(String callId, CallLine.CallError error) { mine.add("failed:" + error.kind()); }
            @Override public void callEnd(String callId, CallStatus status) { mine.add("end:" + status); }
        };
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            base(agent).listenerFactory(perCall).drainTimeout(Duration.ofMillis(20))
                    .load(LoadProfile.concurrentCalls(5).hold(Duration.ofMillis(500)).build()).build().run();
        }
        assertThat(steps).isNotEmpty();
        assertThat(steps.values()).allSatisfy(call -> {
            assertThat(call.get(0)).isEqualTo("start");
            assertThat(call.get(call.size() - 1)).startsWith("end:");
            assertThat(call).filteredOn(s -> s.startsWith("token")).isEmpty(); // an in-process voice agent: audio
        });
        List<String> completed = steps.values().stream().filter(c -> c.contains("end:COMPLETED")).findFirst().orElseThrow();
        assertThat(completed.subList(0, 4)).containsExactly("start", "sent0", "audio0", "reply0");
        assertThat(completed).doesNotContain("failed:TIMEOUT");
        List<String> cut = steps.values().stream().filter(c -> !c.contains("end:COMPLETED")).findFirst().orElseThrow();
        assertThat(cut.get(cut.size() - 2)).startsWith("failed:"); // cut at the run's end: failed, then ended
    }
}
