package io.callstorm.simulate.connect;

import io.callstorm.simulate.loop.EventLoop;
import io.callstorm.simulate.loop.SimulationClock;
import io.opentelemetry.api.OpenTelemetry;

import java.util.Map;

/**
 * How simulated callers reach the agent under test. One connector serves every call of a run.
 *
 * <p>Implementations must not block: {@link #open} and the {@link AgentCall} methods are called from the
 * harness's event loop, and thousands of calls share it. Events go back through the
 * {@link AgentCallListener}, from any thread.
 */
public interface AgentConnector extends AutoCloseable {
    /**
     * Opens one call to the agent.
     *
     * @param setup    who calls and why; carried to the agent as call metadata
     * @param listener receives the agent's first audio, replies and errors for this call
     * @return the open call, to send turns on and hang up
     */
    AgentCall open(CallSetup setup, AgentCallListener listener);

    /**
     * Hands the connector the simulation's OpenTelemetry, for an agent that runs in the same process and is
     * instrumented with {@code callstorm-sdk-tracing}. A simulation calls it from {@code run()} before the first
     * call, with an OpenTelemetry whose tracer provider records every span and reads the stage latencies from the
     * stage spans as they end ({@code voice.stage}, {@code voice.*.ttft_ms}, {@code voice.concurrency}, and
     * {@code session.id} = {@link CallSetup#callId()} to tell whose call it was); and after the last call with
     * {@link OpenTelemetry#noop()}. An agent measured through its spans must leave {@link AgentReply#stages()}
     * empty meanwhile, or each stage counts twice. Agents reached over the network ignore it (the default) and
     * report their stages in {@link AgentReply#stages()}, from a {@code Server-Timing} header or a timing message.
     *
     * <pre>{@code
     * @Override
     * public void instrument(OpenTelemetry openTelemetry) {
     *     this.telemetry = VoiceTelemetry.create(openTelemetry);   // start calls, turns and stages on it
     * }
     * }</pre>
     *
     * <p>Called from the thread that runs the simulation, not the event loop; a connector serves one simulation
     * at a time. Spans the agent ends after {@code noop()} was handed over are not measured.
     *
     * @param openTelemetry where the agent's spans go for the length of the run
     */
    default void instrument(OpenTelemetry openTelemetry) {
    }

    /**
     * Whether this connector can run a simulation on {@link SimulationClock#VIRTUAL simulated time}: an agent in this
     * process whose every delay is a timer on an {@link EventLoop}, and which can move all its work onto the run's
     * loop ({@link #runOn}). False by default: an agent over the network answers in real time, and a simulation on a
     * virtual clock refuses such a connector when it is built.
     */
    default boolean supportsVirtualClock() {
        return false;
    }

    /**
     * For a run on simulated time, called once before {@link #instrument} and the first call: from now on the agent
     * runs every task and timer on {@code loop} (the harness's own, on the {@link SimulationClock#VIRTUAL virtual}
     * clock), reads time from {@link EventLoop#nanoTime()} and reports {@code atNanos} on that clock, and uses no
     * other thread, so that the run's events happen in one order on every machine. Called only when
     * {@link #supportsVirtualClock()}; {@link #runOnOwnThread()} follows after the run.
     */
    default void runOn(EventLoop loop) {
        throw new UnsupportedOperationException(describe() + " cannot run on the harness's loop");
    }

    /** After a run on simulated time: the agent goes back to its own thread and the real clock. */
    default void runOnOwnThread() {
    }

    /**
     * Whether the connector plays the caller's speech itself, in real time (a media stream). Then a caller turn
     * is handed over with {@link AgentCall#sendTurn} when the caller starts speaking, and the connector reports
     * the end of the speech with {@link AgentCallListener#onSpeechEnded}, from which the gap is measured; the
     * harness's own speaking timer is skipped. Otherwise (the default) the harness times the speech and sends
     * the finished turn.
     */
    default boolean streamsCallerSpeech() {
        return false;
    }

    /**
     * Whether the agent answers in text (a chat completion's tokens), not audio: then the first reply event of a
     * turn is its first token, and listeners hear {@code firstToken}; otherwise {@code firstAudio}. False by default.
     */
    default boolean repliesInText() {
        return false;
    }

    /**
     * What the connector knows of the agent's settings (capacities, fixes, seed), recorded under
     * {@code simulation.agent} in report.json so that a report says what was tested; empty by default.
     */
    default Map<String, Object> agentSettings() {
        return Map.of();
    }

    /** A short description for reports, e.g. {@code in-process:reference-agent}. */
    String describe();

    /** Releases what the connector holds (threads, sockets). Idempotent. */
    @Override
    default void close() {
    }
}
