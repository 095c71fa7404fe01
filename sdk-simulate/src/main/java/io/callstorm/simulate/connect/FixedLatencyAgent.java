package io.callstorm.simulate.connect;

import io.callstorm.core.Stage;
import io.callstorm.simulate.loop.EventLoop;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An agent that answers every turn after fixed delays with a fixed reply, on one thread of its own. It has no
 * capacity limits, so it measures the harness and not an agent: the capacity benchmark uses it.
 *
 * <pre>{@code
 * try (FixedLatencyAgent agent = FixedLatencyAgent.create(Duration.ofMillis(300), Duration.ofMillis(600))) { ... }
 * }</pre>
 */
public final class FixedLatencyAgent implements AgentConnector {
    private static final String REPLY = "Thanks, I've found your account and everything looks fine. Is there anything "
            + "else I can help you with today?";

    private final EventLoop ownLoop = new EventLoop("callstorm-fixed-agent");
    /** Its own loop, or a virtual-clock run's loop while that run lasts. */
    private volatile EventLoop loop = ownLoop;
    private final long firstAudioNanos;
    private final long replyNanos;
    private final Duration audio;

    private FixedLatencyAgent(Duration firstAudio, Duration reply) {
        this.firstAudioNanos = firstAudio.toNanos();
        this.replyNanos = Math.max(reply.toNanos(), firstAudio.toNanos());
        this.audio = Duration.ofMillis(Math.round(REPLY.split(" ").length * 60_000.0 / 165));
    }

    /** @param firstAudio delay to first audio; {@code reply} delay to the complete reply (at least firstAudio) */
    public static FixedLatencyAgent create(Duration firstAudio, Duration reply) {
        Objects.requireNonNull(firstAudio, "firstAudio");
        Objects.requireNonNull(reply, "reply");
        if (firstAudio.isNegative() || reply.isNegative()) {
            throw new IllegalArgumentException("delays must be >= 0, were " + firstAudio + " and " + reply);
        }
        return new FixedLatencyAgent(firstAudio, reply);
    }

    @Override
    public AgentCall open(CallSetup setup, AgentCallListener listener) {
        return new AgentCall() {
            @Override
            public void sendTurn(CallerTurn turn) {
                EventLoop on = loop;
                on.execute(() -> {
                    on.schedule(firstAudioNanos, () -> listener.onFirstAudio(turn.index(), on.nanoTime()));
                    on.schedule(replyNanos, () -> listener.onReply(new AgentReply(turn.index(), REPLY, audio,
                            List.of(), List.of(new StageTiming(Stage.LLM_TTFT, firstAudioNanos / 1000)), Map.of())));
                });
            }

            @Override
            public void hangUp() {
                // nothing held per call
            }
        };
    }

    @Override
    public boolean supportsVirtualClock() {
        return true;
    }

    @Override
    public void runOn(EventLoop runLoop) {
        loop = Objects.requireNonNull(runLoop, "loop");
    }

    @Override
    public void runOnOwnThread() {
        loop = ownLoop;
    }

    @Override
    public String describe() {
        return "in-process:fixed-latency";
    }

    @Override
    public void close() {
        ownLoop.close();
    }
}
