package io.callstorm.simulate.engine;

import io.callstorm.simulate.callers.CallBudget;
import io.callstorm.simulate.callers.ImprovisedTurns;
import io.callstorm.simulate.loop.EventLoop;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.core.Stage;
import io.callstorm.core.scenario.ScenarioRow;
import io.callstorm.core.transcript.ReplyCues;
import io.callstorm.core.transcript.Transcript;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.core.transcript.Words;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.RecordedAudio;
import io.callstorm.simulate.connect.StageTiming;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.measure.CallLine.ErrorKind;
import io.callstorm.simulate.measure.CallLine.Timeout;
import io.callstorm.tracing.StageSample;
import io.github.resilience4j.retry.Retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One simulated caller as a state machine on the harness loop: think, speak (a timer), send, await the
 * agent (patience and turn-timeout timers), listen (a timer), next step — until the path ends, the caller
 * hangs up or a timeout fires. Agent events arrive on the connector's threads and are handed to the loop.
 *
 * <p>Stage latencies come two ways: in the reply ({@link AgentReply#stages()}: an agent over the network, from
 * {@code Server-Timing}), taken at the concurrency when the reply came; or from the agent's stage spans (an
 * in-process agent), each at the {@code voice.concurrency} its span started with. Span samples arrive before
 * the reply they belong to; they wait here for it, and a turn that gets no reply measures no stages, as
 * a reply that never comes reports none.
 */
final class CallerSession implements AgentCallListener {
    private enum State { THINKING, SPEAKING, AWAITING, LISTENING, DONE }

    private static final long THINK_MILLIS = 400;

    private final SimulationRun run;
    private final ScenarioRow row;
    private final String callId;
    private final long startNanos;
    private final List<TranscriptTurn> transcript = new ArrayList<>();
    private final List<CallLine.Turn> turnLines = new ArrayList<>();
    private AgentCall call;
    private CallEvents events = CallEvents.NONE;
    private State state = State.THINKING;
    private int step;
    private boolean reAsked;
    private int turnIndex = -1;
    private CallerTurn pending;
    /** What an improvising caller may still spend on its model; null until its first turn, and for scripted ones. */
    private CallBudget budget;
    /** When the end of the caller's turn was: the harness sent it, or the connector's last speech frame left. */
    private long sentAtNanos;
    /** When a streamed turn's speech started. */
    private long spokenAt;
    private long firstAudioAtNanos;
    private EventLoop.Timer patienceTimer;
    private EventLoop.Timer turnTimer;
    private EventLoop.Timer callTimer;
    private Retry.AsyncContext<Object> retryContext;
    private int retries;
    private long concurrencySum;
    private int concurrencySamples;
    private CallLine.CallError error;
    private int startConcurrency;
    private long gapMicros;
    private int gapConcurrency;
    private CallLine.Attempt retrying;
    /** Stage samples from the agent's spans for the turn awaiting its reply. */
    private final List<StageSample> spanStages = new ArrayList<>(6);

    CallerSession(SimulationRun run, ScenarioRow row, String callId) {
        this.run = run;
        this.row = row;
        this.callId = callId;
        this.startNanos = run.nanoTime();
    }

    void start() {
        startConcurrency = run.concurrency();
        Map<String, String> meta = Map.of("persona", row.persona().id(), "path", row.path().id(),
                "row", Integer.toString(row.index()));
        CallSetup setup = new CallSetup(callId, row.persona(), row.path().id(), meta);
        events = run.events().callStart(setup, startConcurrency);
        try {
            call = run.connector().open(setup, this);
        } catch (RuntimeException e) {
            AgentException ae = e instanceof AgentException a ? a
                    : AgentException.wrap(io.callstorm.simulate.connect.AgentErrorKind.CONNECTION_REFUSED,
                    String.valueOf(e.getMessage()), e);
            fail(ae);
            return;
        }
        callTimer = run.loop().schedule(run.maxCallDuration().toNanos(), () -> timeOut("call exceeded "
                + run.maxCallDuration().toSeconds() + " s", Timeout.CALL));
        think();
    }

    private void think() {
        state = State.THINKING;
        run.loop().schedule(run.scaled(THINK_MILLIS * 1_000_000L), this::speak);
    }

