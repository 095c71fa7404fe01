package io.callstorm.eval.local;

import io.callstorm.core.Conversation;
import io.callstorm.core.transcript.ReplyCues;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;

import java.util.List;

/**
 * Scores {@value Rubrics#IS_POLITE}: was the agent never rude, and courteous at least once?
 *
 * <p>Rule, on the agent's turns only (a rude caller does not make the agent impolite):
 * <ul>
 *   <li>any {@linkplain ReplyCues#isRude rude} reply fails the call with score 0, since one put-down is
 *       enough to spoil it;</li>
 *   <li>otherwise the call passes iff at least {@value #MIN_COURTEOUS_REPLIES} reply is
 *       {@linkplain ReplyCues#isCourteous courteous} (a thank-you, apology, "of course", a warm sign-off);
 *       an agent that never once shows courtesy comes across as cold;</li>
 *   <li>score = share of replies that are courteous, a measure of warmth rather than the pass bar;</li>
 *   <li>no agent turns: fails, as there is nothing to judge.</li>
 * </ul>
 * Why not a minimum share: factual answers ("You're on the Pro plan with ten seats.") rarely carry a courtesy
 * marker, so on a long call a share threshold failed agents that reviewers of the labelled test set called
 * polite. Reviewers judge politeness by rudeness and by whether the agent was ever courteous.
 *
 * <p>Failing turn: the first rude agent turn; none for an agent that was never courteous (no single turn
 * is to blame) or that never spoke.
 */
public final class PolitenessEvaluator implements Evaluator {
    /** How many agent replies must carry a courtesy marker. */
    public static final int MIN_COURTEOUS_REPLIES = 1;

    @Override
    public String rubric() {
        return Rubrics.IS_POLITE;
    }

    @Override
    public EvalResult evaluate(Conversation conversation) {
        List<TranscriptTurn> replies = AgentReplies.of(conversation);
        if (replies.isEmpty()) {
            return new EvalResult(rubric(), false, 0.0, "no agent turns to judge");
        }
        List<TranscriptTurn> rude = replies.stream().filter(t -> ReplyCues.isRude(t.text())).toList();
        if (!rude.isEmpty()) {
            return new EvalResult(rubric(), false, 0.0, rude.size() + " of " + replies.size()
                    + " agent turns rude, first: " + AgentReplies.quote(rude.get(0).text()),
                    AgentReplies.indexOf(conversation, rude.get(0)));
        }
        long courteous = replies.stream().filter(t -> ReplyCues.isCourteous(t.text())).count();
        boolean passed = courteous >= MIN_COURTEOUS_REPLIES;
        return new EvalResult(rubric(), passed, (double) courteous / replies.size(),
                courteous + " of " + replies.size() + " agent turns courteous, none rude");
    }
}
