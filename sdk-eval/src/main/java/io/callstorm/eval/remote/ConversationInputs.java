package io.callstorm.eval.remote;

import io.callstorm.core.Conversation;
import io.callstorm.core.transcript.TranscriptTurn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a conversation into the {@code inputs} of a remote evaluation. The {@linkplain #standard() standard}
 * mapping fits the service's conversational templates; give your own to
 * {@link RemoteEvaluator.Builder#conversationInputs} when a template needs other keys.
 */
@FunctionalInterface
public interface ConversationInputs {
    /** The inputs for one conversation. */
    Map<String, Object> inputs(Conversation conversation);

    /**
     * {@code input}: the caller's turns, one per line; {@code output}: the agent's turns, one per line;
     * {@code conversation}: the whole transcript, one {@code CALLER: ...} / {@code AGENT: ...} line per turn.
     */
    static ConversationInputs standard() {
        return conversation -> {
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("input", conversation.transcript().callerTurns().stream().map(TranscriptTurn::text)
                    .collect(Collectors.joining("\n")));
            inputs.put("output", conversation.transcript().agentTurns().stream().map(TranscriptTurn::text)
                    .collect(Collectors.joining("\n")));
            inputs.put("conversation", conversation.transcript().turns().stream()
                    .map(t -> t.speaker().name() + ": " + t.text())
                    .collect(Collectors.joining("\n")));
            return inputs;
        };
    }
}
