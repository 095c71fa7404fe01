package io.callstorm.simulate;

import io.callstorm.core.Stage;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.StageTiming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test agent whose answer to every turn attempt is decided by a {@link Script}. Delays run on one scheduler
 * thread of its own, and listener methods are called from that thread, as a real connector would. It counts
 * opens, hang-ups and turn attempts, tracks the most calls open at once, and remembers when each attempt of each
 * turn arrived.
 */
public final class ScriptedAgent implements AgentConnector {
    /** A plain, helpful, courteous reply that is not a non-answer (so the caller moves on). */
    static final String DEFAULT_TEXT = "Thank you, I have taken care of that for you and everything is set.";
    /** Stage latencies the default reply reports. */
    static final List<StageTiming> DEFAULT_STAGES = List.of(new StageTiming(Stage.STT_TTFT, 90_000),
            new StageTiming(Stage.LLM_TTFT, 180_000), new StageTiming(Stage.TTS_FIRST_AUDIO, 70_000));

    /**
     * One attempt of one caller turn, as the agent received it.
     *
     * @param callId  the call
     * @param turn    what the caller sent
     * @param attempt 1 for the first send of this turn index, 2 for the first retry, ...
     * @param setup   what the agent was told when the call opened (who calls, on which path)
     */
    record Attempt(String callId, CallerTurn turn, int attempt, CallSetup setup) {
        int turnIndex() {
            return turn.index();
        }
    }

    /** Decides what the agent does with one attempt; called on the harness thread, must be fast. */
    @FunctionalInterface
    interface Script {
        Response respond(Attempt attempt);
    }

    /** What the agent does with one attempt. */
    static final class Response {
        private final Duration firstAudioAfter; // null: no first audio
        private final Duration replyAfter;      // null: no reply
        private final AgentException error;     // non-null: answer with this error instead
        private final Duration errorAfter;
        private final String text;
        private final List<StageTiming> stages;
        private final Duration audio;

        private Response(Duration firstAudioAfter, Duration replyAfter, AgentException error, Duration errorAfter,
                         String text, List<StageTiming> stages, Duration audio) {
            this.firstAudioAfter = firstAudioAfter;
            this.replyAfter = replyAfter;
            this.error = error;
            this.errorAfter = errorAfter;
            this.text = text;
            this.stages = stages;
            this.audio = audio;
        }

        /** First audio after {@code firstAudio}, the complete reply after {@code reply} (both from the send). */
        static Response reply(Duration firstAudio, Duration reply) {
            return new Response(firstAudio, reply, null, null, DEFAULT_TEXT, DEFAULT_STAGES, Duration.ofSeconds(2));
        }

        /** Answers with {@code error} after {@code after}. */
        static Response error(AgentException error, Duration after) {
            return new Response(null, null, Objects.requireNonNull(error), after, DEFAULT_TEXT, List.of(),
                    Duration.ZERO);
        }

        /** Answers with {@code error} at once. */
        static Response error(AgentException error) {
            return error(error, Duration.ZERO);
        }

        /** Never answers at all: no audio, no reply, no error. */
        static Response silence() {
            return new Response(null, null, null, null, DEFAULT_TEXT, List.of(), Duration.ZERO);
        }

        /** Starts speaking after {@code firstAudio}, then never delivers the reply. */
        static Response firstAudioOnly(Duration firstAudio) {
            return new Response(firstAudio, null, null, null, DEFAULT_TEXT, List.of(), Duration.ZERO);
        }

        Response text(String newText) {
            return new Response(firstAudioAfter, replyAfter, error, errorAfter, newText, stages, audio);
        }

        Response stages(List<StageTiming> newStages) {
            return new Response(firstAudioAfter, replyAfter, error, errorAfter, text, List.copyOf(newStages), audio);
        }

        Response audio(Duration newAudio) {
            return new Response(firstAudioAfter, replyAfter, error, errorAfter, text, stages, newAudio);
        }
    }

