package io.callstorm.simulate.transcripts.internal;

import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.EvalStatus;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.local.ConversationOutcomes;
import io.callstorm.eval.pool.EvaluationPool;
import io.callstorm.eval.pool.QueuePolicy;
import io.callstorm.eval.transcripts.ConversationLine;
import io.callstorm.eval.transcripts.Expectations;
import io.callstorm.eval.transcripts.LabelAgreement;
import io.callstorm.eval.transcripts.TranscriptFile;
import io.callstorm.simulate.analysis.ReportAssembler;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.gate.RegressionThresholds;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.measure.CallRecorder;
import io.callstorm.simulate.measure.EvaluationTally;
import io.callstorm.simulate.measure.Measurements;
import io.callstorm.simulate.report.EvaluationSetup;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.SimulationInfo;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.transcripts.ConversationVerdict;
import io.callstorm.simulate.transcripts.EvaluatedTranscripts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Scores a transcript file through an evaluation pool, then makes each conversation a {@code calls.jsonl} line at
 * concurrency 1 and records the lines with the one {@link CallRecorder}, so the report's sections are assembled
 * exactly as a run's and a rebuild's are.
 */
public final class TranscriptScoring {
    /** Every conversation is placed here: transcripts have no concurrency, so every rubric has one quality row. */
    static final int CONCURRENCY = 1;

    private TranscriptScoring() {
    }

    public static EvaluatedTranscripts score(TranscriptFile file, String source, String name,
                                             List<Evaluator> evaluators, int threads, Duration finishTimeout,
                                             Gate gate, Optional<SimulationReport> baseline,
                                             RegressionThresholds thresholds) {
        long startNanos = System.nanoTime();
        Instant startedAt = Instant.now();
        List<ConversationLine> lines = file.conversations();
        AtomicReferenceArray<List<EvalResult>> results = new AtomicReferenceArray<>(lines.size());
        int queue = Math.max(16, threads * 4);
        try (EvaluationPool pool = EvaluationPool.builder(Expectations.guard(evaluators)).threads(threads)
                .queueCapacity(queue).whenFull(QueuePolicy.WAIT).closeTimeout(finishTimeout)
                .threadNamePrefix("callstorm-eval").build()) {
            for (int i = 0; i < lines.size(); i++) {
                int index = i;
                pool.submit(lines.get(i).input(), scored -> results.set(index, scored.results()));
            }
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;

        Map<String, String> kinds = new LinkedHashMap<>();
        evaluators.forEach(e -> kinds.put(e.rubric(), EvaluationTally.kindOf(e)));
        EvaluationSetup setup = new EvaluationSetup(QueuePolicy.WAIT.name(), threads, queue, kinds);
        CallRecorder recorder = new CallRecorder(CONCURRENCY, setup);
        List<ConversationVerdict> verdicts = new ArrayList<>(lines.size());
        Map<String, LabelAgreement.Tally> agreement = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            ConversationLine line = lines.get(i);
            List<EvalResult> scored = results.get(i) == null ? List.of() : results.get(i);
            String actual = ConversationOutcomes.actualOutcome(line.conversation()).name();
            verdicts.add(new ConversationVerdict(line, actual, scored));
            recorder.record(callLine(i, line, actual, scored));
            for (EvalResult r : scored) {
                Boolean label = line.labels().get(r.rubric());
                if (label != null) {
                    agreement.computeIfAbsent(r.rubric(), LabelAgreement::tally).add(label, r);
                }
            }
        }
        Measurements m = recorder.snapshot();
        SimulationInfo info = new SimulationInfo(name, Map.of(), "transcripts:" + source, 0, startedAt.toString(),
                ReportAssembler.round(seconds, 1), "transcripts", String.format(Locale.ROOT,
                "%,d conversations from %s (%,d bad line%s skipped)", lines.size(), source, file.badLines(),
                file.badLines() == 1 ? "" : "s"), 0,
                lines.size());
        HarnessStats harness = new HarnessStats(0, 0, 0, 0, 0, 0, m.evaluation().conversationsScored(),
                m.evaluation().conversationsDropped());
        SimulationReport report = ReportAssembler.assemble(info, ReportAssembler.load(m), m, harness);
        if (!gate.isEmpty() || baseline.isPresent()) {
            report = report.withGate(gate.evaluate(report, baseline, thresholds));
        }
        return new EvaluatedTranscripts(source, report, verdicts,
                agreement.values().stream().map(LabelAgreement.Tally::result).toList(), file.problems(),
                file.badLines());
    }

    /**
     * The conversation as a run's line: every figure at concurrency 1, its scores as a run writes them. It starts
     * and ends at second 0 (it was not run here: a duration would make the timeline show every conversation of the
     * file in progress at once).
     */
    private static CallLine callLine(int row, ConversationLine line, String actual, List<EvalResult> results) {
        var c = line.conversation();
        List<CallLine.Turn> turns = new ArrayList<>(c.transcript().turns().size());
        for (TranscriptTurn t : c.transcript().turns()) {
            turns.add(new CallLine.Turn(t.speaker() == io.callstorm.core.transcript.Speaker.CALLER
                    ? CallLine.Speaker.CALLER : CallLine.Speaker.AGENT, t.text(), t.offsetMillis(), CONCURRENCY,
                    Optional.empty(), Map.of(), t.toolCalls(), Map.of(), 0, Map.of()));
        }
        Map<String, CallLine.Score> scores = new LinkedHashMap<>();
        for (EvalResult r : results) {
            scores.put(r.rubric(), score(r));
        }
        return new CallLine(c.callId(), row, c.personaId(), c.pathId(),
                line.expectedOutcome().map(Enum::name).orElse(""), actual, c.status(), 0, 0, CONCURRENCY, 0,
                Optional.empty(), scores, turns, CONCURRENCY, CONCURRENCY,
                results.isEmpty() ? CallLine.Scoring.DROPPED : CallLine.Scoring.SCORED,
                line.expectedToolCalls().orElse(List.of()));
    }

    static CallLine.Score score(EvalResult r) {
        CallLine.Verdict verdict = r.status() == EvalStatus.PASS ? CallLine.Verdict.PASS
                : r.status() == EvalStatus.FAIL ? CallLine.Verdict.FAIL : CallLine.Verdict.ERROR;
        return new CallLine.Score(r.passed(), r.score(), r.reason(), verdict, r.usage().promptTokens(),
                r.usage().completionTokens(), r.usage().costUsd(),
                r.failingTurn().isPresent() ? Optional.of(r.failingTurn().getAsInt()) : Optional.empty());
    }
}
