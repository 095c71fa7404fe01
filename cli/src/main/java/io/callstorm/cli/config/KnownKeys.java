package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.validation.ProblemCollector;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The keys a mapping of the file may hold; any other is a problem naming the nearest known key, so that a
 * {@code firstTokenTimeout} is answered with "did you mean firstAudioTimeout?".
 */
final class KnownKeys {
    private KnownKeys() {
    }

    /** Adds a problem for each key of {@code node} (a mapping at {@code at}) that {@code allowed} does not hold. */
    static void check(JsonNode node, String at, List<String> allowed, ProblemCollector p) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                p.add(at.isEmpty() ? key : at + "." + key, "is not a known key"
                        + nearest(key, allowed).map(k -> "; did you mean " + k + "?").orElse("")
                        + " allowed: " + String.join(", ", allowed));
            }
        }
    }

    /**
     * Whether {@code node} is a mapping, adding a problem that says what {@code shape} it must have when it is not,
     * and one for each key {@code allowed} does not hold when it is.
     */
    static boolean mapping(JsonNode node, String at, List<String> allowed, String shape, ProblemCollector p) {
        if (!p.check(node.isObject(), at, "must be " + shape)) {
            return false;
        }
        check(node, at, allowed, p);
        return true;
    }

    /** The known word nearest {@code word}, when it is near enough to be what was meant. */
    static Optional<String> nearest(String word, Collection<String> known) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(w, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        // one edit in three: firstTokenTimeout -> firstAudioTimeout (5 of 17), holds -> hold, ramp_to -> rampTo
        return best != null && bestDistance <= Math.max(2, Math.max(w.length(), best.length()) / 3)
                ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance; keys are short, so the quadratic table is cheap. */
    private static int distance(String a, String b) {
        if (a.length() > 200 || b.length() > 200) {
            return Integer.MAX_VALUE; // a key that long is no typo
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
