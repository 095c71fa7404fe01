package io.callstorm.eval.transcripts;

import io.callstorm.core.Conversation;
import io.callstorm.core.Outcome;
import io.callstorm.eval.EvalInput;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One good line of a transcript file: the conversation it holds, and what the line stated about it.
 *
 * <p>A conversation needs an expected outcome and expected tool calls ({@link Conversation}'s ground truth). A line
 * that states none gets stand-ins in {@link #conversation()} ({@link Outcome#UNRESOLVED}, no tool calls), and
 * {@link #input()} leaves out the matching {@link Expectations} key, so that a rubric that needs the expectation,
 * guarded by {@link Expectations#guard(java.util.List)}, reports an error ("needs input expected_outcome") rather
 * than judging against the stand-in.
 *
 * @param line              1-based line number in the file
 * @param format            how the line wrote the conversation
 * @param conversation      the conversation, with stand-ins for expectations the line did not state
 * @param expectedOutcome   the line's {@code expectedOutcome}, if it stated one
 * @param expectedToolCalls the line's {@code expectedToolCalls}, if it stated them (an empty list is a statement:
 *                          no tool call is needed)
 * @param labels            a reviewer's verdict per rubric, from the line's {@code labels} object; empty when none
 */
public record ConversationLine(long line, LineFormat format, Conversation conversation,
                               Optional<Outcome> expectedOutcome, Optional<List<String>> expectedToolCalls,
                               Map<String, Boolean> labels) {
    public ConversationLine {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(expectedOutcome, "expectedOutcome");
        expectedToolCalls = Objects.requireNonNull(expectedToolCalls, "expectedToolCalls").map(List::copyOf);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** The call id: the line's {@code callId} (or {@code id}), else {@code line-<n>}. */
    public String callId() {
        return conversation.callId();
    }

    /**
     * What evaluators score: the conversation, plus {@link Expectations#EXPECTED_OUTCOME} and
     * {@link Expectations#EXPECTED_TOOL_CALLS} when the line stated them.
     */
    public EvalInput input() {
        EvalInput.Builder b = EvalInput.builder().conversation(conversation);
        expectedOutcome.ifPresent(o -> b.put(Expectations.EXPECTED_OUTCOME, o));
        expectedToolCalls.ifPresent(t -> b.put(Expectations.EXPECTED_TOOL_CALLS, t));
        return b.build();
    }
}
