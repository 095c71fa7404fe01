package io.callstorm.reference.server;

import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.reference.ReferenceAgentConfig;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.media.MediaStreamConnector;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callstorm's media connector against {@code serve-agent}'s {@code /media}, with and without Callstorm's events:
 * a caller that talks over every reply gets the agent's voice cleared and then an answer to what it said.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MediaConnectorAgainstServeAgentTest {
    private static final Persona CALLER = Personas.builtIns().get(0);

    @ParameterizedTest(name = "extensions {0}")
    @ValueSource(booleans = {true, false})
    void aBargeInIsClearedAndTheInterruptingUtteranceAnswered(boolean extensions) throws Exception {
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0);
             MediaStreamConnector connector = MediaStreamConnector.builder(server.mediaUrl())
                     .callstormExtensions(extensions)
                     .bargeIn(1.0, Duration.ofMillis(600))
                     .build()) {
            BlockingQueue<Object> events = new LinkedBlockingQueue<>();
            AgentCall call = connector.open(new CallSetup("barge-in-" + extensions, CALLER, "billing", Map.of()),
                    listener(events));
            call.sendTurn(new CallerTurn(0, "Hello there.", CALLER.speakingTime(2)));
            Object event = events.poll(40, TimeUnit.SECONDS);
            assertThat(event).as("the reply to turn 0").isInstanceOf(AgentReply.class);
            AgentReply reply = (AgentReply) event;
            Map<String, String> a = reply.annotations();
            // the agent stopped talking when the caller talked over it, then answered the interruption
            assertThat(a).containsKeys("barge_in.clear_ms", "barge_in.answer_ms")
                    .doesNotContainKeys("barge_in.ignored", "barge_in.unanswered");
            assertThat(Long.parseLong(a.get("barge_in.answer_ms"))).isPositive();
            if (extensions) {
                // the turn's words and stage timings come in callstorm.transcript
                assertThat(reply.text()).isNotBlank();
                assertThat(reply.stages()).isNotEmpty();
            } else {
                assertThat(reply.text()).as("no transcript without the extension").isEmpty();
            }
            // the call goes on: the next turn is answered too
            call.sendTurn(new CallerTurn(1, "Okay, that makes sense.", CALLER.speakingTime(4)));
            assertThat(events.poll(40, TimeUnit.SECONDS)).as("the reply to turn 1").isInstanceOf(AgentReply.class);
            call.hangUp();
        }
    }

    private static AgentCallListener listener(BlockingQueue<Object> events) {
        return new AgentCallListener() {
            @Override
            public void onFirstAudio(int turnIndex, long atNanos) {
            }

            @Override
            public void onReply(AgentReply reply) {
                events.add(reply);
            }

            @Override
            public void onError(int turnIndex, AgentException error) {
                events.add(error);
            }
        };
    }
}
