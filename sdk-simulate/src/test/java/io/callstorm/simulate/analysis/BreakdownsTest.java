package io.callstorm.simulate.analysis;

import io.callstorm.core.CallStatus;
import io.callstorm.eval.Rubrics;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.measure.CallLine.ErrorKind;
import io.callstorm.simulate.measure.CallRecorder;
import io.callstorm.simulate.measure.Measurements;
import io.callstorm.simulate.report.Breakdown;
import io.callstorm.simulate.report.BreakdownRow;
import io.callstorm.simulate.report.ErrorCluster;
import io.callstorm.simulate.report.EvaluationSetup;
import io.callstorm.simulate.report.ExampleCall;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The {@code breakdown} section and the clusters' example calls, from call lines. */
class BreakdownsTest {
    private static final String RESOLUTION = Rubrics.CONVERSATION_RESOLUTION;
    private static final EvaluationSetup SETUP = new EvaluationSetup("WAIT", 1, 16, ordered(
            RESOLUTION, "local", Rubrics.IS_POLITE, "local"));
    private static final Map<String, Double> BASELINE = Map.of("stt_ttft", 100.0, "llm_ttft", 200.0,
            "tts_first_audio", 80.0, "user_perceived_gap", 420.0);

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private int next;

    /** A call of {@code persona} on {@code path}, ended as {@code status}, scored as given (null: unscored). */
    private CallLine call(String persona, String path, CallStatus status, Boolean resolved, double gapMs) {
        String id = String.format("call-%04d", next++);
        List<CallLine.Turn> turns = List.of(
                new CallLine.Turn(CallLine.Speaker.CALLER, "hello", 0, 10, Optional.empty(), Map.of(), List.of(),
                        Map.of(), 0, Map.of()),
                new CallLine.Turn(CallLine.Speaker.AGENT, "Sure.", 500, 10, Optional.of(gapMs), Map.of(), List.of(),
                        Map.of(), 10, Map.of()));
        Optional<CallLine.CallError> error = status == CallStatus.FAILED
                ? Optional.of(new CallLine.CallError(ErrorKind.SERVER_ERROR, "agent", 500, 10, "internal error"))
                : Optional.empty();
        CallLine line = new CallLine(id, 0, persona, path, "RESOLVED", "", status, next * 0.01, 1_000, 10, 0, error,
                Map.of(), turns, 10, 10);
        if (resolved == null) {
            return line.withScores("", Map.of(), status == CallStatus.CANCELLED ? CallLine.Scoring.NOT_SCORED
                    : CallLine.Scoring.DROPPED);
        }
        Map<String, CallLine.Score> scores = new LinkedHashMap<>();
        scores.put(RESOLUTION, new CallLine.Score(resolved, resolved ? 1 : 0, "r"));
        scores.put(Rubrics.IS_POLITE, new CallLine.Score(true, 1, "p"));
        return line.withScores("", scores, CallLine.Scoring.SCORED);
    }

