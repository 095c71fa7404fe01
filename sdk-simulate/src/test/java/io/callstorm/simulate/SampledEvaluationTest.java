package io.callstorm.simulate;

import io.callstorm.core.CallStatus;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.simulate.connect.FixedLatencyAgent;
import io.callstorm.simulate.evaluate.EvaluationConfig;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.loop.SimulationClock;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scoring a share of the calls: the same calls on every run, the rest marked and counted, never as dropped. */
class SampledEvaluationTest {
    private static Simulation sampled(FixedLatencyAgent agent, double share) {
        return SmallSimulations.of(agent)
                .seed(11)
                .clock(SimulationClock.VIRTUAL)
                .keepCallLines(true)
                .evaluation(EvaluationConfig.builder().sample(share).build())
                .load(LoadProfile.concurrentCalls(20).rampTo(100, Duration.ofSeconds(10)).hold(Duration.ofSeconds(20))
                        .build())
                .build();
    }

    @Test
    void aQuarterOfTheCallsIsScoredTheSameQuarterTwiceAndTheOthersAreCountedAsSampledOut() {
        SimulationReport report;
        List<CallLine> lines;
        List<CallLine> again;
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(300), Duration.ofMillis(700))) {
            Simulation simulation = sampled(agent, 0.25);
            report = simulation.run();
            lines = simulation.lastCallLines();
        }
        try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(300), Duration.ofMillis(700))) {
            Simulation simulation = sampled(agent, 0.25);
            simulation.run();
            again = simulation.lastCallLines();
        }

        List<CallLine> measured = lines.stream().filter(l -> l.status() != CallStatus.CANCELLED).toList();
        long scored = measured.stream().filter(l -> l.scoring() == CallLine.Scoring.SCORED).count();
        long out = measured.stream().filter(l -> l.scoring() == CallLine.Scoring.SAMPLED_OUT).count();
        assertThat(measured).hasSizeGreaterThan(400);
        assertThat(scored + out).isEqualTo(measured.size());
        assertThat((double) scored / measured.size()).isBetween(0.18, 0.32);
        assertThat(lines.stream().filter(l -> l.scoring() == CallLine.Scoring.SAMPLED_OUT))
                .allSatisfy(l -> assertThat(l.scores()).isEmpty());
        assertThat(again.stream().filter(l -> l.scoring() == CallLine.Scoring.SCORED).map(CallLine::callId).toList())
                .isEqualTo(lines.stream().filter(l -> l.scoring() == CallLine.Scoring.SCORED).map(CallLine::callId)
                        .toList());

        assertThat(report.evaluation().sample()).isEqualTo(0.25);
        assertThat(report.evaluation().conversationsSampledOut()).isEqualTo(out);
        assertThat(report.evaluation().conversationsScored()).isEqualTo(scored);
        assertThat(report.evaluation().conversationsDropped()).isZero();
        assertThat(report.harness().healthy()).as(report.harness().summary()).isTrue();
        assertThat(report.evaluation().rubric("conversation_resolution")).hasValueSatisfying(r ->
                assertThat(r.done()).isEqualTo(scored));
    }

    @Test
    void aShareOutsideZeroToOneIsNamed() {
        assertThatThrownBy(() -> EvaluationConfig.builder().sample(0).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("evaluation.sample").hasMessageContaining("above 0 and up to 1, was 0.0");
        assertThatThrownBy(() -> EvaluationConfig.builder().sample(1.5).build())
                .hasMessageContaining("was 1.5");
    }
}
