package io.callstorm.simulate.transcripts.internal;

import io.callstorm.core.secret.Secrets;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.transcripts.LabelAgreement;
import io.callstorm.eval.transcripts.LineProblem;
import io.callstorm.simulate.report.RubricEvaluation;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.transcripts.ConversationVerdict;
import io.callstorm.simulate.transcripts.EvaluatedTranscripts;
import io.callstorm.simulate.writer.HtmlReport;
import io.callstorm.simulate.writer.JunitCase;
import io.callstorm.simulate.writer.JunitReport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes what scoring a transcript file produced: verdicts, summary, report files and junit.xml. */
public final class TranscriptOutputs {
    /** Failing conversations a rubric's junit test case names before "and n more". */
    static final int MAX_LISTED = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TranscriptOutputs() {
    }

    public static void write(EvaluatedTranscripts e, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeVerdicts(e, dir.resolve(EvaluatedTranscripts.VERDICTS_FILE));
        Files.writeString(dir.resolve(EvaluatedTranscripts.SUMMARY_FILE), Secrets.redact(
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary(e))), StandardCharsets.UTF_8);
        SimulationReport report = e.report();
        report.writeJson(dir.resolve(SimulationReport.JSON_FILE));
        HtmlReport.write(report, dir.resolve(SimulationReport.HTML_FILE));
        JunitReport.write(report, junitCases(e), dir.resolve(SimulationReport.JUNIT_FILE));
    }

    private static void writeVerdicts(EvaluatedTranscripts e, Path file) throws IOException {
        ObjectWriter w = JSON.writer();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (ConversationVerdict v : e.verdicts()) {
                out.write(Secrets.redact(w.writeValueAsString(verdict(v))));
                out.write('\n');
            }
        }
    }

    /** One line of verdicts.jsonl. */
    static ObjectNode verdict(ConversationVerdict v) {
        ObjectNode n = JSON.createObjectNode();
        n.put("line", v.conversation().line());
        n.put("callId", v.conversation().callId());
        n.put("format", v.conversation().format().wire());
        n.put("scoring", v.scored() ? "scored" : "dropped");
        n.put("passed", v.passed());
        n.put("actualOutcome", v.actualOutcome());
        ObjectNode scores = n.putObject("scores");
        for (EvalResult r : v.results()) {
            ObjectNode s = scores.putObject(r.rubric());
            s.put("status", r.status().name());
            s.put("passed", r.passed());
            s.put("score", r.score());
            s.put("reason", r.reason());
            if (r.failingTurn().isPresent()) {
                s.put("turn", r.failingTurn().getAsInt());
            }
            if (r.usage().totalTokens() > 0) {
                s.put("promptTokens", r.usage().promptTokens());
                s.put("completionTokens", r.usage().completionTokens());
                s.put("costUsd", r.usage().costUsd());
            }
            Boolean label = v.conversation().labels().get(r.rubric());
            if (label != null) {
                s.put("label", label);
            }
        }
        return n;
    }

    /** eval-summary.json: the file, its lines, the bad lines' problems, per rubric counts, agreement with labels. */
    static ObjectNode summary(EvaluatedTranscripts e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("source", e.source());
        n.put("conversations", e.verdicts().size());
        n.put("badLines", e.badLines());
        n.put("gatePassed", e.gatePassed());
        ArrayNode problems = n.putArray("problems");
        for (LineProblem p : e.problems()) {
            problems.addObject().put("line", p.line()).put("field", p.field()).put("message", p.message());
        }
        ArrayNode rubrics = n.putArray("rubrics");
        for (RubricEvaluation r : e.report().evaluation().rubrics()) {
            rubrics.addObject().put("rubric", r.rubric()).put("evaluator", r.evaluator()).put("passed", r.passed())
                    .put("failed", r.failed()).put("errors", r.errors()).put("passRate", r.passRate());
        }
        ArrayNode agreement = n.putArray("agreement");
        for (LabelAgreement a : e.agreement()) {
            ObjectNode row = agreement.addObject().put("rubric", a.rubric()).put("compared", a.compared())
                    .put("agreed", a.agreed()).put("agreement", a.agreement());
            if (a.kappa().isPresent()) {
                row.put("kappa", a.kappa().getAsDouble());
            } else {
                row.putNull("kappa");
            }
            row.put("bothPassed", a.bothPassed()).put("bothFailed", a.bothFailed())
                    .put("labelOnlyPassed", a.labelOnlyPassed()).put("verdictOnlyPassed", a.verdictOnlyPassed())
                    .put("errors", a.errors());
        }
        return n;
    }

    /**
     * Beside the gate's checks: one case per rubric (passed: the verdicts are information, the gate decides; its
     * output lists the failing conversations) and one for the file's lines (skipped, listing them, when some were
     * bad), so the file is never empty.
     */
    static List<JunitCase> junitCases(EvaluatedTranscripts e) {
        List<JunitCase> cases = new ArrayList<>();
        for (RubricEvaluation r : e.report().evaluation().rubrics()) {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "%s (%s): %d passed, %d failed, %d errors; pass rate %.4f", r.rubric(), r.evaluator(), r.passed(),
                    r.failed(), r.errors(), r.passRate()));
            int listed = 0;
            long notPassed = 0;
            for (ConversationVerdict v : e.verdicts()) {
                EvalResult result = v.result(r.rubric()).orElse(null);
                if (result == null || result.passed()) {
                    continue;
                }
                notPassed++;
                if (listed++ < MAX_LISTED) {
                    out.append("\n  line ").append(v.conversation().line()).append(' ')
                            .append(v.conversation().callId()).append(' ').append(result.status()).append(": ")
                            .append(result.reasonWithTurn());
                }
            }
            if (notPassed > MAX_LISTED) {
                out.append("\n  ... and ").append(notPassed - MAX_LISTED).append(" more (verdicts.jsonl)");
            }
            cases.add(JunitCase.passed("rubric " + r.rubric(), out.toString()));
        }
        String lines = "lines of " + e.source();
        if (e.badLines() == 0) {
            cases.add(JunitCase.passed(lines, e.verdicts().size() + " conversations read, no bad line"));
        } else {
            StringBuilder msg = new StringBuilder(e.badLines() + " bad line(s) not scored: ");
            int shown = 0;
            for (LineProblem p : e.problems()) {
                if (shown++ == MAX_LISTED) {
                    msg.append("; ...");
                    break;
                }
                msg.append(shown > 1 ? "; " : "").append(p);
            }
            cases.add(JunitCase.skipped(lines, msg.toString()));
        }
        return cases;
    }
}
