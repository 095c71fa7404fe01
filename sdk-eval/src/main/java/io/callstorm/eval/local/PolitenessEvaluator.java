package io.callstorm.eval.local;

import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Scores {@value Rubrics#IS_POLITE}: was every agent turn free of curtness, sarcasm, condescension, blame and
 * brush-offs?
 *
 * <p>Rule, on the agent's turns only (a rude caller never counts against the agent). A turn is impolite when
 * it blames the caller ("you must have typed it wrong"), talks down ("as I already told you", "it's not that
 * hard"), is sarcastic ("oh great, another one"), scolds ("calm down"), brushes the caller off ("nothing I can
 * do", "take it up with your bank"), is a bare one- or two-word retort ("What?", "No.") or holds a grudging one
 * ("Fine.", "Whatever."), or steers the caller
 * off their goal after they said what they want (a retention pitch to a caller who asked for a person, or a second
 * pitch). Warm words in the
 * same turn do not rescue it: "Sorry, but that's not my department" is a brush-off. Plain factual replies need
 * no courtesy words to be polite.
 * <ul>
 *   <li>passes iff no agent turn is impolite;</li>
 *   <li>score = share of agent turns that are not impolite;</li>
 *   <li>no agent turns: fails with score 0, as there is nothing to judge.</li>
 * </ul>
 * Failing turn: the first impolite agent turn.
 */
public final class PolitenessEvaluator implements Evaluator {
    /** Bare replies that are retorts rather than answers. */
    private static final Set<String> CURT = Set.of("what", "no", "nope", "fine", "whatever", "next", "so",
            "and", "huh", "ok and", "okay and", "so what", "what now", "anything else", "call ended",
            "state your question", "next caller", "yeah yeah", "sure sure");

    @Override
    public String rubric() {
        return Rubrics.IS_POLITE;
    }

    @Override
    public EvalResult evaluate(Conversation conversation) {
        CallFacts facts = CallFacts.of(conversation);
        if (!facts.hasAgentTurns()) {
            return new EvalResult(rubric(), false, 0.0, "no agent turns to judge");
        }
        int impolite = 0;
        int first = -1;
        String firstWhy = "";
        for (int turn : facts.agentTurns) {
            String why = impolite(facts, turn);
            if (why != null) {
                impolite++;
                if (first < 0) {
                    first = turn;
                    firstWhy = why;
                }
            }
        }
        int replies = facts.agentTurns.length;
        if (impolite == 0) {
            return new EvalResult(rubric(), true, 1.0, "none of " + replies + " agent turns impolite");
        }
        return new EvalResult(rubric(), false, 1.0 - (double) impolite / replies,
                impolite + " of " + replies + " agent turns impolite, first " + firstWhy + ": "
                        + Quotes.quote(facts.turns.get(first).text()), OptionalInt.of(first));
    }

    /** What makes an agent turn impolite, or null. */
    static String impolite(CallFacts facts, int turn) {
        TurnText t = facts.text[turn];
        if (t.has(Cue.BLAME)) {
            return "blames the caller";
        }
        if (t.has(Cue.CONDESCEND)) {
            return "talks down";
        }
        if (t.has(Cue.SARCASM)) {
            return "sarcastic";
        }
        if (t.has(Cue.SCOLD)) {
            return "scolds";
        }
        if (t.has(Cue.DISMISS)) {
            return "brushes the caller off";
        }
        if (t.has(Cue.GRUDGING)) {
            return "grudging";
        }
        if (t.words <= 2 && CURT.contains(bare(facts.turns.get(turn).text()))) {
            return "curt";
        }
        if (t.curtSentences > 0) {
            return "grudging";
        }
        if (t.has(Cue.PUSH_OFF) && (pushedOffBefore(facts, turn) || callerAskedForAPersonBefore(facts, turn))) {
            return "ignores what the caller asked, again";
        }
        return null;
    }

    private static boolean callerAskedForAPersonBefore(CallFacts facts, int turn) {
        for (int i = 0; i < turn; i++) {
            if (!facts.isAgent(i) && facts.text[i].has(Cue.WANTS_HUMAN)) {
                return true;
            }
        }
        return false;
    }

    private static boolean pushedOffBefore(CallFacts facts, int turn) {
        for (int a : facts.agentTurns) {
            if (a >= turn) {
                return false;
            }
            if (facts.text[a].has(Cue.PUSH_OFF)) {
                return true;
            }
        }
        return false;
    }

    private static String bare(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c) || c == ' ') {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString().strip().toLowerCase(Locale.ROOT);
    }
}
