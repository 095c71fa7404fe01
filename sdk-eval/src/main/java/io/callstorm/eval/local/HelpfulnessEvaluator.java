package io.callstorm.eval.local;

import io.callstorm.core.Conversation;
import io.callstorm.core.transcript.ReplyCues;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Scores {@value Rubrics#IS_HELPFUL}: did the agent answer the caller rather than stall?
 *
 * <p>Rule, on the agent's turns only. A reply is a non-answer when it is a
 * {@linkplain ReplyCues#isNonAnswer stock non-answer} (holding, asking to repeat, "I'm not able to"), or
 * when the agent says it verbatim (trimmed, ignoring case) more than
 * {@value ConcisenessEvaluator#MAX_VERBATIM_OCCURRENCES} times: a reply given to every question is a loop,
 * not an answer, even when its words would answer one of them.
 * <ul>
 *   <li>score = 1 - share of replies that are non-answers;</li>
 *   <li>passes iff score is at least {@value #MIN_ANSWER_SHARE} and the last reply is not a non-answer,
 *       because a caller left on "one moment" was not helped however well the call started;</li>
 *   <li>no agent turns: fails, as there is nothing to judge.</li>
 * </ul>
 * Failing turn: when too few replies were answers, the first non-answer (stock or loop); when only the last
 * reply failed the call, that last reply; none when the agent never spoke.
 */
public final class HelpfulnessEvaluator implements Evaluator {
    /** Share of agent replies that must be answers rather than non-answers. */
    public static final double MIN_ANSWER_SHARE = 0.75;

    @Override
    public String rubric() {
        return Rubrics.IS_HELPFUL;
    }

    @Override
    public EvalResult evaluate(Conversation conversation) {
        List<TranscriptTurn> replies = AgentReplies.of(conversation);
        if (replies.isEmpty()) {
            return new EvalResult(rubric(), false, 0.0, "no agent turns to judge");
        }
        Map<String, Integer> occurrences = AgentReplies.occurrences(replies);
        long stock = replies.stream().filter(t -> ReplyCues.isNonAnswer(t.text())).count();
        long loops = replies.stream()
                .filter(t -> !ReplyCues.isNonAnswer(t.text()) && AgentReplies.isLoop(t, occurrences))
                .count();
        long nonAnswers = stock + loops;
        double score = 1.0 - (double) nonAnswers / replies.size();
        TranscriptTurn last = replies.get(replies.size() - 1);
        boolean lastAnswered = !ReplyCues.isNonAnswer(last.text()) && !AgentReplies.isLoop(last, occurrences);
        boolean passed = score >= MIN_ANSWER_SHARE && lastAnswered;

        String reason = nonAnswers + " of " + replies.size() + " agent turns were non-answers"
                + (loops > 0 ? " (" + loops + " repeated in a loop)" : "")
                + (lastAnswered ? "" : "; last reply is a non-answer: " + AgentReplies.quote(last.text()));
        OptionalInt failingTurn = OptionalInt.empty();
        if (!passed) {
            TranscriptTurn culprit = score < MIN_ANSWER_SHARE
                    ? replies.stream()
                            .filter(t -> ReplyCues.isNonAnswer(t.text()) || AgentReplies.isLoop(t, occurrences))
                            .findFirst().orElse(last)
                    : last;
            failingTurn = AgentReplies.indexOf(conversation, culprit);
        }
        return new EvalResult(rubric(), passed, score, reason, failingTurn);
    }
}
