package io.callstorm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code demo --clock virtual} is reproducible: the same reduced demo run twice, the second time with busy threads
 * competing for the CPU, writes the same report.json but for the fields that measure the machine (the
 * {@code harness} section and {@code simulation.startedAt}, as docs/performance.md lists them), and the same
 * calls.jsonl.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReproducibleDemoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Past the reference agent's STT region capacity (2,800 streams): its overload is in the run. */
    private static final String[] REDUCED_DEMO = {"demo", "--clock", "virtual", "--peak", "3000", "--ramp", "20s",
            "--hold", "5s", "--ramp-down", "5s", "--rows", "2000", "--no-progress"};

    @Test
    void theSameVirtualClockDemoTwiceOnceUnderCpuLoadWritesEqualReports(@TempDir Path dir) throws Exception {
        Path quiet = dir.resolve("quiet");
        Path loaded = dir.resolve("loaded");

        CliResult first = run(quiet);
        CliResult second;
        AtomicBoolean spinning = new AtomicBoolean(true);
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // more runnable threads than this machine's two cores
            Thread t = new Thread(() -> {
                long x = 0;
                while (spinning.get()) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "busy-" + i);
            t.setDaemon(true);
            t.start();
            busy.add(t);
        }
        try {
            second = run(loaded);
        } finally {
            spinning.set(false);
            for (Thread t : busy) {
                t.join();
            }
        }
        assertThat(first.exitCode()).as(first.out() + first.err()).isIn(0, 1);
        assertThat(second.exitCode()).isEqualTo(first.exitCode());

        JsonNode a = comparable(quiet.resolve("report.json"));
        JsonNode b = comparable(loaded.resolve("report.json"));
        assertThat(a.path("simulation").path("clock").asText()).isEqualTo("virtual");
        assertThat(a.path("load").path("callsStarted").asLong()).isGreaterThan(5_000);
        assertThat(a.path("errors").toString()).as("past the STT region's capacity").contains("stt.overload");
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String section = it.next();
            List<String> differences = new ArrayList<>();
            diff(section, a.get(section), b.get(section), differences);
            assertThat(differences).as("report.json section %s differs between the runs:%n%s", section,
                    String.join("\n", differences)).isEmpty();
        }
        assertThat(b.size()).isEqualTo(a.size());

        List<String> quietCalls = Files.readAllLines(quiet.resolve("calls.jsonl"));
        List<String> loadedCalls = Files.readAllLines(loaded.resolve("calls.jsonl"));
        assertThat(loadedCalls).hasSameSizeAs(quietCalls);
        for (int i = 0; i < quietCalls.size(); i++) {
            assertThat(loadedCalls.get(i)).as("calls.jsonl line %d", i + 1).isEqualTo(quietCalls.get(i));
        }
    }

    private static CliResult run(Path out) {
        String[] args = java.util.Arrays.copyOf(REDUCED_DEMO, REDUCED_DEMO.length + 2);
        args[args.length - 2] = "--out";
        args[args.length - 1] = out.toString();
        return CliResult.run(args);
    }

    /**
     * report.json without what measures the machine rather than the run, the harness section and the start time, and
     * without the run id, which names the run rather than describes it.
     */
    private static JsonNode comparable(Path report) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(report.toFile());
        json.remove("harness");
        ((ObjectNode) json.get("simulation")).remove("startedAt");
        ((ObjectNode) json.get("simulation")).remove("runId");
        return json;
    }

    /** The paths at which {@code a} and {@code b} differ, with both values (the first 30). */
    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (out.size() >= 30) {
            return;
        }
        if (a == null || b == null || a.getNodeType() != b.getNodeType()) {
            out.add(path + ": " + a + " vs " + b);
        } else if (a.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = a.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                diff(path + "." + e.getKey(), e.getValue(), b.get(e.getKey()), out);
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!a.has(k)) {
                    out.add(path + "." + k + ": missing vs " + b.get(k));
                }
            }
        } else if (a.isArray()) {
            if (a.size() != b.size()) {
                out.add(path + ": " + a.size() + " elements vs " + b.size());
            }
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                diff(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
        } else if (!a.equals(b)) {
            out.add(path + ": " + a + " vs " + b);
        }
    }
}
