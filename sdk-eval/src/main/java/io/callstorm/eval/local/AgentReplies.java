package io.callstorm.eval.local;

import io.callstorm.core.Conversation;
import io.callstorm.core.transcript.TranscriptTurn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** What the local evaluators share about the agent's side of a transcript. */
final class AgentReplies {
    /** How often the same reply may occur verbatim before it counts as a loop. */
    static final int MAX_VERBATIM_OCCURRENCES = 2;

    private static final int QUOTE_CHARS = 60;

    private AgentReplies() {
    }

    static List<TranscriptTurn> of(Conversation conversation) {
        return conversation.transcript().agentTurns();
    }

    static Optional<TranscriptTurn> last(Conversation conversation) {
        List<TranscriptTurn> replies = of(conversation);
        return replies.isEmpty() ? Optional.empty() : Optional.of(replies.get(replies.size() - 1));
    }

    /**
     * The index of {@code turn} in {@code conversation.transcript().turns()} (the same instance, as
     * {@link #of} returns it), or empty when it is not one of them.
     */
    static OptionalInt indexOf(Conversation conversation, TranscriptTurn turn) {
        List<TranscriptTurn> turns = conversation.transcript().turns();
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i) == turn) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** The index of the agent's last turn in the transcript, or empty when the agent never spoke. */
    static OptionalInt lastIndex(Conversation conversation) {
        return last(conversation).map(t -> indexOf(conversation, t)).orElse(OptionalInt.empty());
    }

    /** How often each reply occurs, keyed by its trimmed, lower-cased text, in first-seen order. */
    static Map<String, Integer> occurrences(List<TranscriptTurn> replies) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        replies.forEach(r -> counts.merge(normalized(r), 1, Integer::sum));
        return counts;
    }

    /** Whether a reply is one the agent says more than {@link #MAX_VERBATIM_OCCURRENCES} times. */
    static boolean isLoop(TranscriptTurn reply, Map<String, Integer> occurrences) {
        return occurrences.getOrDefault(normalized(reply), 0) > MAX_VERBATIM_OCCURRENCES;
    }

    /** A reply shortened to fit a one-line reason. */
    static String quote(String text) {
        String t = text.strip();
        return "\"" + (t.length() <= QUOTE_CHARS ? t : t.substring(0, QUOTE_CHARS - 3) + "...") + "\"";
    }

    static String normalized(TranscriptTurn reply) {
        return reply.text().strip().toLowerCase(Locale.ROOT);
    }
}
