package io.callstorm.cli;

import io.callstorm.core.Stage;
import io.callstorm.eval.Rubrics;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.report.Breakdown;
import io.callstorm.simulate.report.BreakdownRow;
import io.callstorm.simulate.report.CurveRow;
import io.callstorm.simulate.report.Degradation;
import io.callstorm.simulate.report.DriftRow;
import io.callstorm.simulate.report.ErrorCluster;
import io.callstorm.simulate.report.ErrorRateRow;
import io.callstorm.simulate.report.EvaluationSummary;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.HarnessWindow;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.RubricEvaluation;
import io.callstorm.simulate.report.SimulationInfo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The closing summary, shaped like the tables of a load-test write-up: lowest vs peak, and the delta. */
final class SummaryPrinter {
    private SummaryPrinter() {
    }

    static void print(SimulationReport r, PrintStream out) {
        print(r, out, ConsoleStyle.PLAIN);
    }

    /** The summary, its verdicts coloured when {@code style} says so. */
    static void print(SimulationReport r, PrintStream out, ConsoleStyle style) {
        var load = r.load();
        out.printf(Locale.ROOT, "%n%s: %,d calls started, %,d completed, %,d failed, %,d timed out, %,d hung up%s; "
                        + "peak %,d concurrent; %,d turns, %,d retries; %.0f s%n", r.simulation().name(),
                load.callsStarted(), load.callsCompleted(), load.callsFailed(), load.callsTimedOut(), load.callsHungUp(),
                load.callsCancelled() > 0 ? String.format(Locale.ROOT, ", %,d cut short", load.callsCancelled()) : "",
                load.peakConcurrency(), load.turns(), load.retries(), r.simulation().durationSeconds());
        partial(r, out, style);
        if (SimulationInfo.VIRTUAL_CLOCK.equals(r.simulation().clock())) {
            out.printf(Locale.ROOT, "On the virtual clock: %.0f s of simulated time in %.0f s of wall time%n",
                    r.simulation().durationSeconds(), r.harness().wallSeconds());
        }

        out.printf(Locale.ROOT, "%nLatency under load%n%-22s %14s %14s %10s   %s%n", "Stage", "P95 at lowest", "P95 at peak",
                "Delta", "Curve");
        for (Stage stage : Stage.values()) {
            Optional<LatencyRow> low = r.lowestLatency(stage);
            Optional<LatencyRow> peak = r.peakLatency(stage);
            if (low.isEmpty() || peak.isEmpty()) {
                continue;
            }
            String curve = r.curve(stage).map(SummaryPrinter::curve).orElse("");
            out.printf(Locale.ROOT, "%-22s %7.0f ms@%-5s %7.0f ms@%-5s %+7.0f ms   %s%n", stage.wireName(),
                    low.get().p95Ms(), k(low.get().concurrency()), peak.get().p95Ms(), k(peak.get().concurrency()),
                    peak.get().p95Ms() - low.get().p95Ms(), curve);
        }

        out.printf(Locale.ROOT, "%nQuality under load%n%-24s %14s %14s %8s   %s%n", "Rubric", "Pass at lowest",
                "Pass at peak", "Delta", "Drift");
        for (String rubric : Rubrics.CORE) {
            List<QualityRow> rows = r.quality(rubric).stream().filter(q -> q.count() >= 20).toList();
            if (rows.isEmpty()) {
                continue;
            }
            QualityRow low = rows.get(0);
            QualityRow peak = rows.get(rows.size() - 1);
            String drift = r.drift(rubric).map(DriftRow::shape).orElse("");
            out.printf(Locale.ROOT, "%-24s %7.1f%% @%-5s %6.1f%% @%-5s %+7.1f   %s%n", rubric, low.passRate() * 100,
                    k(low.concurrency()), peak.passRate() * 100, k(peak.concurrency()),
                    (peak.passRate() - low.passRate()) * 100, drift);
        }

        List<ErrorRateRow> rate = r.errors().rate().stream().filter(e -> e.calls() >= 20).toList();
        out.printf(Locale.ROOT, "%nErrors under load: %.2f%% of calls overall", r.errorRate() * 100);
        if (!rate.isEmpty()) {
            out.printf(Locale.ROOT, " (%.2f%% at %s, %.2f%% at %s)", rate.get(0).errorRate() * 100,
                    k(rate.get(0).concurrency()), rate.get(rate.size() - 1).errorRate() * 100,
                    k(rate.get(rate.size() - 1).concurrency()));
        }
        out.println();
        int n = 0;
        for (ErrorCluster c : r.errors().clusters()) {
            if (n++ == 6) {
                break;
            }
            out.printf(Locale.ROOT, "  %d. %s [%s] %.0f%% of failures (%,d), first at %,d concurrent%n"
                            + "     cause: %s%n     quick fix: %s | long term: %s%n", n, c.name(), c.stage(),
                    c.share() * 100, c.count(), c.firstSeenConcurrency(), c.rootCause(), c.quickFix(), c.longTermFix());
        }
        if (!r.errors().degradations().isEmpty()) {
            out.printf(Locale.ROOT, "%nDegradations (answered, but worse; share of calls, rate of replies lowest -> peak)%n");
            for (Degradation d : r.errors().degradations()) {
                out.printf(Locale.ROOT, "  %-30s [%s] %5.1f%% of calls, %5.1f%% -> %5.1f%% of replies, first at %,d "
                                + "concurrent; quick fix: %s%n", d.name(), d.stage(), d.share() * 100, d.lowRate() * 100,
                        d.peakRate() * 100, d.firstSeenConcurrency(), d.quickFix());
            }
        }
        worst(r, out);
        gate(r, out, style);
        evaluations(r.evaluation(), out);
        var cl = r.callers();
        if (cl.improvising()) {
            out.printf(Locale.ROOT, "%nCallers improvised by %s: %,d turns improvised, %,d scripted instead %s; %,d model "
                            + "requests, %,d cache hits, %,d tokens, $%.4f%n", cl.model(), cl.improvisedTurns(),
                    cl.fallbackTurns(), cl.fallbackByReason().entrySet().stream().filter(e -> e.getValue() > 0)
                            .map(e -> e.getKey() + " " + e.getValue()).toList(), cl.modelRequests(), cl.cacheHits(),
                    cl.promptTokens() + cl.completionTokens(), cl.costUsd());
        }
        if (!r.completeness().knows("harness")) {
            out.printf(Locale.ROOT, "%nHarness: not known (%s)%n", "rebuilt without the run's report.json, which alone "
                    + "holds the harness's own figures");
            return;
        }
        var h = r.harness();
        out.printf(Locale.ROOT, "%nHarness: event-loop lag P99 %.1f ms (max %.1f), heap peak %,d MB (live %,d MB), "
                        + "CPU %.0f s, %d threads peak; %,d conversations scored, %,d dropped%n", h.eventLoopLagP99Ms(),
                h.eventLoopLagMaxMs(), h.heapPeakMb(), h.heapLivePeakMb(), h.cpuSeconds(), h.threadsPeak(),
                h.evaluationsDone(), h.evaluationsDropped());
        harnessHealth(r, out, style);
    }

