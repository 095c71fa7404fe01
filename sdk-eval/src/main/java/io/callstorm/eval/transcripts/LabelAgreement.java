package io.callstorm.eval.transcripts;

import io.callstorm.eval.EvalResult;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How well one rubric's verdicts agree with a reviewer's labels: the share of conversations on which they agree,
 * and Cohen's kappa, the agreement beyond what two raters with these pass rates would reach by chance (1 perfect,
 * 0 chance, below 0 worse than chance). Only conversations with both a label and a verdict count: an
 * {@linkplain EvalResult#isError() error} is no verdict and is counted in {@link #errors()}.
 *
 * <pre>{@code
 * LabelAgreement.Tally tally = LabelAgreement.tally(Rubrics.IS_POLITE);
 * for (...) tally.add(label, result);
 * LabelAgreement a = tally.result();   // a.agreement(), a.kappa()
 * }</pre>
 *
 * @param rubric        the rubric
 * @param compared      conversations with a label and a verdict
 * @param agreed        of which the verdict's pass or fail equals the label
 * @param bothPassed    label true, verdict pass
 * @param bothFailed    label false, verdict fail
 * @param labelOnlyPassed label true, verdict fail
 * @param verdictOnlyPassed label false, verdict pass
 * @param errors        labelled conversations whose evaluation ended in an error
 * @param agreement     {@code agreed / compared}; 0 when nothing was compared
 * @param kappa         Cohen's kappa; empty when it is undefined (nothing compared, or both raters gave one and the
 *                      same answer throughout, where chance agreement is already 1)
 */
public record LabelAgreement(String rubric, long compared, long agreed, long bothPassed, long bothFailed,
                             long labelOnlyPassed, long verdictOnlyPassed, long errors, double agreement,
                             OptionalDouble kappa) {
    public LabelAgreement {
        Objects.requireNonNull(rubric, "rubric");
        Objects.requireNonNull(kappa, "kappa");
    }

    /** A tally for one rubric. */
    public static Tally tally(String rubric) {
        return new Tally(rubric);
    }

    /** Counts label-verdict pairs of one rubric; not thread-safe. */
    public static final class Tally {
        private final String rubric;
        private long tp;
        private long tn;
        private long fn;
        private long fp;
        private long errors;

        private Tally(String rubric) {
            this.rubric = Objects.requireNonNull(rubric, "rubric");
        }

        /** Adds one conversation's label and the evaluator's result on it. */
        public Tally add(boolean label, EvalResult result) {
            if (result.isError()) {
                errors++;
            } else if (label) {
                if (result.passed()) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (result.passed()) {
                fp++;
            } else {
                tn++;
            }
            return this;
        }

        /** The agreement of what was added so far. */
        public LabelAgreement result() {
            long n = tp + tn + fn + fp;
            long agreed = tp + tn;
            double agreement = n == 0 ? 0 : round((double) agreed / n);
            OptionalDouble kappa = OptionalDouble.empty();
            if (n > 0) {
                double po = (double) agreed / n;
                double labelPass = (double) (tp + fn) / n;
                double verdictPass = (double) (tp + fp) / n;
                double pe = labelPass * verdictPass + (1 - labelPass) * (1 - verdictPass);
                if (pe < 1) {
                    kappa = OptionalDouble.of(round((po - pe) / (1 - pe)));
                }
            }
            return new LabelAgreement(rubric, n, agreed, tp, tn, fn, fp, errors, agreement, kappa);
        }

        private static double round(double v) {
            return Math.round(v * 10_000) / 10_000.0;
        }
    }
}
