package io.callstorm.simulate.analysis;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times {@code callstorm report}'s rebuild ({@link ReportRebuilder#rebuild(Path)}) over a generated
 * {@code calls.jsonl} of N calls like the demo's (about 4.6 KB each), written once and kept for later runs.
 * Prints calls/s, wall and CPU time, and the peak heap after collections (what the rebuild kept live).
 *
 * <pre>
 * java -Xmx256m -cp ... io.callstorm.simulate.analysis.ReportRebuildBenchmark 1000000 /tmp/calls-1m [runs] [bound]
 * </pre>
 * The optional {@code bound} times the read it replaced (data binding of each line, one thread) for comparison.
 */
public final class ReportRebuildBenchmark {
    private ReportRebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        Path dir = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir") + "/callstorm-rebuild-"
                + calls);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean bound = args.length > 3 && args[3].equals("bound");
        Path file = dir.resolve("calls.jsonl");
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(dir);
            long t0 = System.nanoTime();
            GeneratedCallsFile.write(file, calls, 42);
            System.out.printf(Locale.ROOT, "wrote %,d calls, %,d MB, in %.1f s%n", calls, Files.size(file) >> 20,
                    (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "%s: %,d bytes (%,d per call), %d processors, max heap %,d MB%n", file,
                Files.size(file), Files.size(file) / calls, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        for (int run = 1; run <= runs; run++) {
            resetPeaks();
            LiveHeap live = new LiveHeap();
            live.start();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            ReportRebuilder.Rebuilt r = bound ? ReportRebuilder.rebuild(file, DataBoundReading::read)
                    : ReportRebuilder.rebuild(file);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            live.interrupt();
            live.join();
            System.out.printf(Locale.ROOT, "run %d%s: %,d calls in %.2f s wall (%.1f s CPU): %,.0f calls/s, %.0f MB/s;"
                            + " peak heap after GC %,d MB, peak used %,d MB; %d error clusters%n", run,
                    bound ? " (data binding)" : "", r.lines(), wall, cpu, r.lines() / wall,
                    Files.size(file) / wall / (1 << 20), live.max >> 20, peakUsed() >> 20,
                    r.report().errors().clusters().size());
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /**
     * The most the heap held right after a collection, sampled while the rebuild runs: the live set, not the garbage
     * between collections.
     */
    private static final class LiveHeap extends Thread {
        volatile long max;

        LiveHeap() {
            super("live-heap");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                long sum = 0;
                for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
                        sum += p.getCollectionUsage().getUsed();
                    }
                }
                max = Math.max(max, sum);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static long peakUsed() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