    /**
     * The worst personas and paths, as report.json's {@code breakdown} ranks them (lowest
     * {@code conversation_resolution} pass rate, then highest error rate, then highest gap P95; only those with 20+
     * calls and an error or a failed resolution), up to 5 of each: nothing when none is called out.
     */
    static void worst(SimulationReport r, PrintStream out) {
        Breakdown b = r.breakdown();
        if (b.personas().worst().isEmpty() && b.paths().worst().isEmpty()) {
            return;
        }
        List<String> keys = b.personas().rankedBy().isEmpty() ? b.paths().rankedBy() : b.personas().rankedBy();
        out.printf(Locale.ROOT, "%nWorst personas and paths (by %s; %d+ calls)%n", keys.contains(Rubrics
                .CONVERSATION_RESOLUTION) ? "lowest resolution, then most errors" : "most errors, then gap P95",
                SimulationReport.MIN_SAMPLES_FOR_ENDS);
        worstRows("persona", b.personas(), out);
        worstRows("path", b.paths(), out);
    }

    private static void worstRows(String noun, Breakdown.Table t, PrintStream out) {
        for (BreakdownRow row : t.worstRows()) {
            String resolved = row.rubric(Rubrics.CONVERSATION_RESOLUTION)
                    .map(q -> String.format(Locale.ROOT, "%5.1f%% resolved, ", q.passRate() * 100)).orElse("");
            out.printf(Locale.ROOT, "  %-7s %-28s %s%5.1f%% errors of %,d calls, gap P95 %,.0f ms%n", noun,
                    row.id().isEmpty() ? "(none)" : row.id(), resolved, row.errorRate() * 100, row.calls(),
                    row.gapP95Ms());
        }
    }

