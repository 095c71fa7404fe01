package io.callstorm.core.validation;

import java.util.Objects;

/**
 * One thing wrong with a configuration: where it is (a field path such as {@code personas[3].speakingRateWpm})
 * and what is allowed there.
 *
 * @param path    the field path, dotted, with list indexes in brackets
 * @param message what is wrong and what would be accepted
 */
public record Problem(String path, String message) {
    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
