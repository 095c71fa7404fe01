package io.callstorm.simulate.measure;

import io.callstorm.simulate.report.ExampleCall;

/** What the report keeps of a text it quotes from a call (a turn, an error): its first few hundred characters. */
final class Excerpts {
    /** Characters kept of a quoted text: the examples of failed verdicts and of failed calls keep as many. */
    static final int CHARS = ExampleCall.TEXT_CHARS;

    private Excerpts() {
    }

    /** {@code text} stripped, and cut to {@link #CHARS} characters with {@code ...} when longer. */
    static String clip(String text) {
        String t = text == null ? "" : text.strip();
        return t.length() <= CHARS ? t : t.substring(0, CHARS - 3) + "...";
    }
}
