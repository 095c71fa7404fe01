package io.callstorm.eval.local;

import io.callstorm.core.Conversation;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Scores {@value Rubrics#IS_CONCISE}: were the agent's replies short enough to listen to on the phone, and
 * free of loops?
 *
 * <p>Rule, on the agent's turns only, counting words with {@link TranscriptTurn#wordCount()}:
 * <ul>
 *   <li>passes iff the mean is at most {@value #MAX_MEAN_WORDS_PER_TURN} words per reply, the longest reply
 *       is at most {@value #MAX_WORDS_PER_TURN} words, and no reply occurs verbatim (trimmed, ignoring case)
 *       more than {@value #MAX_VERBATIM_OCCURRENCES} times. Twice is allowed because a caller who re-asks
 *       may fairly get the same answer; a third time is a loop;</li>
 *   <li>score = min(1, {@value #MAX_MEAN_WORDS_PER_TURN} / mean words), so it only drops once the mean
 *       is over the limit;</li>
 *   <li>no agent turns: fails with score 0, as there is nothing to judge.</li>
 * </ul>
 * Failing turn: the earliest of the agent turns that break a limit: the first reply over
 * {@value #MAX_WORDS_PER_TURN} words, the first reply said for the {@code MAX_VERBATIM_OCCURRENCES + 1}-th time
 * (where the loop starts), and, when the mean is over its limit, the first reply over
 * {@value #MAX_MEAN_WORDS_PER_TURN} words; none when the agent never spoke.
 */
public final class ConcisenessEvaluator implements Evaluator {
    /** The most words an agent reply may have on average; about 15 seconds of speech. */
    public static final int MAX_MEAN_WORDS_PER_TURN = 40;
    /** The most words any single agent reply may have; about 30 seconds of speech. */
    public static final int MAX_WORDS_PER_TURN = 80;
    /** How often the same reply may occur verbatim before it counts as a loop. */
    public static final int MAX_VERBATIM_OCCURRENCES = AgentReplies.MAX_VERBATIM_OCCURRENCES;

    @Override
    public String rubric() {
        return Rubrics.IS_CONCISE;
    }

    @Override
    public EvalResult evaluate(Conversation conversation) {
        List<TranscriptTurn> replies = AgentReplies.of(conversation);
        if (replies.isEmpty()) {
            return new EvalResult(rubric(), false, 0.0, "no agent turns to judge");
        }
        double mean = replies.stream().mapToInt(TranscriptTurn::wordCount).average().orElse(0);
        int longest = replies.stream().mapToInt(TranscriptTurn::wordCount).max().orElse(0);
        Map<String, Integer> occurrences = AgentReplies.occurrences(replies);

        List<String> problems = new ArrayList<>();
        if (mean > MAX_MEAN_WORDS_PER_TURN) {
            problems.add(String.format(Locale.ROOT, "mean %.1f words per agent turn (max %d)",
                    mean, MAX_MEAN_WORDS_PER_TURN));
        }
        if (longest > MAX_WORDS_PER_TURN) {
            problems.add("longest agent turn " + longest + " words (max " + MAX_WORDS_PER_TURN + ")");
        }
        occurrences.entrySet().stream()
                .filter(e -> e.getValue() > MAX_VERBATIM_OCCURRENCES)
                .findFirst()
                .ifPresent(e -> problems.add(
                        "reply repeated " + e.getValue() + " times: " + AgentReplies.quote(e.getKey())));

        double score = mean <= MAX_MEAN_WORDS_PER_TURN ? 1.0 : MAX_MEAN_WORDS_PER_TURN / mean;
        String reason = problems.isEmpty()
                ? String.format(Locale.ROOT,
                        "mean %.1f words per agent turn, longest %d, no reply said more than twice", mean, longest)
                : String.join("; ", problems);
        OptionalInt failingTurn = problems.isEmpty() ? OptionalInt.empty()
                : AgentReplies.indexOf(conversation, firstBreakingLimit(replies, mean, longest));
        return new EvalResult(rubric(), problems.isEmpty(), score, reason, failingTurn);
    }

    /** The first reply that is too long or repeats a reply into a loop, for a call that breaks a limit. */
    private static TranscriptTurn firstBreakingLimit(List<TranscriptTurn> replies, double mean, int longest) {
        Map<String, Integer> seen = new HashMap<>();
        for (TranscriptTurn reply : replies) {
            int words = reply.wordCount();
            boolean tooLong = (longest > MAX_WORDS_PER_TURN && words > MAX_WORDS_PER_TURN)
                    || (mean > MAX_MEAN_WORDS_PER_TURN && words > MAX_MEAN_WORDS_PER_TURN);
            boolean loops = seen.merge(AgentReplies.normalized(reply), 1, Integer::sum) > MAX_VERBATIM_OCCURRENCES;
            if (tooLong || loops) {
                return reply;
            }
        }
        return replies.get(replies.size() - 1); // not reached: a broken limit has a reply that breaks it
    }
}
