package io.callstorm.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.CallStatus;
import io.callstorm.simulate.analysis.ReportRebuilder;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.ErrorRateRow;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.LoadSummary;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A run stopped early keeps its accounting exact: admission stops first, every started call ends with a status and a
 * line, the calls cut short are {@code CANCELLED} and in no rate, and the report says it is partial, why and when.
 * A results file that cannot be written stops the run the same way, and a report rebuilt without the run's own
 * report says what it cannot know.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StoppedRunTest {
    /** Slow enough that a stop always finds calls in the middle of a turn. */
    private static ScriptedAgent slowAgent() {
        return ScriptedAgent.answering(Duration.ofMillis(150), Duration.ofMillis(300));
    }

    private static Simulation.Builder longRun(ScriptedAgent agent, Path out) {
        return SmallSimulations.of(agent).name("stopped").outputDirectory(out)
                .load(LoadProfile.concurrentCalls(40).hold(Duration.ofMinutes(10)).build());
    }

    private static void awaitCalls(RunningSimulation running, long calls) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (running.snapshot().counts().calls() < calls && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static List<JsonNode> lines(Path callsFile) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(callsFile)) {
            out.add(ReportJson.mapper().readTree(line)); // every line whole
        }
        return out;
    }

    private static long ended(LoadSummary l) {
        return l.callsCompleted() + l.callsFailed() + l.callsTimedOut() + l.callsHungUp() + l.callsCancelled();
    }

    @Test
    void aCancelledRunCutsTheCallsInProgressAndSaysItIsPartial(@TempDir Path out) throws Exception {
        AtomicInteger heardInProgress = new AtomicInteger(-1);
        SimulationListener stopWatcher = new SimulationListener() {
            @Override
            public void stopping(String reason, int callsInProgress) {
                heardInProgress.set(callsInProgress);
            }
        };
        try (ScriptedAgent agent = slowAgent()) {
            RunningSimulation running = longRun(agent, out).listener(stopWatcher)
                    .gate(Gate.parse("error_rate<=0.5")).build().start();
            awaitCalls(running, 30);

            running.cancel("stopped by the test");
            SimulationReport report = running.await();

            LoadSummary load = report.load();
            Completeness c = report.completeness();
            assertThat(c.partial()).isTrue();
            assertThat(c.stoppedBy()).isEqualTo(Completeness.CANCELLED);
            assertThat(c.reason()).isEqualTo("stopped by the test");
            assertThat(c.stoppedAtSeconds()).isGreaterThan(0).isLessThanOrEqualTo(report.simulation().durationSeconds() + 0.05);
            assertThat(load.callsCancelled()).isEqualTo(c.callsCut()).isEqualTo(heardInProgress.get()).isPositive();
            assertThat(ended(load)).isEqualTo(load.callsStarted());

            List<JsonNode> lines = lines(out.resolve(SimulationReport.CALLS_FILE));
            assertThat(lines).hasSize((int) load.callsStarted());
            List<JsonNode> cut = lines.stream().filter(l -> l.get("status").asText().equals(CallStatus.CANCELLED.name()))
                    .toList();
            assertThat(cut).hasSize((int) load.callsCancelled());
            assertThat(cut).allSatisfy(l -> {
                assertThat(l.path("scores").size()).isZero(); // nothing to score: the agent was not let finish
                assertThat(l.path("error").isNull()).isTrue();
            });

            // in no rate: the error-rate rows and every rubric's verdicts count the other calls only
            long others = load.callsStarted() - load.callsCancelled();
            assertThat(report.errors().rate().stream().mapToLong(ErrorRateRow::calls).sum()).isEqualTo(others);
            assertThat(report.errors().rate().stream().mapToLong(ErrorRateRow::errors).sum()).isZero();
            assertThat(report.quality("conversation_resolution").stream().mapToLong(QualityRow::count).sum())
                    .isEqualTo(others);

            // a gated run cut short does not pass
            assertThat(report.gate().passed()).isFalse();
            assertThat(report.gate().checks()).extracting(GateCheck::name).containsExactly("error_rate",
                    Gate.COMPLETE_CHECK);
            String junit = Files.readString(out.resolve(SimulationReport.JUNIT_FILE));
            assertThat(junit).contains("<property name=\"complete\" value=\"false\"/>")
                    .contains("partial run: stopped at");
            JsonNode json = ReportJson.mapper().readTree(out.resolve(SimulationReport.JSON_FILE).toFile());
            assertThat(json.at("/completeness/partial").asBoolean()).isTrue();
            assertThat(json.at("/load/callsCancelled").asLong()).isEqualTo(load.callsCancelled());

            // the rebuild from the run's files says the same
            SimulationReport rebuilt = ReportRebuilder.rebuild(out.resolve(SimulationReport.CALLS_FILE)).report();
            assertThat(rebuilt.completeness()).isEqualTo(c);
            assertThat(rebuilt.load()).isEqualTo(load);
        }
    }

    @Test
    void aRunKilledBeforeItsReportIsRebuiltAsPartialNamingWhatItCannotKnow(@TempDir Path out) throws Exception {
        try (ScriptedAgent agent = slowAgent()) {
            RunningSimulation running = longRun(agent, out).build().start();
            awaitCalls(running, 30);
            running.cancel();
            running.await();
        }
        Files.delete(out.resolve(SimulationReport.JSON_FILE)); // as after kill -9: calls.jsonl and run.json only

        SimulationReport rebuilt = ReportRebuilder.rebuild(out.resolve(SimulationReport.CALLS_FILE)).report();

        Completeness c = rebuilt.completeness();
        assertThat(c.partial()).isTrue();
        assertThat(c.stoppedBy()).isEqualTo(Completeness.UNKNOWN_END);
        assertThat(c.callsCut()).isEqualTo(-1);
        assertThat(c.knows("harness")).isFalse();
        assertThat(c.knows("load.callsStarted")).isFalse();
        assertThat(c.knows("latency")).isTrue();
        assertThat(c.summary()).contains("calls still in progress then have no line");
    }

    @Test
    void aResultsFileThatCannotBeWrittenStopsTheRunAndTheReportStillCountsEveryCall(@TempDir Path out)
            throws Exception {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC, as on a full disk
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        Files.createSymbolicLink(out.resolve(SimulationReport.CALLS_FILE), full);
        try (ScriptedAgent agent = slowAgent()) {
            RunningSimulation running = longRun(agent, out).build().start();

            assertThatThrownBy(running::await).isInstanceOfSatisfying(OutputFailedException.class, e -> {
                assertThat(e.problems()).singleElement().asString().contains(SimulationReport.CALLS_FILE)
                        .contains("No space left on device");
                SimulationReport report = e.report();
                assertThat(report.completeness().stoppedBy()).isEqualTo(Completeness.OUTPUT_FAILED);
                assertThat(report.completeness().reason()).startsWith("calls.jsonl could not be written");
                assertThat(report.simulation().durationSeconds()).isLessThan(60); // stopped, not run for 10 minutes
                assertThat(ended(report.load())).isEqualTo(report.load().callsStarted());
                assertThat(report.load().callsStarted()).isPositive();
            });
        }
        // the other files were written: the report says what happened
        JsonNode json = ReportJson.mapper().readTree(out.resolve(SimulationReport.JSON_FILE).toFile());
        assertThat(json.at("/completeness/stoppedBy").asText()).isEqualTo(Completeness.OUTPUT_FAILED);
    }
}