    /**
     * The caller's turn: the scripted one at once, or an improvising caller's once its model (or the cache) answers,
     * the wait being part of its thinking. The loop never waits for the model: the answer comes back to it as a task,
     * and on the virtual clock simulated time stands still until it has.
     */
    private void speak() {
        if (state == State.DONE) {
            return;
        }
        Optional<ImprovisedTurns> improvising = run.improvisedTurns();
        if (improvising.isEmpty()) {
            say(reAsked ? row.reAsk(step) : row.utterance(step));
            return;
        }
        if (budget == null) {
            budget = improvising.get().budget();
        }
        EventLoop loop = run.loop();
        loop.holdClock();
        improvising.get().next(row, step, reAsked, List.copyOf(transcript), budget)
                .whenComplete((text, e) -> loop.execute(() -> {
                    loop.releaseClock();
                    if (state == State.THINKING) { // else the call ended while the caller thought
                        say(text != null ? text : reAsked ? row.reAsk(step) : row.utterance(step));
                    }
                }));
    }

    private void say(String text) {
        state = State.SPEAKING;
        int words = Words.count(text);
        Duration speech = row.persona().speakingTime(words);
        turnIndex++;
        pending = new CallerTurn(turnIndex, text, speech);
        long speechStart = run.nanoTime();
        if (run.connector().streamsCallerSpeech()) {
            // the connector speaks in real time and says when the speech ended; until then the turn is in its hands
            spokenAt = speechStart;
            retryContext = null;
            retrying = null;
            cancelTurnTimers();
            turnTimer = run.loop().schedule(speech.toNanos() + run.turnTimeout().toNanos(), () -> timeOut(
                    "the caller's speech did not end within " + run.turnTimeout().toMillis() + " ms of its length",
                    Timeout.TURN));
            events.turnSent(turnIndex);
            call.sendTurn(pending);
            return;
        }
        run.loop().schedule(run.scaled(speech.toNanos()), () -> {
            if (state == State.DONE) {
                return; // the call ended while the caller was speaking: the turn was never sent
            }
            spoken(text, speechStart);
            retryContext = null;
            retrying = null;
            send();
        });
    }

    /** The caller's turn enters the transcript, dated from when the caller started it. */
    private void spoken(String text, long speechStart) {
        long at = (speechStart - startNanos) / 1_000_000L;
        transcript.add(TranscriptTurn.caller(text, at));
        turnLines.add(new CallLine.Turn(CallLine.Speaker.CALLER, text, at, run.concurrency(),
                Optional.empty(), Map.of(), List.of(), Map.of(), 0, Map.of()));
    }

    /** A streamed turn's speech ended (first time, or again after a retry): the wait for the agent starts. */
    private void speechEnded(int turn, long atNanos) {
        if (turn != turnIndex || (state != State.SPEAKING && state != State.AWAITING)) {
            return;
        }
        if (state == State.SPEAKING) {
            spoken(pending.text(), spokenAt);
        }
        await(atNanos);
    }

    private void send() {
        if (state == State.DONE) {
            return;
        }
        await(run.nanoTime());
        events.turnSent(turnIndex);
        call.sendTurn(pending);
    }

    /** Waits for the agent's answer to the turn that ended at {@code endedAtNanos}: patience and turn timeout. */
    private void await(long endedAtNanos) {
        state = State.AWAITING;
        spanStages.clear(); // a stage of an earlier turn whose reply was not taken
        sentAtNanos = endedAtNanos;
        firstAudioAtNanos = 0;
        cancelTurnTimers();
        long waited = Math.max(0, run.nanoTime() - endedAtNanos);
        patienceTimer = run.loop().schedule(Math.max(0, row.persona().patience().toNanos() - waited),
                this::hangUpOnSilence);
        turnTimer = run.loop().schedule(Math.max(0, run.turnTimeout().toNanos() - waited), () -> timeOut(
                "no reply within " + run.turnTimeout().toMillis() + " ms", Timeout.TURN));
    }

    // --- agent events, any thread -> loop

    @Override
    public void onFirstAudio(int turn, long atNanos) {
        run.loop().execute(() -> firstAudio(turn, atNanos));
    }

    @Override
    public void onSpeechEnded(int turn, long atNanos) {
        run.loop().execute(() -> speechEnded(turn, atNanos));
    }

    @Override
    public void onReply(AgentReply reply) {
        run.loop().execute(() -> reply(reply));
    }

    @Override
    public void onError(int turn, AgentException error) {
        run.loop().execute(() -> agentError(turn, error));
    }

    /** A stage span of this call ended in the agent; on the loop. Kept for the reply of the turn in progress. */
    void stageSample(StageSample sample) {
        if (state == State.AWAITING) {
            spanStages.add(sample);
        }
    }

    // --- on the loop

