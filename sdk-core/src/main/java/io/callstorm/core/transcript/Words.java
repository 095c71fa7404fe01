package io.callstorm.core.transcript;

/** Word counting without regular expressions: it runs for every turn on the harness's hot path. */
public final class Words {
    private Words() {
    }

    /** Number of whitespace-separated words. */
    public static int count(CharSequence text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }
}
