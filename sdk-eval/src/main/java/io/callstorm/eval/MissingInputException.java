package io.callstorm.eval;

import java.util.List;
import java.util.stream.Collectors;

/** An evaluation was asked of inputs that lack what its template requires; the message names each one. */
public final class MissingInputException extends IllegalArgumentException {
    private final List<InputKey<?>> missing;

    public MissingInputException(String rubric, List<InputKey<?>> missing) {
        super(rubric + " needs input " + missing.stream()
                .map(k -> k.name() + " (" + k.typeName() + ": " + k.description() + ")")
                .collect(Collectors.joining(", ")));
        this.missing = List.copyOf(missing);
    }

    /** The keys that were missing. */
    public List<InputKey<?>> missing() {
        return missing;
    }
}
