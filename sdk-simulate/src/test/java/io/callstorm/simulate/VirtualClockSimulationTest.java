package io.callstorm.simulate;

import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import io.callstorm.simulate.connect.FixedLatencyAgent;
import io.callstorm.simulate.connect.http.HttpSseConnector;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.loop.SimulationClock;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A simulation on the virtual clock, through the public builder: simulated time, the same run twice. */
class VirtualClockSimulationTest {
    private static Simulation.Builder virtualRun(FixedLatencyAgent agent) {
        return SmallSimulations.of(agent)
                .seed(7)
                .clock(SimulationClock.VIRTUAL)
                .keepCallLines(true)
                .load(LoadProfile.concurrentCalls(20).rampTo(200, Duration.ofSeconds(20)).hold(Duration.ofSeconds(40))
                        .build());
    }

    @Test
    void aMinuteOfLoadRunsOnSimulatedTimeAndTwoRunsRecordTheSameCalls() {
        SimulationReport first;
        SimulationReport second;
        List<CallLine> firstLines;
        List<CallLine> secondLines;
        long wallStart = System.nanoTime();
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(400), Duration.ofMillis(900))) {
            Simulation simulation = virtualRun(agent).build();
            first = simulation.run();
            firstLines = simulation.lastCallLines();
        }
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(400), Duration.ofMillis(900))) {
            Simulation simulation = virtualRun(agent).build();
            second = simulation.run();
            secondLines = simulation.lastCallLines();
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;

        assertThat(first.simulation().clock()).isEqualTo("virtual");
        assertThat(first.simulation().durationSeconds()).as("simulated seconds: load, then a drain")
                .isGreaterThanOrEqualTo(60.0).isLessThan(120.0);
        assertThat(wallSeconds).as("two simulated minutes take far less than two minutes").isLessThan(60);
        assertThat(first.harness().healthy()).as(first.harness().summary()).isTrue();
        assertThat(first.harness().eventLoopLagMaxMs()).isZero();
        assertThat(first.load().callsStarted()).isGreaterThan(1_000);
        // every gap is the agent's 400 ms to the tenth of a millisecond: no harness delay in simulated time
        assertThat(firstLines).allSatisfy(line -> assertThat(line.turns()).allSatisfy(t ->
                t.gapMs().ifPresent(gap -> assertThat(gap).isEqualTo(400.0))));
        assertThat(secondLines).hasSameSizeAs(firstLines);
        for (int i = 0; i < firstLines.size(); i++) {
            assertThat(secondLines.get(i)).as("line %d", i).isEqualTo(firstLines.get(i));
        }
        assertThat(second.load()).isEqualTo(first.load());
        assertThat(second.latency()).isEqualTo(first.latency());
    }

    @Test
    void aConnectorToAnAgentOverTheNetworkCannotRunOnTheVirtualClock() {
        try (HttpSseConnector http = HttpSseConnector.builder(URI.create("http://127.0.0.1:9")).build()) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> SmallSimulations.of(http)
                    .load(LoadProfile.concurrentCalls(1).hold(Duration.ofSeconds(1)).build())
                    .clock(SimulationClock.VIRTUAL)
                    .build());
            assertThat(e).isNotNull();
            assertThat(e.problems()).extracting(Problem::path).containsExactly("clock");
            assertThat(e.getMessage()).contains("VIRTUAL", "in-process", "REAL");
        }
    }

    @Test
    void theClockIsRealByDefaultAndNeverNull() {
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(1), Duration.ofMillis(2))) {
            Simulation.Builder b = SmallSimulations.of(agent)
                    .load(LoadProfile.concurrentCalls(1).hold(Duration.ofSeconds(1)).build());
            assertThat(b.problems()).isEmpty();
            assertThat(b.clock(null).problems()).extracting(Problem::path).containsExactly("clock");
        }
    }
}
