package io.callstorm.eval;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The verdict of one evaluator on one conversation.
 *
 * <p>{@link #status()} tells a pass and a fail apart from an {@linkplain EvalStatus#ERROR error}: an
 * evaluator that could not judge (a missing input, a judge that kept answering malformed JSON, an eval API
 * that stayed down) returns {@link #error(String, String)}, which is neither a pass nor a fail. Code that
 * only asks {@link #passed()} sees an error as "not passed"; code that counts pass rates should skip errors.
 *
 * <pre>{@code
 * EvalResult r = evaluator.evaluate(conversation);
 * switch (r.status()) {
 *     case PASS, FAIL -> rates.record(r.rubric(), r.passed());
 *     case ERROR -> errors.increment(r.rubric());   // r.reason() says why
 * }
 * }</pre>
 *
 * @param rubric the rubric scored, e.g. {@link Rubrics#IS_POLITE}
 * @param status pass, fail, or error
 * @param score  how well the conversation meets the rubric, from 0 (not at all) to 1 (fully); a pass does
 *               not imply 1; 0 for an error
 * @param reason why, in one line a reader can check against the transcript (for an error: what went wrong)
 * @param usage  model tokens and estimated cost of reaching the verdict; {@link EvalUsage#NONE} for local
 *               evaluators
 * @param failingTurn for a {@linkplain EvalStatus#FAIL fail}: the index in
 *               {@code conversation.transcript().turns()} (0-based, caller and agent turns counted) of the turn
 *               where the rubric failed (error localization); empty when the failure has no single turn, and
 *               always empty for a pass or an error (a turn given with either is dropped). Each evaluator
 *               documents how it picks the turn.
 */
public record EvalResult(String rubric, EvalStatus status, double score, String reason, EvalUsage usage,
                         OptionalInt failingTurn) {
    public EvalResult {
        Objects.requireNonNull(rubric, "rubric");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(usage, "usage");
        failingTurn = failingTurn == null || status != EvalStatus.FAIL ? OptionalInt.empty() : failingTurn;
        if (failingTurn.isPresent() && failingTurn.getAsInt() < 0) {
            throw new IllegalArgumentException("failingTurn must be at least 0, was " + failingTurn.getAsInt());
        }
        // NaN fails both comparisons, so it is rejected too.
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be between 0 and 1, was " + score);
        }
    }

    /** A result that names no failing turn. */
    public EvalResult(String rubric, EvalStatus status, double score, String reason, EvalUsage usage) {
        this(rubric, status, score, reason, usage, OptionalInt.empty());
    }

    /** A pass or a fail without model usage, as the local evaluators return it; names no failing turn. */
    public EvalResult(String rubric, boolean passed, double score, String reason) {
        this(rubric, passed ? EvalStatus.PASS : EvalStatus.FAIL, score, reason, EvalUsage.NONE);
    }

    /**
     * A pass or a fail without model usage; a fail names the transcript turn where it happened, if
     * {@code failingTurn} is present (ignored for a pass).
     */
    public EvalResult(String rubric, boolean passed, double score, String reason, OptionalInt failingTurn) {
        this(rubric, passed ? EvalStatus.PASS : EvalStatus.FAIL, score, reason, EvalUsage.NONE, failingTurn);
    }

    /** A fail at transcript turn {@code turn} (0-based index of {@code transcript().turns()}), without usage. */
    public static EvalResult failAt(String rubric, double score, String reason, int turn) {
        return new EvalResult(rubric, EvalStatus.FAIL, score, reason, EvalUsage.NONE, OptionalInt.of(turn));
    }

    /** An evaluation that reached no verdict; {@code reason} says why. Score 0, never a pass. */
    public static EvalResult error(String rubric, String reason) {
        return new EvalResult(rubric, EvalStatus.ERROR, 0.0, reason, EvalUsage.NONE);
    }

    /** Whether the conversation meets the rubric; false for a fail and for an error. */
    public boolean passed() {
        return status == EvalStatus.PASS;
    }

    /** Whether the evaluator reached no verdict. */
    public boolean isError() {
        return status == EvalStatus.ERROR;
    }

    /** This result with its model usage. */
    public EvalResult withUsage(EvalUsage usage) {
        return new EvalResult(rubric, status, score, reason, usage, failingTurn);
    }

    /** This result naming {@code turn} as the failing turn (kept only on a fail). */
    public EvalResult withFailingTurn(int turn) {
        return new EvalResult(rubric, status, score, reason, usage, OptionalInt.of(turn));
    }

    /**
     * The reason prefixed with the failing turn, e.g. {@code turn 5: 1 of 4 agent turns rude, ...}; the plain
     * {@link #reason()} when no turn is named. For display: {@code reason()} itself is left as the evaluator
     * wrote it.
     */
    public String reasonWithTurn() {
        return failingTurn.isPresent() ? "turn " + failingTurn.getAsInt() + ": " + reason : reason;
    }
}
