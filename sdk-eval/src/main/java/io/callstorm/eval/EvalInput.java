package io.callstorm.eval;

import io.callstorm.core.Conversation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one evaluation may look at: usually just the {@link Conversation}, sometimes more, such as the
 * agent's audio or its speech-to-text output. Values are held by {@link InputKey} and checked against the
 * key's type when put. Immutable.
 *
 * <pre>{@code
 * EvalInput input = EvalInput.builder()
 *     .conversation(conversation)
 *     .put(InputKey.SCRIPTED_UTTERANCES, EvalInput.callerUtterances(conversation))
 *     .put(InputKey.RECOGNIZED_UTTERANCES, sttOutput)
 *     .build();
 * EvalResult wer = LocalEvaluators.forRubric(Rubrics.AUDIO_TRANSCRIPTION).orElseThrow().evaluate(input);
 * }</pre>
 */
public final class EvalInput {
    private final Map<String, Object> values;

    private EvalInput(Map<String, Object> values) {
        this.values = values;
    }

    /** Input holding only a conversation, which is all the five core rubrics need. */
    public static EvalInput of(Conversation conversation) {
        return builder().conversation(conversation).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The text of each caller turn, in order: what a simulated caller was scripted to say. */
    public static List<String> callerUtterances(Conversation conversation) {
        return conversation.transcript().callerTurns().stream().map(t -> t.text()).toList();
    }

    /** The value for a key, if present. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> get(InputKey<T> key) {
        return Optional.ofNullable((T) values.get(key.name()));
    }

    /** The value for a key. */
    public <T> T require(String rubric, InputKey<T> key) {
        return get(key).orElseThrow(() -> new MissingInputException(rubric, List.of(key)));
    }

    /** The conversation, if present. */
    public Optional<Conversation> conversation() {
        return get(InputKey.CONVERSATION);
    }

    /** Whether a value is present for a key. */
    public boolean has(InputKey<?> key) {
        return values.containsKey(key.name());
    }

    /** The keys among {@code required} that have no value, in their order. */
    public List<InputKey<?>> missing(Collection<InputKey<?>> required) {
        List<InputKey<?>> missing = new ArrayList<>();
        for (InputKey<?> key : required) {
            if (!has(key)) {
                missing.add(key);
            }
        }
        return missing;
    }

    /** Throws {@link MissingInputException} naming every key among {@code required} that has no value. */
    public void requireAll(String rubric, Collection<InputKey<?>> required) {
        List<InputKey<?>> missing = missing(required);
        if (!missing.isEmpty()) {
            throw new MissingInputException(rubric, missing);
        }
    }

    /** Every value by key name, in the order put. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return "EvalInput" + values.keySet();
    }

    /** Collects input values; {@link #build()} may be called more than once. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder conversation(Conversation conversation) {
            return put(InputKey.CONVERSATION, conversation);
        }

        /** Sets a value; throws {@link IllegalArgumentException} when it is not of the key's type. */
        public <T> Builder put(InputKey<T> key, T value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, () -> "value of " + key.name());
            values.put(key.name(), key.cast(value));
            return this;
        }

        public EvalInput build() {
            return new EvalInput(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