    /** For a partial report: why and when the run stopped, and what the report cannot know. */
    static void partial(SimulationReport r, PrintStream out, ConsoleStyle style) {
        var c = r.completeness();
        if (!c.partial()) {
            return;
        }
        out.printf(Locale.ROOT, "%s: %s%n", style.warning("PARTIAL RUN"), c.summary());
        for (String unknown : c.unknownFigures()) {
            out.printf(Locale.ROOT, "  not known: %s%n", unknown);
        }
    }

    /** The gate's verdict and each check, when there is a gate. */
    static void gate(SimulationReport r, PrintStream out, ConsoleStyle style) {
        if (r.gate().checks().isEmpty()) {
            return;
        }
        long failed = r.gate().checks().stream().filter(c -> !c.passed()).count();
        out.printf(Locale.ROOT, "%nGate: %s%n", r.gate().passed() ? style.success("PASSED")
                : style.failure("FAILED") + " (" + failed + " of " + r.gate().checks().size() + " checks)");
        for (GateCheck c : r.gate().checks()) {
            out.printf(Locale.ROOT, "  %s %-34s %s%n", c.passed() ? "ok  " : style.failure("FAIL"),
                    c.name() + " " + c.threshold(), c.detail());
        }
    }

    /**
     * Whether the harness stayed within its limits; when not, each stretch past one, so that the reader knows which
     * figures the load generator, not the agent, decided.
     */
    private static void harnessHealth(SimulationReport r, PrintStream out, ConsoleStyle style) {
        HarnessStats h = r.harness();
        if (h.healthy()) {
            out.printf(Locale.ROOT, "Harness healthy: within its limits the whole run (GC pauses %.0f ms, %,d calls "
                    + "started late)%n", h.gcPauseTotalMs(), h.callsLate());
            return;
        }
        List<HarnessWindow> windows = h.unhealthyWindows();
        boolean gated = r.gate().checks().stream().anyMatch(c -> c.name().equals(HarnessStats.GATE_CHECK));
        out.printf(Locale.ROOT, "%s: the load generator itself was overloaded in %d window%s; what it "
                        + "measured of the agent there is suspect%s%n", style.failure("HARNESS UNHEALTHY"),
                windows.size(), windows.size() == 1 ? "" : "s",
                gated ? " (the gate's harness check failed)" : " (no gate: the exit code does not say so)");
        int shown = 0;
        for (HarnessWindow w : windows) {
            if (shown++ == 10) {
                out.printf(Locale.ROOT, "  ... and %d more (report.json: harness.unhealthyWindows)%n", windows.size() - 10);
                break;
            }
            out.printf(Locale.ROOT, "  %6.1f-%6.1f s  %-20s %s%n", w.startSeconds(), w.endSeconds(), w.reason(),
                    w.detail());
        }
        out.printf(Locale.ROOT, "  Give the harness more CPU and heap (or run less load per harness) and run again.%n");
    }

    /** One line: evaluations done, errors and dropped, which kind scored which rubric, and the cost when any. */
    static void evaluations(EvaluationSummary e, PrintStream out) {
        if (e.rubrics().isEmpty()) {
            return;
        }
        RubricEvaluation t = e.total();
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        e.rubrics().forEach(row -> byKind.computeIfAbsent(row.evaluator(), k -> new ArrayList<>()).add(row.rubric()));
        StringBuilder kinds = new StringBuilder();
        byKind.forEach((kind, rubrics) -> kinds.append(kinds.isEmpty() ? "" : "; ").append(kind).append(": ")
                .append(String.join(", ", rubrics)));
        out.printf(Locale.ROOT, "%nEvaluations: %,d done, %,d errors, %,d dropped (%s)", t.done(), t.errors(),
                t.dropped(), kinds);
        if (t.costUsd() > 0) {
            out.printf(Locale.ROOT, "; cost $%.4f, %,d tokens", t.costUsd(), t.promptTokens() + t.completionTokens());
        }
        out.println();
    }

    private static String curve(CurveRow c) {
        return c.kneeConcurrency().isPresent() ? c.shape() + " at " + String.format(Locale.ROOT, "%,d",
                c.kneeConcurrency().getAsInt()) : c.shape();
    }

    private static String k(int concurrency) {
        return concurrency >= 10_000 ? String.format(Locale.ROOT, "%.1fk", concurrency / 1000.0)
                : String.format(Locale.ROOT, "%d", concurrency);
    }
}
