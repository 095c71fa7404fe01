package io.callstorm.simulate.connect;

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

    /** A short description for reports, e.g. {@code in-process:reference-agent}. */
    String describe();

    /** Releases what the connector holds (threads, sockets). Idempotent. */
    @Override
    default void close() {
    }
}