    private void firstAudio(int turn, long atNanos) {
        if (state != State.AWAITING || turn != turnIndex || firstAudioAtNanos != 0) {
            return;
        }
        firstAudioAtNanos = Math.max(atNanos, sentAtNanos);
        if (patienceTimer != null) {
            patienceTimer.cancel();
            patienceTimer = null;
        }
        // at the precision of calls.jsonl (0.1 ms): the line is the measurement
        gapMicros = toTenthMillis((firstAudioAtNanos - sentAtNanos) / 1000L);
        gapConcurrency = run.concurrency();
        run.recordGap(gapMicros);
        if (run.connector().repliesInText()) {
            events.firstToken(turn, gapMicros / 1000.0);
        } else {
            events.firstAudio(turn, gapMicros / 1000.0);
        }
    }

    private void reply(AgentReply reply) {
        if (state != State.AWAITING || reply.turnIndex() != turnIndex) {
            return;
        }
        if (firstAudioAtNanos == 0) {
            firstAudio(reply.turnIndex(), run.nanoTime()); // a text agent's reply is its first audio
        }
        cancelTurnTimers();
        int concurrency = run.concurrency();
        concurrencySum += concurrency;
        concurrencySamples++;
        Map<String, List<Double>> stages = new LinkedHashMap<>();
        // each value at the concurrency it was measured at, which the line keeps for the recorder
        Map<String, List<Integer>> stageConcurrency = new LinkedHashMap<>();
        for (StageSample s : spanStages) { // from spans: at the concurrency their stage started with
            long micros = toTenthMillis(s.latencyMicros());
            int at = (int) Math.min(Integer.MAX_VALUE, s.concurrency());
            String wire = s.reportStage().wireName();
            stages.computeIfAbsent(wire, k -> new ArrayList<>(2)).add(micros / 1000.0);
            stageConcurrency.computeIfAbsent(wire, k -> new ArrayList<>(2)).add(at);
        }
        spanStages.clear();
        for (StageTiming t : reply.stages()) { // reported in the reply (e.g. Server-Timing): at the reply's
            long micros = toTenthMillis(t.latencyMicros());
            String wire = t.stage().wireName();
            stages.computeIfAbsent(wire, k -> new ArrayList<>(2)).add(micros / 1000.0);
            stageConcurrency.computeIfAbsent(wire, k -> new ArrayList<>(2)).add(concurrency);
        }
        long at = millisSince(startNanos);
        transcript.add(TranscriptTurn.agent(reply.text(), at, reply.toolCalls()));
        turnLines.add(new CallLine.Turn(CallLine.Speaker.AGENT, reply.text(), at, concurrency,
                Optional.of(gapMicros / 1000.0), stages, reply.toolCalls(), reply.annotations(), gapConcurrency,
                stageConcurrency));
        state = State.LISTENING;
        events.reply(reply);
        long heard = firstAudioAtNanos + run.scaled(reply.audioDuration().toNanos());
        run.loop().schedule(Math.max(0, heard - run.nanoTime()), () -> afterListening(reply));
    }

    private void afterListening(AgentReply reply) {
        if (state != State.LISTENING) {
            return;
        }
        boolean lastStep = step == row.path().steps().size() - 1;
        if (!reAsked && ReplyCues.isNonAnswer(reply.text())) {
            reAsked = true; // ask the same step once more before moving on
            think();
            return;
        }
        reAsked = false;
        if (lastStep) {
            finish(CallStatus.COMPLETED);
            return;
        }
        step++;
        think();
    }

    private void agentError(int turn, AgentException e) {
        if (turn != turnIndex || (state != State.AWAITING
                && !(state == State.SPEAKING && run.connector().streamsCallerSpeech()))) {
            return;
        }
        if (state == State.SPEAKING) { // the stream broke while the caller spoke: the turn was said all the same
            spoken(pending.text(), spokenAt);
            await(run.nanoTime());
        }
        if (e.isTransient()) {
            if (retryContext == null) {
                retryContext = run.retry().asyncContext();
            }
            long delayMillis = retryContext.onError(e);
            if (delayMillis >= 0) {
                retrying = new CallLine.Attempt(kindOf(e), e.stage().map(Stage::wireName).orElse("agent"),
                        e.status().orElse(0), String.valueOf(e.getMessage()));
                retries++;
                spanStages.clear(); // the failed attempt's stages: the retry measures its own
                // the caller keeps waiting in silence: patience and turn timers keep running
                run.loop().schedule(TimeUnit.MILLISECONDS.toNanos(delayMillis), () -> {
                    if (state == State.AWAITING && turn == turnIndex) {
                        events.turnSent(turn);
                        call.sendTurn(pending);
                    }
                });
                return;
            }
        }
        fail(e);
    }

