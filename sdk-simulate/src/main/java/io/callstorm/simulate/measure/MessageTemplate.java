package io.callstorm.simulate.measure;

import java.util.regex.Pattern;

/**
 * An error message with its numbers and ids masked, so that messages that differ only there share one template:
 * what names an {@code other:} error cluster, and what tells two ways of failing apart when the recorder keeps
 * examples of each. Here, below both, so that the two read one template.
 */
public final class MessageTemplate {
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    /** A token that mixes letters and digits: {@code AC-12345}, {@code call-17}, {@code a1b2c3}, {@code us-east-1}. */
    private static final Pattern ID = Pattern.compile(
            "\\b(?=[A-Za-z0-9_-]*[A-Za-z])(?=[A-Za-z0-9_-]*\\d)[A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9]\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    private MessageTemplate() {
    }

    /** {@code message} with UUIDs and ids as {@code <id>} and numbers as {@code <n>}. */
    public static String of(String message) {
        String m = UUID.matcher(message).replaceAll("<id>");
        m = ID.matcher(m).replaceAll("<id>");
        return NUMBER.matcher(m).replaceAll("<n>");
    }
}
