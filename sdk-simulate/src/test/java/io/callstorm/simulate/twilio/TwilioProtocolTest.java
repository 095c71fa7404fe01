package io.callstorm.simulate.twilio;

import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.connect.media.MediaStreamConnector;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.ReportJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callstorm's media connector against {@link TwilioProtocolAgent}, an agent written from Twilio's documentation
 * alone: a short load test through the public API in which every message the agent receives must keep Twilio's
 * rules, and the agent is measured from its audio alone (it does not opt in to Callstorm's events).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwilioProtocolTest {
    @Test
    void everyMessageOfALoadTestKeepsTwilioRulesAndBargeInsAreAnswered(@TempDir Path out) throws Exception {
        try (TwilioProtocolAgent agent = new TwilioProtocolAgent();
             MediaStreamConnector connector = MediaStreamConnector.builder(agent.url())
                     .bargeIn(0.5, Duration.ofMillis(300))
                     .build()) {
            Simulation.builder()
                    .name("twilio-protocol")
                    .agent(AgentDefinition.builder("twilio-agent").behaviour("Answers every utterance.").build(),
                            connector)
                    .personas(Personas.builtIns())
                    .scenarios(SupportDeskScenarios.graph(), 7)
                    .timeScale(0.05)
                    .load(LoadProfile.concurrentCalls(3).hold(Duration.ofSeconds(2)).build())
                    .outputDirectory(out)
                    .build().run();

            // every call hung up with a stop; every message of every call kept the rules
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (agent.stops.get() < agent.streams.get() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(agent.violations).as("violations of Twilio's rules").isEmpty();
            assertThat(agent.streams.get()).isPositive();
            assertThat(agent.stops.get()).isEqualTo(agent.streams.get());
            assertThat(agent.mediaFrames.get()).isGreaterThan(100);
            // the caller talked over some answers; the agent cleared them and answered what it said
            assertThat(agent.clears.get()).isPositive();
            assertThat(agent.interruptionsAnswered.get()).isPositive();
            assertThat(agent.answers.get()).isGreaterThan(agent.interruptionsAnswered.get());
        }

        List<CallLine> calls = new ArrayList<>();
        for (String json : Files.readAllLines(out.resolve("calls.jsonl"))) {
            calls.add(ReportJson.mapper().readValue(json, CallLine.class));
        }
        assertThat(calls).isNotEmpty();
        List<CallLine.Turn> agentTurns = calls.stream().flatMap(c -> c.turns().stream())
                .filter(t -> t.gapMs().isPresent()).toList();
        // measured from the audio alone: a gap for each answer, the barge-ins' clear and answer times
        assertThat(agentTurns).isNotEmpty().allSatisfy(t -> assertThat(t.gapMs().get()).isPositive());
        assertThat(agentTurns).anySatisfy(t -> assertThat(t.annotations())
                .containsKeys("barge_in.clear_ms", "barge_in.answer_ms"));
        assertThat(calls).allSatisfy(c -> assertThat(c.error()).as(c.callId()).isEmpty());
    }
}
