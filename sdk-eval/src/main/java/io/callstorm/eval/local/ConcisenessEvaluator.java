package io.callstorm.eval.local;

import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;

import java.util.OptionalInt;

/**
 * Scores {@value Rubrics#IS_CONCISE}: were the agent's replies short enough to be spoken, without repeats and
 * without records read out unasked?
 *
 * <p>Rule, on the agent's turns only. A reply breaks the rule when it:
 * <ul>
 *   <li>is longer than {@value #MAX_WORDS_PER_TURN} words (about 15 s of speech), or longer than
 *       {@value #MAX_WORDS_WHEN_ASKED} words when the caller's turn before it asked for detail ("walk me
 *       through", "step by step", "read me");</li>
 *   <li>repeats a sentence of {@value TurnText#MIN_SENTENCE_WORDS}+ words the agent already said, in this
 *       reply or an earlier one (also inside otherwise different replies);</li>
 *   <li>reads out {@value #MAX_LONG_TOKENS_UNASKED}+ long identifiers, URLs or addresses the caller did not
 *       ask for (a link of {@value TurnText#LONG_LINK_CHARS}+ characters counts as two);</li>
 *   <li>reads out a list of {@value #MAX_LIST_ITEMS_UNASKED}+ comma-separated items in one sentence of
 *       {@value TurnText#MIN_LIST_SENTENCE_WORDS}+ words, unasked.</li>
 * </ul>
 * Passes iff no reply breaks the rule. Score = min(1, {@value #MAX_WORDS_PER_TURN} / mean words per reply) on
 * a pass, the share of replies within the rule on a fail. No agent turns: fails with score 0.
 *
 * <p>Failing turn: the first reply that breaks the rule.
 */
public final class ConcisenessEvaluator implements Evaluator {
    /** The most words an agent reply may have; about 15 seconds of speech. */
    public static final int MAX_WORDS_PER_TURN = 45;
    /** The most words a reply may have when the caller asked for detail. */
    public static final int MAX_WORDS_WHEN_ASKED = 120;
    /** How many long identifiers a reply may read out unasked, minus one. */
    public static final int MAX_LONG_TOKENS_UNASKED = 2;
    /**
     * How many comma-separated items one sentence may read out unasked, minus one: a record read back field by field
     * ("account ..., Business plan, 14 seats, admin email ..., created ..., renewing ...") is not spoken English.
     */
    public static final int MAX_LIST_ITEMS_UNASKED = 7;

    @Override
    public String rubric() {
        return Rubrics.IS_CONCISE;
    }

    @Override
    public EvalResult evaluate(Conversation conversation) {
        CallFacts facts = CallFacts.of(conversation);
        if (!facts.hasAgentTurns()) {
            return new EvalResult(rubric(), false, 0.0, "no agent turns to judge");
        }
        int broken = 0;
        int first = -1;
        String firstWhy = null;
        long words = 0;
        for (int turn : facts.agentTurns) {
            words += facts.text[turn].words;
            String why = tooMuch(facts, turn);
            if (why != null) {
                broken++;
                if (first < 0) {
                    first = turn;
                    firstWhy = why;
                }
            }
        }
        int replies = facts.agentTurns.length;
        double mean = (double) words / replies;
        if (broken == 0) {
            return new EvalResult(rubric(), true, Math.min(1.0, MAX_WORDS_PER_TURN / Math.max(1.0, mean)),
                    replies + " agent turns, mean " + oneDecimal(Math.round(mean * 10)) + " words, no repeats");
        }
        return new EvalResult(rubric(), false, 1.0 - (double) broken / replies,
                firstWhy + ": " + Quotes.quote(facts.turns.get(first).text()), OptionalInt.of(first));
    }

    /**
     * {@code tenths / 10.0} as {@link Double#toString} writes it, with integers while the value is below 10^7, where
     * the two agree (checked once for every such value; the test checks the first million and the edge): formatting
     * a double costs more than the rest of this rubric's reason.
     */
    static String oneDecimal(long tenths) {
        return tenths >= 0 && tenths < 100_000_000 ? tenths / 10 + "." + tenths % 10 : String.valueOf(tenths / 10.0);
    }

    private static String tooMuch(CallFacts facts, int turn) {
        TurnText t = facts.text[turn];
        int asked = facts.callerTurnBefore(turn);
        int askedBefore = asked < 0 ? -1 : facts.callerTurnBefore(asked);
        // "walk me through it" ... "go ahead": the request may be one caller turn back
        boolean detailAsked = (asked >= 0 && facts.text[asked].has(Cue.DETAIL_REQUEST))
                || (askedBefore >= 0 && facts.text[askedBefore].has(Cue.DETAIL_REQUEST));
        int limit = detailAsked ? MAX_WORDS_WHEN_ASKED : MAX_WORDS_PER_TURN;
        if (t.words > limit) {
            return "reply of " + t.words + " words (max " + limit + ")";
        }
        if (repeatsSentence(facts, turn) || facts.verbatimCount(turn) >= HelpfulnessEvaluator.LOOP_OCCURRENCES) {
            return "repeats a sentence already said";
        }
        if (!detailAsked && t.longTokens >= MAX_LONG_TOKENS_UNASKED) {
            return "reads out " + t.longTokens + " long identifiers unasked";
        }
        if (!detailAsked && t.listItems >= MAX_LIST_ITEMS_UNASKED) {
            return "reads out a list of " + t.listItems + " items unasked";
        }
        return null;
    }

    /**
     * Whether a sentence (or six-word run) of agent turn {@code turn} was said before, in it or in an earlier agent
     * turn. A bit per hash (its top six bits) marks what was said: a hash whose bit is clear is surely new, and is
     * not searched for.
     */
    private static boolean repeatsSentence(CallFacts facts, int turn) {
        long[] mine = facts.text[turn].sentences;
        long earlier = 0;
        for (int a : facts.agentTurns) {
            if (a >= turn) {
                break;
            }
            for (long said : facts.text[a].sentences) {
                earlier |= bit(said);
            }
        }
        long before = 0;
        for (int i = 0; i < mine.length; i++) {
            long bit = bit(mine[i]);
            if ((before & bit) != 0) {
                for (int j = 0; j < i; j++) {
                    if (mine[i] == mine[j]) {
                        return true;
                    }
                }
            }
            if ((earlier & bit) != 0) {
                for (int a : facts.agentTurns) {
                    if (a >= turn) {
                        break;
                    }
                    if (TurnText.contains(facts.text[a].sentences, mine[i])) {
                        return true;
                    }
                }
            }
            before |= bit;
        }
        return false;
    }

    private static long bit(long hash) {
        return 1L << (hash >>> 58);
    }
}