    private final Script script;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicInteger hangUps = new AtomicInteger();
    private final AtomicInteger openNow = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicInteger listenerCallsAfterHangUp = new AtomicInteger();
    /** open number:callId/turnIndex -> nanoTime of each attempt, in order. */
    private final Map<String, List<Long>> attemptTimes = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    ScriptedAgent(Script script) {
        this.script = Objects.requireNonNull(script, "script");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scripted-agent");
            t.setDaemon(true);
            return t;
        });
    }

    /** Answers every attempt with first audio after {@code firstAudio} and the reply after {@code reply}. */
    public static ScriptedAgent answering(Duration firstAudio, Duration reply) {
        return new ScriptedAgent(a -> Response.reply(firstAudio, reply));
    }

    /** A fast agent: first audio after 5 ms, reply after 10 ms, default stages. */
    public static ScriptedAgent fast() {
        return answering(Duration.ofMillis(5), Duration.ofMillis(10));
    }

    @Override
    public AgentCall open(CallSetup setup, AgentCallListener listener) {
        int open = opens.incrementAndGet();
        int now = openNow.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
        return new Call(setup, open, listener);
    }

    @Override
    public String describe() {
        return "test:scripted-agent";
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            scheduler.shutdownNow();
        }
    }

    int opens() { return opens.get(); }
    int hangUps() { return hangUps.get(); }
    int openNow() { return openNow.get(); }
    int maxOpen() { return maxOpen.get(); }
    /** Every turn attempt received, retries included. */
    long attempts() { return attempts.get(); }

    /** Events the script would have sent after the call was hung up (they are suppressed, not sent). */
    int eventsSuppressedAfterHangUp() { return listenerCallsAfterHangUp.get(); }

    /** Turns (call, index) that were sent more than once. */
    long turnsRetried() {
        return attemptTimes.values().stream().filter(times -> times.size() > 1).count();
    }

    /** Turns (call, index) received. */
    long distinctTurns() {
        return attemptTimes.size();
    }

    /** For every retried turn, the time between its first and second attempt. */
    List<Duration> firstRetryGaps() {
        List<Duration> gaps = new ArrayList<>();
        for (List<Long> times : attemptTimes.values()) {
            synchronized (times) {
                if (times.size() > 1) {
                    gaps.add(Duration.ofNanos(times.get(1) - times.get(0)));
                }
            }
        }
        return gaps;
    }

    /** The largest number of attempts any one turn got. */
    int maxAttemptsOfOneTurn() {
        return attemptTimes.values().stream().mapToInt(List::size).max().orElse(0);
    }

    private final class Call implements AgentCall {
        private final String callId;
        private final CallSetup setup;
        private final String key; // call ids repeat when a simulation runs twice; the open number does not
        private final AgentCallListener listener;
        private final AtomicBoolean hungUp = new AtomicBoolean();

        Call(CallSetup setup, int openNumber, AgentCallListener listener) {
            this.callId = setup.callId();
            this.setup = setup;
            this.key = openNumber + ":" + callId;
            this.listener = listener;
        }

        @Override
        public void sendTurn(CallerTurn turn) {
            long at = System.nanoTime();
            attempts.incrementAndGet();
            List<Long> times = attemptTimes.computeIfAbsent(key + "/" + turn.index(), k -> new ArrayList<>());
            int attempt;
            synchronized (times) {
                times.add(at);
                attempt = times.size();
            }
            Response r = script.respond(new Attempt(callId, turn, attempt, setup));
            int index = turn.index();
            if (r.error != null) {
                later(r.errorAfter, () -> listener.onError(index, r.error));
                return;
            }
            if (r.firstAudioAfter != null) {
                later(r.firstAudioAfter, () -> listener.onFirstAudio(index, System.nanoTime()));
            }
            if (r.replyAfter != null) {
                // never before the first audio: the documented order is first audio, then reply
                Duration after = r.firstAudioAfter != null && r.firstAudioAfter.compareTo(r.replyAfter) > 0
                        ? r.firstAudioAfter : r.replyAfter;
                AgentReply reply = new AgentReply(index, r.text, r.audio, List.of(), r.stages, Map.of());
                later(after, () -> listener.onReply(reply));
            }
        }

        private void later(Duration delay, Runnable event) {
            if (closed.get()) {
                return;
            }
            Runnable guarded = () -> {
                if (hungUp.get()) {
                    listenerCallsAfterHangUp.incrementAndGet();
                    return;
                }
                event.run();
            };
            try {
                scheduler.schedule(guarded, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // closed while the run was still going; the test is over
            }
        }

        @Override
        public void hangUp() {
            if (hungUp.compareAndSet(false, true)) {
                hangUps.incrementAndGet();
                openNow.decrementAndGet();
            }
        }
    }
}
