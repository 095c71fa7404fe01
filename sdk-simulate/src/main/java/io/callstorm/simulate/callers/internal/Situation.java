package io.callstorm.simulate.callers.internal;

import io.callstorm.core.scenario.ScenarioRow;
import io.callstorm.core.transcript.Speaker;
import io.callstorm.core.transcript.TranscriptTurn;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The cache key of an improvised turn: who calls (persona), on which path, at which step, asking again or not, after
 * which conversation. The conversation is normalized so that callers whose calls differ only in their row's facts or
 * in numbers (account, ticket, amounts) are in the same situation: the row's account number is masked as its
 * placeholder (its path's other facts too), every run of digits becomes {@code #}, and runs of white space one space. Not API.
 *
 * @param personaId the persona's id
 * @param pathId    the path's id
 * @param step      the step's index
 * @param reAsk     whether the caller asks the step again
 * @param history   the normalized conversation, one line per turn
 */
public record Situation(String personaId, String pathId, int step, boolean reAsk, String history) {
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    /** The situation of {@code row}'s caller at {@code step} after {@code turns}. */
    public static Situation of(ScenarioRow row, int step, boolean reAsk, List<TranscriptTurn> turns) {
        StringBuilder b = new StringBuilder();
        for (TranscriptTurn t : turns) {
            String text = CallerPrompts.masked(row, t.text());
            text = SPACE.matcher(DIGITS.matcher(text).replaceAll("#")).replaceAll(" ").strip();
            b.append(t.speaker() == Speaker.CALLER ? 'C' : 'A').append(':').append(text).append('\n');
        }
        return new Situation(row.persona().id(), row.path().id(), step, reAsk, b.toString());
    }
}
