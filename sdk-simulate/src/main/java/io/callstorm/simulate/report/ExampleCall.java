package io.callstorm.simulate.report;

import java.util.List;
import java.util.Optional;

/**
 * A failed call shown as an example of its error cluster, with the end of its transcript, so that a reader sees
 * what was said before it failed without opening {@code calls.jsonl}. Bounded: the last {@value #MAX_TURNS} turns,
 * each clipped to {@value #TEXT_CHARS} characters.
 *
 * @param callId         the call, as in {@code calls.jsonl}
 * @param persona        its persona id
 * @param path           its scenario path id
 * @param status         how it ended: {@code FAILED}, {@code TIMED_OUT} or {@code HUNG_UP}
 * @param endedAtSeconds when it ended, seconds after the run started (to the millisecond)
 * @param concurrency    in force when its error happened
 * @param error          the error that ended it: kind, status, stage, the wait that ran out, and its message
 *                       unmasked (clipped); empty when none was recorded
 * @param turns          its last turns, in order
 * @param turnsOmitted   earlier turns left out ({@code turns} start at turn {@code turnsOmitted})
 */
public record ExampleCall(String callId, String persona, String path, String status, double endedAtSeconds,
                          int concurrency, String error, List<Turn> turns, int turnsOmitted) {
    /** Turns kept of a call: the last ones, where it failed. */
    public static final int MAX_TURNS = 12;
    /** Characters kept of a turn's text (and of the error). */
    public static final int TEXT_CHARS = 300;

    public ExampleCall {
        persona = persona == null ? "" : persona;
        path = path == null ? "" : path;
        status = status == null ? "" : status;
        error = error == null ? "" : error;
        turns = turns == null ? List.of() : List.copyOf(turns);
    }

    /**
     * One turn of the call.
     *
     * @param index   the 0-based turn in {@code calls.jsonl} (caller and agent turns counted)
     * @param speaker {@code CALLER} or {@code AGENT}
     * @param atMs    offset from the call's start
     * @param text    what was said, clipped to {@value #TEXT_CHARS} characters
     * @param gapMs   for an agent turn: end of the caller's turn to first audio
     */
    public record Turn(int index, String speaker, long atMs, String text, Optional<Double> gapMs) {
        public Turn {
            speaker = speaker == null ? "" : speaker;
            text = text == null ? "" : text;
            gapMs = gapMs == null ? Optional.empty() : gapMs;
        }
    }
}
