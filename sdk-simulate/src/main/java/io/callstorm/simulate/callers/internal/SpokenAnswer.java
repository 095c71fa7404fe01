package io.callstorm.simulate.callers.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model's answer made into a caller's words, or refused: the answer must be what a caller says next, not a
 * transcript, a refusal or an essay. Speaker labels and wrapping quotes are taken off; an answer that is empty, was
 * cut at its token limit, runs past the length of a phone turn, plays the agent, or leaves placeholders other than
 * the row's facts is unusable. Not API.
 */
public final class SpokenAnswer {
    /** An answer longer than this (characters) is not a phone turn; {@value} is well over 40 words of any script. */
    static final int MAX_CHARS = 600;
    private static final Pattern LABEL = Pattern.compile("^(?i)(caller|you|customer|user)\\s*:\\s*");
    private static final Pattern OUT_OF_ROLE = Pattern.compile(
            "(?i)(^|\\n)\\s*(agent|assistant)\\s*:|as an ai\\b|language model|i am an ai|i'm an ai");

    private SpokenAnswer() {
    }

    /**
     * The words to say, with the facts' placeholders still in, or empty when the answer is unusable.
     *
     * @param truncated whether the model stopped at its token limit
     * @param facts     the names of the facts whose placeholders the answer may hold
     */
    public static Optional<String> of(String text, boolean truncated, java.util.Set<String> facts) {
        if (truncated || text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        t = LABEL.matcher(t).replaceFirst("").strip();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("“") && t.endsWith("”"))) {
            t = t.substring(1, t.length() - 1).strip();
        }
        if (OUT_OF_ROLE.matcher(t).find()) {
            return Optional.empty();
        }
        t = t.replace('\n', ' ').replaceAll("\\s+", " ");
        if (t.isEmpty() || t.length() > MAX_CHARS) {
            return Optional.empty();
        }
        String withoutFacts = t;
        for (String fact : facts) {
            withoutFacts = withoutFacts.replace("{" + fact + "}", "");
        }
        if (withoutFacts.contains("{") || withoutFacts.contains("}")
                || withoutFacts.toLowerCase(Locale.ROOT).contains("account}")) {
            return Optional.empty(); // a placeholder it made up or mangled would be read out as written
        }
        return Optional.of(t);
    }
}
