package io.callstorm.simulate.transcripts;

import io.callstorm.eval.transcripts.LabelAgreement;
import io.callstorm.eval.transcripts.LineProblem;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.transcripts.internal.TranscriptOutputs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A transcript file scored: the report (its {@code quality}, {@code evaluation} and {@code gate} sections shaped as
 * a simulation's), a verdict per conversation, the agreement with the lines' labels, and the bad lines.
 *
 * @param source    the file scored, as named in the report
 * @param report    the report; every conversation is in one concurrency bucket (concurrency 1)
 * @param verdicts  one per good line, in file order
 * @param agreement per rubric with labels on at least one line, the agreement of the verdicts with them
 * @param problems  every problem of every bad line, in file order
 * @param badLines  lines that were not scored for their problems
 */
public record EvaluatedTranscripts(String source, SimulationReport report, List<ConversationVerdict> verdicts,
                                   List<LabelAgreement> agreement, List<LineProblem> problems, long badLines) {
    /** {@code verdicts.jsonl}: one line per conversation. */
    public static final String VERDICTS_FILE = "verdicts.jsonl";
    /** {@code eval-summary.json}: the file, its bad lines, and the agreement with labels. */
    public static final String SUMMARY_FILE = "eval-summary.json";

    public EvaluatedTranscripts {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(report, "report");
        verdicts = List.copyOf(verdicts);
        agreement = List.copyOf(agreement);
        problems = List.copyOf(problems);
    }

    /** Whether the gate passed ({@code true} with no gate). */
    public boolean gatePassed() {
        return report.gate().passed();
    }

    /**
     * Writes {@code verdicts.jsonl}, {@code eval-summary.json}, {@code report.json}, {@code report.html} and
     * {@code junit.xml} (the gate's checks, one case per rubric and one for the file's lines) into {@code directory}.
     */
    public void write(Path directory) throws IOException {
        TranscriptOutputs.write(this, directory);
    }
}
