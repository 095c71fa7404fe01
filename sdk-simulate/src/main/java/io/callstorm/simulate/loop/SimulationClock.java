package io.callstorm.simulate.loop;

/**
 * Which time a simulation (and its {@link EventLoop}) runs on.
 *
 * <pre>{@code
 * Simulation.builder()...clock(SimulationClock.VIRTUAL).build().run();   // reproducible, faster than real time
 * }</pre>
 */
public enum SimulationClock {
    /**
     * The machine's monotonic clock ({@link System#nanoTime()}): timers fire when their time comes, and a loop that
     * falls behind measures its lag. The default, and the only choice for an agent reached over the network.
     */
    REAL,
    /**
     * Simulated time: the loop's clock stands still while a task runs and, when nothing is left to run now, jumps to
     * the next timer instead of waiting for it (a discrete-event simulation). Every timer fires exactly on time, so
     * a run takes as long as its work on the CPU, and the same inputs give the same sequence of events on any
     * machine and under any load. Only for agents whose every delay is a timer on the run's loop (an in-process
     * agent such as the reference agent).
     */
    VIRTUAL
}
