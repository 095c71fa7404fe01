package io.callstorm.core.transcript;

import java.util.List;
import java.util.stream.Stream;

/**
 * The turns of one conversation, in order.
 *
 * @param turns every turn, caller and agent
 */
public record Transcript(List<TranscriptTurn> turns) {
    public Transcript {
        turns = List.copyOf(turns);
    }

    public static Transcript of(List<TranscriptTurn> turns) {
        return new Transcript(turns);
    }

    public List<TranscriptTurn> agentTurns() {
        return turns.stream().filter(t -> t.speaker() == Speaker.AGENT).toList();
    }

    public List<TranscriptTurn> callerTurns() {
        return turns.stream().filter(t -> t.speaker() == Speaker.CALLER).toList();
    }

    /** Every tool call the agent made, in order. */
    public Stream<ToolCall> toolCalls() {
        return turns.stream().flatMap(t -> t.toolCalls().stream());
    }
}
