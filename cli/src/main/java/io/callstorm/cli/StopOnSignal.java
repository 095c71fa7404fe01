package io.callstorm.cli;

import io.callstorm.simulate.RunningSimulation;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (SIGINT) and SIGTERM stop the run cleanly: the first cancels it (no call is admitted any more, the calls in
 * progress are cut short and left out of the rates) and lets the command finish, printing the closing summary whole
 * and writing the partial report, then exit with 128 + the signal's number, as shells expect (130, 143). A second
 * signal quits at once. Any other way the JVM is asked to shut down (SIGHUP, say) cancels the run and holds the JVM
 * until the command has printed its summary, for a bounded time.
 *
 * <p>The signals are taken with {@code sun.misc.Signal} (module {@code jdk.unsupported}, in every JDK since 9): a
 * shutdown hook alone cannot keep the process until the summary is printed, nor choose the exit code.
 */
final class StopOnSignal implements AutoCloseable {
    private static final long WAIT_FOR_SUMMARY_SECONDS = 60;
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final RunningSimulation running;
    private final PrintStream err;
    private final AtomicReference<sun.misc.Signal> first = new AtomicReference<>();
    private final List<Restore> previous = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    private record Restore(sun.misc.Signal signal, sun.misc.SignalHandler handler) {
    }

    private StopOnSignal(RunningSimulation running, PrintStream err) {
        this.running = running;
        this.err = err;
        this.hook = new Thread(this::onShutdown, "callstorm-shutdown");
    }

    static StopOnSignal install(RunningSimulation running, PrintStream err) {
        StopOnSignal s = new StopOnSignal(running, err);
        for (String name : SIGNALS) {
            try {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                s.previous.add(new Restore(signal, sun.misc.Signal.handle(signal, s::onSignal)));
            } catch (IllegalArgumentException inUse) {
                // the JVM keeps this signal (e.g. run with -Xrs): the shutdown hook still stops the run
            }
        }
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    private void onSignal(sun.misc.Signal signal) {
        if (!first.compareAndSet(null, signal)) {
            err.printf("%ncallstorm: SIG%s again: quitting at once; the partial report is not written%n",
                    signal.getName());
            err.flush();
            Runtime.getRuntime().halt(exitCodeOf(signal));
        }
        err.printf("%ncallstorm: SIG%s received: stopping the run and writing the partial report (SIG%s again to quit "
                + "at once)%n", signal.getName(), signal.getName());
        running.cancel("SIG" + signal.getName() + " received");
    }

    private void onShutdown() {
        running.cancel("the JVM is shutting down");
        try {
            done.await(WAIT_FOR_SUMMARY_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 128 + the number of the first signal that stopped the run, as a shell reports a process a signal ended. */
    Optional<Integer> exitCode() {
        return Optional.ofNullable(first.get()).map(StopOnSignal::exitCodeOf);
    }

    private static int exitCodeOf(sun.misc.Signal signal) {
        return 128 + signal.getNumber();
    }

    /** The command is done with the run (its summary printed): the default handlers come back. */
    @Override
    public void close() {
        done.countDown();
        for (Restore r : previous) {
            sun.misc.Signal.handle(r.signal(), r.handler());
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it now sees the command done and lets the JVM exit
        }
    }
}
