package io.callstorm.core.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One caller step of a scenario path: the caller's intent, what the caller says (one or more phrasings;
 * the row's variation picks one), and the tool calls a correct agent makes in answer.
 *
 * <p>Phrasings may hold the placeholder {@code {account}}, replaced by the row's account number, and {@code {name}}
 * for each fact the path declares ({@link ScenarioPath#callerFacts()}), replaced by the row's value of it.
 *
 * <p>{@code phrasings} are the default, English ones. A step may also say how callers of other languages say it:
 * {@code phrasingsByLanguage} maps a BCP 47 tag ({@code es}, {@code es-ES}, {@code hi-IN}) to that language's
 * phrasings, and a persona of that language says those ({@link #phrasingsFor(String)}).
 *
 * <pre>{@code
 * ScenarioStep identify = ScenarioStep.of("identify", "My account number is {account}.", "get_account_info")
 *     .withPhrasings("es", List.of("Mi número de cuenta es {account}."))
 *     .withPhrasings("hi", List.of("मेरा खाता नंबर {account} है।"));
 * }</pre>
 *
 * @param intent              a short label such as {@code billing_question}
 * @param phrasings           the ways a caller may say it, in English (the default); at least one
 * @param expectedToolCalls   tool names a correct agent calls in answer to this step
 * @param phrasingsByLanguage the ways a caller of another language may say it, by BCP 47 tag; empty for none
 */
public record ScenarioStep(String intent, List<String> phrasings, List<String> expectedToolCalls,
                           Map<String, List<String>> phrasingsByLanguage) {
    public ScenarioStep {
        Objects.requireNonNull(intent, "intent");
        phrasings = List.copyOf(phrasings);
        expectedToolCalls = List.copyOf(expectedToolCalls);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (phrasingsByLanguage != null) {
            phrasingsByLanguage.forEach((tag, list) -> copy.put(Objects.requireNonNull(tag, "language"),
                    List.copyOf(list)));
        }
        phrasingsByLanguage = java.util.Collections.unmodifiableMap(copy);
    }

    /** A step with English phrasings only. */
    public ScenarioStep(String intent, List<String> phrasings, List<String> expectedToolCalls) {
        this(intent, phrasings, expectedToolCalls, Map.of());
    }

    /** A step with one phrasing. */
    public static ScenarioStep of(String intent, String utterance, String... expectedToolCalls) {
        return new ScenarioStep(intent, List.of(utterance), List.of(expectedToolCalls));
    }

    /** A step with several phrasings, picked by the row's variation. */
    public static ScenarioStep of(String intent, List<String> phrasings, String... expectedToolCalls) {
        return new ScenarioStep(intent, phrasings, List.of(expectedToolCalls));
    }

    /** This step, with the phrasings of callers speaking {@code language} (a BCP 47 tag such as {@code es-ES}). */
    public ScenarioStep withPhrasings(String language, List<String> languagePhrasings) {
        Objects.requireNonNull(language, "language");
        Map<String, List<String>> more = new LinkedHashMap<>(phrasingsByLanguage);
        more.put(language, languagePhrasings);
        return new ScenarioStep(intent, phrasings, expectedToolCalls, more);
    }

    /**
     * The phrasings a caller speaking {@code language} says: those of the exact tag ({@code es-ES}), else of its
     * language ({@code es}, or another region's such as {@code es-MX}), else the default English ones.
     */
    public List<String> phrasingsFor(String language) {
        String key = languageKey(language);
        return key.isEmpty() ? phrasings : phrasingsByLanguage.get(key);
    }

    /**
     * Whether {@code language} has phrasings of its own here; false when it falls back to the default ones.
     */
    public boolean hasPhrasingsFor(String language) {
        return !languageKey(language).isEmpty();
    }

    /** The key of {@link #phrasingsByLanguage()} that serves {@code language}, or "" for the default phrasings. */
    private String languageKey(String language) {
        if (language == null || language.isEmpty() || phrasingsByLanguage.isEmpty()) {
            return "";
        }
        String primary = primary(language);
        String sameLanguage = "";
        for (String tag : phrasingsByLanguage.keySet()) {
            if (tag.equalsIgnoreCase(language)) {
                return tag;
            }
            if (sameLanguage.isEmpty() && primary(tag).equals(primary)) {
                sameLanguage = tag;
            }
        }
        return sameLanguage;
    }

    /** The language of a BCP 47 tag without its region or script: {@code es} of {@code es-ES}. */
    static String primary(String tag) {
        int dash = tag.indexOf('-');
        return (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT);
    }
}
