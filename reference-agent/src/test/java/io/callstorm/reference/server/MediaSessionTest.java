package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.media.MuLaw;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A media session's listening and speaking on an embedded channel, against a recording agent: the clock is the
 * test's, so the frame counts are exact.
 */
class MediaSessionTest {
    private final List<CallerTurn> sent = new ArrayList<>();
    private final List<CallSetup> opened = new ArrayList<>();
    private int hangUps;
    private AgentCallListener listener;
    private EmbeddedChannel channel;
    private ServedCalls calls;
    private MediaSession session;

    @BeforeEach
    void open() {
        AgentConnector agent = new AgentConnector() {
            @Override
            public AgentCall open(CallSetup setup, AgentCallListener l) {
                opened.add(setup);
                listener = l;
                return new AgentCall() {
                    @Override
                    public void sendTurn(CallerTurn turn) {
                        sent.add(turn);
                    }

                    @Override
                    public void hangUp() {
                        hangUps++;
                    }
                };
            }

            @Override
            public String describe() {
                return "recording";
            }

            @Override
            public void close() {
            }
        };
        channel = new EmbeddedChannel();
        calls = new ServedCalls(agent);
        session = new MediaSession(channel, calls, new MediaTicker(channel.eventLoop()), true);
        session.start("MZ1", "", "no-such-persona", "");
    }

    @Test
    void startOpensACallWithDefaultsForMissingParameters() {
        assertThat(opened).singleElement().satisfies(s -> {
            assertThat(s.callId()).isEqualTo("MZ1");
            assertThat(s.pathId()).isEqualTo("unknown");
        });
        assertThat(calls.open()).isEqualTo(1);
        session.end();
        session.end();
        assertThat(hangUps).isOne();
        assertThat(calls.open()).isZero();
    }

    @Test
    void anUtteranceEndsAfter200MsBelowTheSpeechLevelAndCarriesTheAnnouncedWords() {
        session.utterance(0, "Hello there.", 0, false);
        frames(true, 25);
        frames(false, 9);
        assertThat(sent).isEmpty();
        frames(false, 1);
        assertThat(sent).containsExactly(new CallerTurn(0, "Hello there.", Duration.ofMillis(500)));
        // without an announcement the next turn goes with no words
        frames(true, 5);
        frames(false, 10);
        assertThat(sent).last().isEqualTo(new CallerTurn(1, "", Duration.ofMillis(100)));
    }

    @Test
    void aPauseInsideAnnouncedSpeechDoesNotEndIt() {
        session.utterance(0, "Well, I think so.", 1200, false); // 60 frames announced
        frames(true, 20);
        frames(false, 15); // a 300 ms pause at the comma
        assertThat(sent).isEmpty();
        frames(true, 25);
        frames(false, 10);
        assertThat(sent).containsExactly(new CallerTurn(0, "Well, I think so.", Duration.ofMillis(1200)));
    }

