package io.callstorm.reference;

import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.SimulationReport;

import io.callstorm.core.Stage;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.simulate.report.LatencyRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine against the embedded reference agent at small load: its latencies are plausible at low load, and
 * its STT stream-capacity mechanism (and the failover fix) shows at a capacity shrunk to fit a test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReferenceAgentSimulationTest {
    /**
     * The support-desk paths of at most five steps: the twelve-step troubleshooting path would keep the drain
     * going for many seconds of (unscaled) agent time and add nothing these tests look at.
     */
    private static final ScenarioGraph SHORT_PATHS = ScenarioGraph.builder("support-desk-short")
            .paths(SupportDeskScenarios.graph().paths().stream().filter(p -> p.steps().size() <= 5).toList())
            .build();

    private static Simulation.Builder simulation(ReferenceAgent agent, LoadProfile load, double timeScale) {
        return Simulation.builder()
                .name("reference-small")
                .agent(ReferenceAgent.definition(), agent)
                .personas(Personas.builtIns())
                .scenarios(SHORT_PATHS, 2_000)
                .load(load)
                .timeScale(timeScale);
    }

    @Test
    void lowLoadLatenciesArePlausibleAndCallsComplete() {
        SimulationReport report;
        try (ReferenceAgent agent = ReferenceAgent.create(ReferenceAgentConfig.defaults())) {
            LoadProfile load = LoadProfile.concurrentCalls(20)
                    .rampTo(150, Duration.ofSeconds(3))
                    .hold(Duration.ofSeconds(2))
                    .build();
            report = simulation(agent, load, 0.05).build().run();
        }

        var l = report.load();
        assertThat(l.peakConcurrency()).isBetween(120, 150);
        assertThat(l.callsStarted()).isGreaterThan(l.peakConcurrency());
        assertThat((double) l.callsCompleted() / l.callsStarted()).as("completed share").isGreaterThan(0.9);

        for (Stage stage : Stage.values()) {
            assertThat(report.latency(stage)).as(stage.wireName()).isNotEmpty();
        }
        assertP95Between(report, Stage.STT_TTFT, 80, 250);
        assertP95Between(report, Stage.LLM_TTFT, 150, 500);
        assertP95Between(report, Stage.TTS_FIRST_AUDIO, 60, 250);
        assertP95Between(report, Stage.TOOL_CALL, 80, 600);
        assertThat(report.simulation().agent()).containsEntry("reference", true);
    }

    private static void assertP95Between(SimulationReport report, Stage stage, double lowMs, double highMs) {
        // the bucket with the most samples: a 20-sample bucket's P95 is one slow-path draw away from the tail
        LatencyRow low = report.latency(stage).stream().max((a, b) -> Long.compare(a.count(), b.count()))
                .orElseThrow();
        assertThat(low.p95Ms()).as(stage.wireName() + " P95 at " + low.concurrency() + " concurrent calls")
                .isBetween(lowMs, highMs);
    }

    @Test
    void sttStreamCapacityKneesAndFailoverFixesIt() {
        ReferenceAgentConfig shrunk = ReferenceAgentConfig.defaults().toBuilder().sttRegionStreamCapacity(40).build();
        ReferenceAgentConfig fixed = shrunk.withFixes(EnumSet.of(Fix.STT_FAILOVER));
        LoadProfile load = LoadProfile.concurrentCalls(150).hold(Duration.ofSeconds(3)).build();

        LatencyRow withoutFix = sttAtPeak(shrunk, load);
        LatencyRow withFix = sttAtPeak(fixed, load);

        assertThat(withoutFix.concurrency()).isGreaterThanOrEqualTo(120);
        assertThat(withFix.concurrency()).isGreaterThanOrEqualTo(120);
        assertThat(withoutFix.p95Ms()).as("stt_ttft P95 at peak without failover vs with (%s ms)", withFix.p95Ms())
                .isGreaterThan(2 * withFix.p95Ms());
    }

    private static LatencyRow sttAtPeak(ReferenceAgentConfig config, LoadProfile load) {
        try (ReferenceAgent agent = ReferenceAgent.create(config)) {
            // only the latency at peak matters here: calls still going after the hold are cut short
            SimulationReport report = simulation(agent, load, 0.05).drainTimeout(Duration.ofMillis(500)).build().run();
            return report.peakLatency(Stage.STT_TTFT).orElseThrow();
        }
    }
}
