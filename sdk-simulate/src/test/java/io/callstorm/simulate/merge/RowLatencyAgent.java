package io.callstorm.simulate.merge;

import io.callstorm.core.Stage;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.StageTiming;
import io.callstorm.simulate.loop.EventLoop;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-process agent on the virtual clock whose latencies depend on the row and turn only, not on the load or on the
 * order calls come in: a call answers the same in one process and in a shard, so the curves of a sharded run can be
 * compared with one process's sample by sample. Latencies spread over 150-750 ms so that percentiles differ between
 * buckets holding different calls.
 */
final class RowLatencyAgent implements AgentConnector {
    private static final String REPLY = "Thank you, I have taken care of that for you and everything is set.";

    private final EventLoop ownLoop = new EventLoop("row-latency-agent");
    private volatile EventLoop loop = ownLoop;

    static long firstAudioMillis(int row, int turn) {
        return 150 + Math.floorMod(row * 37L + turn * 101L, 600);
    }

    @Override
    public AgentCall open(CallSetup setup, AgentCallListener listener) {
        int row = Integer.parseInt(setup.metadata().getOrDefault("row", "0"));
        return new AgentCall() {
            @Override
            public void sendTurn(CallerTurn turn) {
                EventLoop on = loop;
                long first = firstAudioMillis(row, turn.index()) * 1_000_000L;
                on.execute(() -> {
                    on.schedule(first, () -> listener.onFirstAudio(turn.index(), on.nanoTime()));
                    on.schedule(first + 200_000_000L, () -> listener.onReply(new AgentReply(turn.index(), REPLY,
                            Duration.ofSeconds(2), List.of(), List.of(new StageTiming(Stage.LLM_TTFT, first / 2_000)),
                            Map.of())));
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
        return "in-process:row-latency";
    }

    @Override
    public void close() {
        ownLoop.close();
    }
}