    /** {@code n} calls, {@code unresolved} of them failing resolution and {@code failed} of them failing outright. */
    private List<CallLine> calls(String persona, int n, int unresolved, int failed, double gapMs) {
        List<CallLine> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(call(persona, "path-" + (i % 2), i < failed ? CallStatus.FAILED : CallStatus.COMPLETED,
                    i >= unresolved, gapMs));
        }
        return out;
    }

    private static Measurements record(List<CallLine> lines) {
        CallRecorder recorder = new CallRecorder(10, SETUP);
        lines.forEach(recorder::record);
        return recorder.snapshot();
    }

    @Test
    void aRowCountsEndsGapsAndVerdictsAndLeavesCutCallsOutOfEveryRate() {
        List<CallLine> lines = new ArrayList<>(calls("a", 10, 4, 2, 300));
        lines.add(call("a", "path-0", CallStatus.CANCELLED, null, 900)); // cut: its gap counts, nothing else
        lines.add(call("a", "path-0", CallStatus.COMPLETED, null, 300)); // dropped: an end, no verdict
        CallLine judgeDown = call("a", "path-1", CallStatus.COMPLETED, true, 300);
        lines.add(judgeDown.withScores("", Map.of(RESOLUTION, new CallLine.Score(false, 0, "judge down",
                CallLine.Verdict.ERROR, 0, 0, 0)), CallLine.Scoring.SCORED)); // no verdict

        BreakdownRow a = Breakdowns.of(record(lines)).personas().row("a").orElseThrow();

        assertThat(a.calls()).isEqualTo(12);
        assertThat(a.cancelled()).isEqualTo(1);
        assertThat(a.errors()).isEqualTo(2);
        assertThat(a.errorRate()).isEqualTo(0.1667);
        assertThat(a.gapSamples()).isEqualTo(13);
        assertThat(a.gapP50Ms()).isCloseTo(300, within(3.0)); // a histogram of 2 significant digits
        assertThat(a.gapP95Ms()).isCloseTo(900, within(9.0));
        assertThat(a.rubrics()).extracting(BreakdownRow.RubricRate::rubric).containsExactly(RESOLUTION, Rubrics.IS_POLITE);
        assertThat(a.rubric(RESOLUTION).orElseThrow()).isEqualTo(new BreakdownRow.RubricRate(RESOLUTION, 10, 6, 0.6));
        assertThat(a.rubric(Rubrics.IS_POLITE).orElseThrow().verdicts()).isEqualTo(10);
    }

    @Test
    void theWorstHaveTheLowestResolutionThenTheMostErrorsAndEnoughCallsAndSomethingWrong() {
        List<CallLine> lines = new ArrayList<>();
        lines.addAll(calls("half-resolved", 30, 15, 0, 300));
        lines.addAll(calls("half-resolved-with-errors", 30, 15, 3, 300));
        lines.addAll(calls("slower-half-resolved", 30, 15, 0, 700));
        lines.addAll(calls("too-few", 19, 19, 19, 300));      // worse than all, but too few calls to call out
        lines.addAll(calls("all-good", 40, 0, 0, 2_000));     // slow, but nothing wrong
        lines.addAll(calls("mostly-resolved", 25, 2, 0, 300));
        lines.addAll(calls("mostly-resolved-2", 25, 2, 0, 300));
        lines.addAll(calls("mostly-resolved-3", 25, 2, 0, 300));

        Breakdown.Table personas = Breakdowns.of(record(lines)).personas();

        assertThat(personas.rankedBy()).containsExactly(RESOLUTION, "errorRate", "gapP95Ms");
        assertThat(personas.rows()).hasSize(8).extracting(BreakdownRow::id).isSorted();
        assertThat(personas.worst()).containsExactly("half-resolved-with-errors", "slower-half-resolved",
                "half-resolved", "mostly-resolved", "mostly-resolved-2");
        assertThat(personas.worstRows()).extracting(BreakdownRow::id).isEqualTo(personas.worst());
        assertThat(personas.row("too-few").orElseThrow().errorRate()).isEqualTo(1.0);
    }

    @Test
    void withoutVerdictsOfResolutionTheErrorRateRanks() {
        List<CallLine> lines = new ArrayList<>();
        for (String persona : List.of("none-fail", "some-fail", "more-fail")) {
            int failed = persona.equals("none-fail") ? 0 : persona.equals("some-fail") ? 5 : 10;
            for (int i = 0; i < 20; i++) {
                lines.add(call(persona, "path", i < failed ? CallStatus.FAILED : CallStatus.COMPLETED, null, 300));
            }
        }
        Breakdown b = Breakdowns.of(record(lines));

        assertThat(b.personas().rankedBy()).containsExactly("errorRate", "gapP95Ms");
        assertThat(b.personas().worst()).containsExactly("more-fail", "some-fail");
        assertThat(b.paths().worst()).containsExactly("path");
        assertThat(b.paths().row("path").orElseThrow().rubrics()).isEmpty();
    }

    @Test
    void theSameCallsInAnyOrderGiveTheSameBreakdownAndTheSameExamples() {
        List<CallLine> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String persona = "persona-" + i % 7;
            String path = "path-" + i % 5;
            CallLine line = switch (i % 4) {
                case 0 -> call(persona, path, CallStatus.COMPLETED, i % 3 == 0, 100 + i);
                case 1 -> call(persona, path, CallStatus.FAILED, false, 100 + i);
                case 2 -> hungUp(persona, path, i % 8 == 2 ? 150.0 : 900.0); // hang-ups that split over two clusters
                default -> call(persona, path, CallStatus.CANCELLED, null, 100 + i);
            };
            lines.add(line);
        }
        Measurements m = record(lines);
        Breakdown breakdown = Breakdowns.of(m);
        List<ErrorCluster> clusters = ErrorClusters.cluster(m.failures(), m.failureExamples(), BASELINE);
        assertThat(clusters).extracting(ErrorCluster::name)
                .contains("agent server error", "prompt cache miss spike", "provider capacity ceiling");
        assertThat(clusters).allSatisfy(c -> assertThat(c.examples()).hasSize(ErrorCluster.EXAMPLES));

        for (long seed = 1; seed <= 5; seed++) {
            List<CallLine> shuffled = new ArrayList<>(lines);
            Collections.shuffle(shuffled, new Random(seed));
            Measurements again = record(shuffled);
            assertThat(Breakdowns.of(again)).isEqualTo(breakdown);
            assertThat(ErrorClusters.cluster(again.failures(), again.failureExamples(), BASELINE)).isEqualTo(clusters);
        }

        // a cluster of one way shows its first calls to end
        ErrorCluster server = clusters.stream().filter(c -> c.name().equals("agent server error")).findFirst()
                .orElseThrow();
        List<String> firstFailed = lines.stream().filter(l -> l.status() == CallStatus.FAILED)
                .sorted(java.util.Comparator.comparingDouble(CallLine::endedAtSeconds).thenComparing(CallLine::callId))
                .limit(ErrorCluster.EXAMPLES).map(CallLine::callId).toList();
        assertThat(server.examples()).extracting(ExampleCall::callId).containsExactlyElementsOf(firstFailed);
    }

    /**
     * A caller who hung up after a reply that reported both a cache miss and an STT overload: the cluster is the
     * stage further above its low-load median, so a slow LLM lands in one cluster and a slow STT in another.
     */
    private CallLine hungUp(String persona, String path, double llmMs) {
        String id = String.format("call-%04d", next++);
        List<CallLine.Turn> turns = List.of(
                new CallLine.Turn(CallLine.Speaker.CALLER, "hello", 0, 10, Optional.empty(), Map.of(), List.of(),
                        Map.of(), 0, Map.of()),
                new CallLine.Turn(CallLine.Speaker.AGENT, "Let me check.", 500, 10, Optional.of(1_000.0),
                        Map.of("llm_ttft", List.of(llmMs), "stt_ttft", List.of(400.0)), List.of(),
                        ordered("llm.cache_hit", "false", "stt.overload", "1.7"), 10, Map.of()),
                new CallLine.Turn(CallLine.Speaker.CALLER, "hello?", 2_000, 10, Optional.empty(), Map.of(), List.of(),
                        Map.of(), 0, Map.of()));
        CallLine.CallError e = new CallLine.CallError(ErrorKind.HUNG_UP, "user_perceived_gap", 0, 10,
                "caller hung up after 1800 ms of silence (patience 1800 ms)", CallLine.Timeout.PATIENCE, "",
                Optional.empty(), Optional.empty(), 0);
        return new CallLine(id, 0, persona, path, "RESOLVED", "", CallStatus.HUNG_UP, next * 0.01, 4_000, 10, 0,
                Optional.of(e), Map.of(), turns, 10, 10).withScores("", Map.of(), CallLine.Scoring.DROPPED);
    }

    @Test
    void anExampleKeepsTheLastTurnsOfItsCallEachClipped() {
        List<CallLine.Turn> turns = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            boolean agent = i % 2 == 1;
            turns.add(new CallLine.Turn(agent ? CallLine.Speaker.AGENT : CallLine.Speaker.CALLER,
                    i == 19 ? "x".repeat(1_000) : "turn " + i, i * 100L, 10,
                    agent ? Optional.of(250.0) : Optional.empty(), Map.of(), List.of(), Map.of(), 10, Map.of()));
        }
        CallLine line = new CallLine("call-long", 0, "p", "q", "RESOLVED", "", CallStatus.FAILED, 1.0, 2_500, 10, 0,
                Optional.of(new CallLine.CallError(ErrorKind.SERVER_ERROR, "llm_ttft", 502, 10, "bad gateway")),
                Map.of(), turns, 10, 10);
        Measurements m = record(List.of(line));

        ExampleCall x = ErrorClusters.cluster(m.failures(), m.failureExamples(), BASELINE).get(0).examples().get(0);

        assertThat(x.callId()).isEqualTo("call-long");
        assertThat(x.persona()).isEqualTo("p");
        assertThat(x.path()).isEqualTo("q");
        assertThat(x.status()).isEqualTo("FAILED");
        assertThat(x.endedAtSeconds()).isEqualTo(3.5);
        assertThat(x.error()).isEqualTo("SERVER_ERROR 502 at llm_ttft: bad gateway");
        assertThat(x.turnsOmitted()).isEqualTo(20 - ExampleCall.MAX_TURNS);
        assertThat(x.turns()).hasSize(ExampleCall.MAX_TURNS);
        assertThat(x.turns().get(0).index()).isEqualTo(x.turnsOmitted());
        assertThat(x.turns().get(0).text()).isEqualTo("turn 8");
        assertThat(x.turns().get(1).gapMs()).hasValue(250.0);
        assertThat(x.turns().get(0).gapMs()).isEmpty();
        ExampleCall.Turn last = x.turns().get(x.turns().size() - 1);
        assertThat(last.text()).hasSize(ExampleCall.TEXT_CHARS).endsWith("...");
    }
}
