package io.callstorm.cli;

import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.local.LocalEvaluators;
import io.callstorm.eval.pool.EvaluationPool;
import io.callstorm.eval.transcripts.LabelAgreement;
import io.callstorm.eval.transcripts.LineProblem;
import io.callstorm.eval.transcripts.TranscriptFile;
import io.callstorm.simulate.report.RubricEvaluation;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.transcripts.EvaluatedTranscripts;
import io.callstorm.simulate.transcripts.TranscriptEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code callstorm eval transcripts.jsonl}: scores conversations recorded elsewhere with the evaluators a simulation
 * uses (local, or a judge for some rubrics), and writes per-conversation verdicts, the report's quality and
 * evaluation sections, the gate and junit.xml. Bad lines are listed, each with its line and field; every good line
 * is scored.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score existing conversations (JSONL: native turns, calls.jsonl lines or OpenAI chat messages; "
                + "see docs/eval.md) with the local scorers or a judge; --gate decides the exit code.")
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRANSCRIPTS", description = "A JSONL file, one conversation per line.")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory for verdicts.jsonl, "
            + "eval-summary.json, report.json, report.html and junit.xml (default: ${DEFAULT-VALUE}).",
            defaultValue = "callstorm-out")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Scoring threads (default: "
            + JudgeOptions.JUDGE_THREADS + " with a judge, else up to 4).")
    Integer threads;

    @Mixin
    JudgeOptions judgeOptions;

    @Mixin
    GateOptions gateOptions;

    /** Where the judge's key is read from; the process environment but in tests. */
    Function<String, String> environment = System::getenv;

    /** How the console shows progress and verdicts; set by {@link CallstormCli}. */
    ConsoleStyle style = ConsoleStyle.PLAIN;

    @Override
    public Integer call() {
        ProblemCollector p = new ProblemCollector();
        p.check(Files.isRegularFile(file), "TRANSCRIPTS " + file, "no such file");
        OutputDirectory.check(out, "--out", p);
        p.check(threads == null || threads >= 1 && threads <= 1024, "--threads", "must be between 1 and 1024, was "
                + threads);
        List<String> judged = judgeOptions.rubrics(environment, p);
        GateOptions.Resolved gate = gateOptions.resolve(Optional.of(LocalEvaluators.all().stream()
                .map(Evaluator::rubric).toList()), p);
        p.throwIfAny("eval options");

        TranscriptFile transcripts = read(file);
        String source = file.getFileName().toString();
        PrintStream err = System.err;
        for (LineProblem problem : transcripts.problems()) {
            err.println("callstorm eval: " + source + ": " + problem);
        }
        if (transcripts.conversations().isEmpty()) {
            List<Problem> problems = transcripts.problems().stream().map(EvalCommand::asProblem).toList();
            throw new ConfigurationException(source + ": no line could be scored", problems.isEmpty()
                    ? List.of(new Problem("TRANSCRIPTS " + file, "has no conversation (every line is blank)"))
                    : problems);
        }

        try (JudgeOptions.Judge judge = judgeOptions.open(environment)) {
            List<Evaluator> evaluators = judge.swapInto(LocalEvaluators.all(), judged);
            TranscriptEvaluation.Builder b = TranscriptEvaluation.builder()
                    .evaluators(evaluators)
                    .threads(threads != null ? threads : judgeOptions.enabled() ? JudgeOptions.JUDGE_THREADS
                            : EvaluationPool.DEFAULT_THREADS)
                    .gate(gate.gate());
            if (gate.baseline().isPresent()) {
                b = b.baseline(gate.baseline().get(), gate.thresholds());
            }
            TranscriptEvaluation evaluation = b.build();
            if (judgeOptions.enabled()) {
                System.out.println(judgeOptions.describe(judged, environment));
            }
            EvaluatedTranscripts scored = evaluation.evaluate(transcripts, source);
            try {
                scored.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the results to " + out + ": " + e.getMessage(), e);
            }
            print(scored, System.out);
            return scored.gatePassed() ? CallstormCli.EXIT_OK : CallstormCli.EXIT_GATE_FAILED;
        }
    }

    private static TranscriptFile read(Path file) {
        try {
            return TranscriptFile.read(file);
        } catch (CharacterCodingException e) {
            throw new ConfigurationException("eval options", List.of(new Problem("TRANSCRIPTS " + file,
                    "is not UTF-8 text")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A line's problem as a configuration problem: its path is the line and the field. */
    private static Problem asProblem(LineProblem p) {
        return new Problem("line " + p.line() + (p.field().isEmpty() ? "" : ": " + p.field()), p.message());
    }

    /** Pass rate per rubric, errors, bad lines, agreement with labels, the gate, and the files written. */
    private void print(EvaluatedTranscripts e, PrintStream o) {
        SimulationReport r = e.report();
        o.printf(Locale.ROOT, "%nScored %,d conversations from %s in %.1f s; %,d bad line%s skipped%s%n",
                e.verdicts().size(), e.source(), r.simulation().durationSeconds(), e.badLines(),
                e.badLines() == 1 ? "" : "s", e.badLines() == 0 ? "" : " (listed on stderr and in "
                        + EvaluatedTranscripts.SUMMARY_FILE + ")");
        o.printf(Locale.ROOT, "%n%-24s %-9s %7s %7s %7s %10s%n", "Rubric", "Evaluator", "Passed", "Failed", "Errors",
                "Pass rate");
        for (RubricEvaluation row : r.evaluation().rubrics()) {
            boolean verdicts = row.passed() + row.failed() > 0;
            o.printf(Locale.ROOT, "%-24s %-9s %,7d %,7d %,7d %10s%n", row.rubric(), row.evaluator(), row.passed(),
                    row.failed(), row.errors(), verdicts ? String.format(Locale.ROOT, "%.1f%%", row.passRate() * 100)
                            : "-");
        }
        long passed = e.verdicts().stream().filter(v -> v.passed()).count();
        o.printf(Locale.ROOT, "Conversations passing every rubric: %,d of %,d (an error is not a pass)%n", passed,
                e.verdicts().size());
        if (r.evaluation().total().errors() > 0) {
            o.printf(Locale.ROOT, "Errors are no verdict and count in no pass rate; the first of each rubric "
                    + "(verdicts.jsonl has them all):%n");
            for (RubricEvaluation row : r.evaluation().rubrics()) {
                e.verdicts().stream().filter(v -> v.result(row.rubric()).filter(x -> x.isError()).isPresent())
                        .findFirst().ifPresent(v -> o.printf(Locale.ROOT, "  %s: %,d, e.g. line %d: %s%n",
                                row.rubric(), row.errors(), v.conversation().line(),
                                v.result(row.rubric()).orElseThrow().reason()));
            }
        }
        if (!e.agreement().isEmpty()) {
            o.printf(Locale.ROOT, "%nAgreement with the lines' labels%n%-24s %9s %10s %7s%n", "Rubric", "Compared",
                    "Agreement", "Kappa");
            for (LabelAgreement a : e.agreement()) {
                o.printf(Locale.ROOT, "%-24s %,9d %9.1f%% %7s%n", a.rubric(), a.compared(), a.agreement() * 100,
                        a.kappa().isPresent() ? String.format(Locale.ROOT, "%.2f", a.kappa().getAsDouble()) : "n/a");
            }
        }
        SummaryPrinter.gate(r, o, style);
        SummaryPrinter.evaluations(r.evaluation(), o);
        o.printf(Locale.ROOT, "%nWrote %s, %s, %s, %s and %s%n", out.resolve(EvaluatedTranscripts.VERDICTS_FILE),
                out.resolve(EvaluatedTranscripts.SUMMARY_FILE), out.resolve(SimulationReport.JSON_FILE),
                out.resolve(SimulationReport.HTML_FILE), out.resolve(SimulationReport.JUNIT_FILE));
    }
}
