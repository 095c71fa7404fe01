package io.callstorm.cli;

import io.callstorm.simulate.RunningSimulation;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * On Ctrl-C (or SIGTERM), stops the simulation early and holds the JVM until its partial report is written,
 * so an interrupted run still leaves report.json beside the calls.jsonl it wrote as it went.
 */
final class StopOnInterrupt implements AutoCloseable {
    private static final long WAIT_FOR_REPORT_SECONDS = 30;

    private final Thread hook;
    private final CountDownLatch reportWritten = new CountDownLatch(1);

    private StopOnInterrupt(RunningSimulation running) {
        this.hook = new Thread(() -> {
            System.err.println("\ncallstorm: interrupted; stopping the run and writing the partial report...");
            running.cancel();
            try {
                reportWritten.await(WAIT_FOR_REPORT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "callstorm-interrupt");
    }

    static StopOnInterrupt install(RunningSimulation running) {
        StopOnInterrupt s = new StopOnInterrupt(running);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    @Override
    public void close() {
        reportWritten.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it now sees the report written and lets the JVM exit
        }
    }
}