    private void hangUpOnSilence() {
        if (state != State.AWAITING) {
            return;
        }
        long waited = (run.nanoTime() - sentAtNanos) / 1_000_000L;
        // the persona is on the line already; kept out of the message so that hang-ups share one template
        error = error(ErrorKind.HUNG_UP, Stage.USER_PERCEIVED_GAP.wireName(), 0, "caller hung up after " + waited
                + " ms of silence (patience " + row.persona().patience().toMillis() + " ms)", Timeout.PATIENCE, null);
        finish(CallStatus.HUNG_UP);
    }

    private void timeOut(String why, Timeout timeout) {
        if (state == State.DONE) {
            return;
        }
        error = error(ErrorKind.TIMEOUT, Stage.USER_PERCEIVED_GAP.wireName(), 0, "call timed out: " + why, timeout,
                null);
        finish(CallStatus.TIMED_OUT);
    }

    private void fail(AgentException e) {
        error = error(kindOf(e), e.stage().map(Stage::wireName).orElse("agent"), e.status().orElse(0),
                String.valueOf(e.getMessage()), Timeout.NONE, e.getCause());
        finish(CallStatus.FAILED);
    }

    /**
     * The error as the edge sees it: besides kind, stage, status and message, which wait ran out, the exception
     * behind it, the transient error being retried when it happened, and the first-audio gap of a turn cut short.
     */
    private CallLine.CallError error(ErrorKind kind, String stage, int status, String message, Timeout timeout,
                                     Throwable cause) {
        boolean cutAfterFirstAudio = state == State.AWAITING && firstAudioAtNanos != 0;
        return new CallLine.CallError(kind, stage, status, run.concurrency(), message, timeout,
                cause == null ? "" : cause.getClass().getSimpleName(),
                state == State.AWAITING ? Optional.ofNullable(retrying) : Optional.empty(),
                cutAfterFirstAudio ? Optional.of(gapMicros / 1000.0) : Optional.empty(),
                cutAfterFirstAudio ? gapConcurrency : 0);
    }

    /** The line's kind of a connector's error: the same name (a kind the line does not know reads as other). */
    private static ErrorKind kindOf(AgentException e) {
        return ErrorKind.named(e.kind().name());
    }

    /** Ends the call now (the run is over: its drain time ran out); counts as timed out. */
    void abort() {
        timeOut("the run ended before the call did", Timeout.RUN_END);
    }

    /** Cuts the call short, the run being stopped early: no error of the agent's, and no outcome of its own. */
    void cancel() {
        finish(CallStatus.CANCELLED);
    }

    private void finish(CallStatus status) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        cancelTurnTimers();
        if (callTimer != null) {
            callTimer.cancel();
        }
        if (call != null) {
            call.hangUp();
        }
        int concurrency = concurrencySamples == 0 ? run.concurrency()
                : (int) Math.round((double) concurrencySum / concurrencySamples);
        Conversation conversation = new Conversation(callId, row.persona().id(), row.path().id(),
                row.path().expectedOutcome(), row.path().expectedToolCalls(), status, Transcript.of(transcript),
                row.persona().language());
        CallLine line = new CallLine(callId, row.index(), row.persona().id(), row.path().id(),
                row.path().expectedOutcome().name(), "", status, run.secondsSinceStart(startNanos),
                millisSince(startNanos), concurrency, retries, Optional.ofNullable(error), Map.of(), List.copyOf(turnLines),
                startConcurrency, run.concurrency(), CallLine.Scoring.UNMARKED, row.path().expectedToolCalls());
        Optional<RecordedAudio> audio = call == null ? Optional.empty() : call.agentAudio();
        run.callEnded(this, status, error, conversation, line, audio);
        if (error != null) {
            events.callFailed(error);
        }
        events.callEnd(status);
    }

    private void cancelTurnTimers() {
        if (patienceTimer != null) {
            patienceTimer.cancel();
            patienceTimer = null;
        }
        if (turnTimer != null) {
            turnTimer.cancel();
            turnTimer = null;
        }
    }

    private long millisSince(long nanos) {
        return (run.nanoTime() - nanos) / 1_000_000L;
    }

    /** Rounds microseconds to a tenth of a millisecond, the precision of calls.jsonl. */
    private static long toTenthMillis(long micros) {
        return Math.round(micros / 100.0) * 100L;
    }

    String callId() {
        return callId;
    }
}
