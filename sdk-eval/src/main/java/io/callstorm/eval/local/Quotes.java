package io.callstorm.eval.local;

/** Turns quoted in a one-line reason. */
final class Quotes {
    private static final int QUOTE_CHARS = 60;

    private Quotes() {
    }

    /** A turn's text shortened to fit a one-line reason. */
    static String quote(String text) {
        String t = text.strip();
        return "\"" + (t.length() <= QUOTE_CHARS ? t : t.substring(0, QUOTE_CHARS - 3) + "...") + "\"";
    }
}
