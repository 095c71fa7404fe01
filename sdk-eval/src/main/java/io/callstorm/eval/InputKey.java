package io.callstorm.eval;

import io.callstorm.core.Conversation;
import io.callstorm.eval.audio.PcmAudio;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named, typed input an evaluator needs. Templates list their {@linkplain
 * io.callstorm.eval.template.RubricTemplate#requiredInputs() required inputs} as keys, an {@link EvalInput}
 * holds values by key, and an evaluator whose input is missing returns an {@linkplain EvalResult#error error}
 * naming the key, rather than guessing.
 *
 * <pre>{@code
 * InputKey<String> ticketId = InputKey.of("ticket_id", String.class, "the ticket the agent should file");
 * EvalInput input = EvalInput.builder().conversation(c).put(ticketId, "TK-12").build();
 * }</pre>
 *
 * @param name        snake_case name, also the placeholder in a judge prompt ({@code {{name}}})
 * @param type        the value's class; values are checked against it when put
 * @param description what the value is, shown by {@code callstorm templates}
 * @param <T>         the value's type
 */
public record InputKey<T>(String name, Class<?> type, String description) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** The finished conversation: transcript, expected outcome and tool calls, call status. */
    public static final InputKey<Conversation> CONVERSATION = of("conversation", Conversation.class,
            "the finished conversation: transcript, expected outcome and tool calls, call status");

    /** What the caller was scripted to say, one entry per caller turn. */
    public static final InputKey<List<String>> SCRIPTED_UTTERANCES = list("scripted_utterances",
            "what the simulated caller was scripted to say, one entry per caller turn");

    /** What the agent's speech-to-text heard the caller say, one entry per caller turn. */
    public static final InputKey<List<String>> RECOGNIZED_UTTERANCES = list("recognized_utterances",
            "the agent's transcript of the caller's speech (its STT output), one entry per caller turn");

    /** The audio the agent sent to the caller, as 16-bit PCM. */
    public static final InputKey<PcmAudio> AGENT_AUDIO = of("agent_audio", PcmAudio.class,
            "the agent's audio as the caller heard it, 16-bit PCM with its sample rate");

    public InputKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("input name must be snake_case (a-z, 0-9, _), was \"" + name + "\"");
        }
    }

    /** A key for values of a plain class. */
    public static <T> InputKey<T> of(String name, Class<T> type, String description) {
        return new InputKey<>(name, type, description);
    }

    /** A key for a list of strings. */
    public static InputKey<List<String>> list(String name, String description) {
        return new InputKey<>(name, List.class, description);
    }

    /** The type as a reader would write it, e.g. {@code List<String>}. */
    public String typeName() {
        return type == List.class ? "List<String>" : type.getSimpleName();
    }

    @SuppressWarnings("unchecked")
    T cast(Object value) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("input " + name + " must be a " + typeName() + ", was a "
                    + value.getClass().getSimpleName());
        }
        if (type == List.class) {
            for (Object element : (List<?>) value) {
                if (!(element instanceof String)) {
                    throw new IllegalArgumentException("input " + name + " must be a List<String>, has a "
                            + (element == null ? "null" : element.getClass().getSimpleName()) + " element");
                }
            }
            return (T) List.copyOf((List<?>) value);
        }
        return (T) value;
    }

    @Override
    public String toString() {
        return name;
    }
}
