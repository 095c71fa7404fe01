package io.callstorm.eval.remote;

import io.callstorm.eval.EvalResult;
import io.callstorm.eval.EvalStatus;

import java.util.Locale;
import java.util.Set;

/** Reads a remote evaluation's output as a pass, a fail, or an error when it cannot be read as either. */
final class RemoteOutputs {
    private static final Set<String> PASS_WORDS = Set.of("passed", "pass", "true", "yes");
    private static final Set<String> FAIL_WORDS = Set.of("failed", "fail", "false", "no");

    private RemoteOutputs() {
    }

    /**
     * A Boolean or a pass/fail word is the verdict itself (score 1 or 0); a number from 0 to 1 (or a numeric
     * string) is a score that passes at {@code passThreshold}; anything else, or no output yet, is an error.
     */
    static EvalResult toEvalResult(String rubric, RemoteEvalResult r, double passThreshold) {
        Object out = r.output();
        String reason = r.reason().isBlank() ? "(no reason given)" : r.reason().strip();
        if (out == null) {
            return EvalResult.error(rubric, "remote evaluation " + r.name() + " has no output yet"
                    + (r.evalId().isEmpty() ? "" : " (eval id " + r.evalId() + ")")).withUsage(r.usage());
        }
        if (out instanceof Boolean b) {
            return verdict(rubric, b, b ? 1.0 : 0.0, reason, r);
        }
        if (out instanceof Number n) {
            return score(rubric, n.doubleValue(), passThreshold, reason, r);
        }
        if (out instanceof String s) {
            String word = s.strip().toLowerCase(Locale.ROOT);
            if (PASS_WORDS.contains(word)) {
                return verdict(rubric, true, 1.0, reason, r);
            }
            if (FAIL_WORDS.contains(word)) {
                return verdict(rubric, false, 0.0, reason, r);
            }
            try {
                return score(rubric, Double.parseDouble(word), passThreshold, reason, r);
            } catch (NumberFormatException notANumber) {
                // falls through to the error below
            }
        }
        return EvalResult.error(rubric, "remote evaluation " + r.name() + " gave an output that is neither "
                + "pass/fail nor a score: " + out).withUsage(r.usage());
    }

    private static EvalResult score(String rubric, double score, double passThreshold, String reason,
                                    RemoteEvalResult r) {
        if (!(score >= 0.0 && score <= 1.0)) {
            return EvalResult.error(rubric, "remote evaluation " + r.name() + " gave a score outside 0..1: " + score)
                    .withUsage(r.usage());
        }
        return verdict(rubric, score >= passThreshold, score, reason, r);
    }

    private static EvalResult verdict(String rubric, boolean passed, double score, String reason, RemoteEvalResult r) {
        return new EvalResult(rubric, passed ? EvalStatus.PASS : EvalStatus.FAIL, score, reason, r.usage());
    }
}