    @Test
    void anUtteranceAlsoEndsWhenFramesStopFor300Ms() {
        session.utterance(0, "Hi", 0, false);
        frames(true, 10);
        long now = System.nanoTime();
        session.tick(now + TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(sent).isEmpty();
        session.tick(now + TimeUnit.MILLISECONDS.toNanos(400));
        assertThat(sent).containsExactly(new CallerTurn(0, "Hi", Duration.ofMillis(200)));
    }

    @Test
    void speaksTheRepliesLengthThenMarksItsEnd() {
        session.utterance(0, "Hi", 0, false);
        frames(true, 10);
        frames(false, 10);
        listener.onFirstAudio(0, System.nanoTime());
        channel.runPendingTasks();
        assertThat(events()).containsExactly("media"); // the first frame at once
        listener.onReply(new AgentReply(0, "Hello.", Duration.ofMillis(80), List.of(), List.of(), Map.of()));
        channel.runPendingTasks();
        assertThat(events()).containsExactly("callstorm.transcript");
        assertThat(session.tick(System.nanoTime())).isTrue();
        assertThat(session.tick(System.nanoTime())).isTrue();
        assertThat(session.tick(System.nanoTime())).isFalse();
        List<JsonNode> out = outbound();
        assertThat(out).extracting(m -> m.path("event").asText()).containsExactly("media", "media", "media", "mark");
        assertThat(out.get(3).path("mark").path("name").asText()).isEqualTo("turn-0-end");
    }

    @Test
    void speechThatStopsTheAgentIsAnsweredAsAnInterruptionOfTheTurn() {
        session.utterance(0, "Hi", 0, false);
        frames(true, 10);
        frames(false, 10);
        listener.onFirstAudio(0, System.nanoTime());
        channel.runPendingTasks();
        outbound();
        frames(true, 2);
        assertThat(outbound()).isEmpty(); // a click, not yet a barge-in
        frames(true, 1);
        assertThat(events()).containsExactly("clear");
        frames(false, 10);
        // no words announced: the agent still answers what it was stopped for, within the turn it cut
        assertThat(sent).hasSize(2).last().isEqualTo(new CallerTurn(0, "", Duration.ofMillis(60)));
        listener.onFirstAudio(0, System.nanoTime());
        channel.runPendingTasks();
        assertThat(events()).containsExactly("media"); // the answer's voice starts
        listener.onReply(new AgentReply(0, "Sure, go ahead.", Duration.ofMillis(40), List.of(), List.of(), Map.of()));
        channel.runPendingTasks();
        assertThat(outbound()).singleElement().satisfies(m -> {
            assertThat(m.path("event").asText()).isEqualTo("callstorm.transcript");
            assertThat(m.path("transcript").path("interruption").asBoolean()).isTrue();
            assertThat(m.path("transcript").path("text").asText()).isEqualTo("Sure, go ahead.");
        });
        session.tick(System.nanoTime());
        assertThat(events()).containsExactly("media", "mark");

        // an announced turn over the agent is the caller's next turn, not an interruption
        listener.onFirstAudio(0, System.nanoTime()); // a late duplicate: the answer already played
        channel.runPendingTasks();
        assertThat(outbound()).isEmpty();
        session.utterance(1, "Actually, one more thing.", 0, false);
        frames(true, 5);
        frames(false, 10);
        assertThat(sent).last().isEqualTo(new CallerTurn(1, "Actually, one more thing.", Duration.ofMillis(100)));
    }

    @Test
    void anAnnouncedInterruptionCarriesItsWordsAndOnlyBackchannelsThatDoNotStopTheAgentGoUnanswered() {
        session.utterance(0, "Hi", 0, false);
        frames(true, 10);
        frames(false, 10);
        listener.onFirstAudio(0, System.nanoTime());
        channel.runPendingTasks();
        outbound();
        frames(true, 2); // a short "mm-hm" over the agent: too short to stop it
        frames(false, 10);
        assertThat(sent).hasSize(1);
        assertThat(events()).doesNotContain("clear");
        session.utterance(0, "sorry, wait", 700, true);
        frames(true, 35);
        assertThat(events()).contains("clear");
        frames(false, 10);
        assertThat(sent).hasSize(2).last().isEqualTo(new CallerTurn(0, "sorry, wait", Duration.ofMillis(700)));
    }

    private void frames(boolean speech, int n) {
        byte[] frame = new byte[MuLaw.FRAME_BYTES];
        if (speech) {
            for (int i = 0; i < frame.length; i++) {
                frame[i] = MuLaw.encode((int) Math.round(8_000 * Math.sin(2 * Math.PI * 200 * i / 8_000.0)));
            }
        } else {
            Arrays.fill(frame, MuLaw.SILENCE);
        }
        for (int i = 0; i < n; i++) {
            session.media(frame);
        }
    }

    private List<String> events() {
        return outbound().stream().map(m -> m.path("event").asText()).toList();
    }

    private List<JsonNode> outbound() {
        List<JsonNode> out = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            TextWebSocketFrame f = (TextWebSocketFrame) o;
            try {
                out.add(ReferenceAgentServer.JSON.readTree(f.text()));
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                f.release();
            }
        }
        return out;
    }
}
