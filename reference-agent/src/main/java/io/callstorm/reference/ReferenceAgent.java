package io.callstorm.reference;

import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.loop.EventLoop;
import io.callstorm.reference.internal.ReferenceAgentRuntime;
import io.opentelemetry.api.OpenTelemetry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The embedded reference voice agent: a customer-support pipeline (STT -> LLM -> tools -> TTS) whose
 * providers are capacity models, reached in-process. It is what {@code ./callstorm demo} tests when no agent
 * is given. Its failures come from its mechanisms — a regional STT stream capacity, a prompt cache of fixed
 * size, a token budget, a context window, a tool backend with workers and a timeout, a TTS connection pool —
 * each with a quick fix ({@link Fix}).
 *
 * <p>It is instrumented with {@code callstorm-sdk-tracing}: a {@code voice.call} span per call (session id = the
 * call id, persona, scenario path), a {@code voice.turn} span per caller turn, and stage spans for the STT first
 * partial, each LLM request, each tool call and the TTS first audio, holding the modelled latencies to the
 * microsecond. A simulation hands it its OpenTelemetry ({@link #instrument}) and measures the stages from those
 * spans; without one, each reply lists its stage timings instead, as an agent over the network reports them.
 *
 * <pre>{@code
 * try (ReferenceAgent agent = ReferenceAgent.create(ReferenceAgentConfig.defaults())) {
 *     SimulationReport report = Simulation.builder()
 *         .agent(ReferenceAgent.definition(), agent)
 *         ...
 *         .run();
 * }
 * }</pre>
 */
public final class ReferenceAgent implements AgentConnector {
    private final ReferenceAgentConfig config;
    private final ReferenceAgentRuntime runtime;

    private ReferenceAgent(ReferenceAgentConfig config) {
        this.config = config;
        this.runtime = new ReferenceAgentRuntime(config);
    }

    /** Starts a reference agent (one thread of its own) with the given configuration. */
    public static ReferenceAgent create(ReferenceAgentConfig config) {
        return new ReferenceAgent(Objects.requireNonNull(config, "config"));
    }

    /** The agent definition of the reference support agent. */
    public static AgentDefinition definition() {
        return AgentDefinition.builder("reference-support-agent")
                .behaviour("Customer support voice agent for a B2B SaaS product. Handles account questions, billing "
                        + "questions, technical questions, and escalation to a human.")
                .tool("get_account_info", "Looks up an account by its number: plan, seats, admin contact.")
                .tool("get_billing_status", "Invoices, charges and refunds of an account.")
                .tool("get_open_tickets", "Open support tickets and known incidents for an account.")
                .tool("create_ticket", "Opens a support ticket and returns its number.")
                .tool("escalate_to_human", "Transfers the call to a human support agent.")
                .constraint("Confirm the account before discussing it.")
                .constraint("Never promise refunds beyond the billing system's status.")
                .build();
    }

    public ReferenceAgentConfig config() {
        return config;
    }

    @Override
    public AgentCall open(CallSetup setup, AgentCallListener listener) {
        return runtime.open(setup, listener);
    }

    /**
     * Records this agent's spans with {@code openTelemetry} (with {@link OpenTelemetry#noop()}, the default,
     * nothing is recorded). While a recording OpenTelemetry is set, replies carry no stage timings: the spans are
     * the measurement, and a simulation reads them. Calls in progress keep the telemetry they started with; when
     * this returns, work already queued on the agent's thread (such as hang-ups, which end call spans) has run.
     * Safe to call before a run, between runs and after {@link #close()}.
     */
    @Override
    public void instrument(OpenTelemetry openTelemetry) {
        runtime.instrument(openTelemetry);
    }

    /** True: every delay of the agent is a timer, so it can run on a simulation's loop in simulated time. */
    @Override
    public boolean supportsVirtualClock() {
        return true;
    }

    /**
     * Runs the agent on {@code loop} (a simulation's, on simulated time) until {@link #runOnOwnThread()}: called by a
     * simulation built with {@code clock(SimulationClock.VIRTUAL)}, not by users.
     */
    @Override
    public void runOn(EventLoop loop) {
        runtime.runOn(loop);
    }

    @Override
    public void runOnOwnThread() {
        runtime.runOnOwnThread();
    }

    @Override
    public Map<String, Object> agentSettings() {
        return settings(config);
    }

    /**
     * The settings of a reference agent as report.json records them under {@code simulation.agent}; also for the
     * agent served by a {@code serve-agent} child process, whose settings the harness chose.
     */
    public static Map<String, Object> settings(ReferenceAgentConfig c) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("reference", true);
        info.put("fixes", c.fixes().stream().map(Fix::cliName).toList());
        info.put("stt", c.stt());
        info.put("llm", c.llm());
        info.put("toolBackend", c.tools());
        info.put("tts", c.tts());
        info.put("seed", c.seed());
        return info;
    }

    @Override
    public String describe() {
        return "in-process:reference-agent";
    }

    /** Stops the agent's thread. */
    @Override
    public void close() {
        runtime.close();
    }
}
