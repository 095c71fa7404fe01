package io.callstorm.eval.audio;

import java.util.List;
import java.util.Locale;

/**
 * Word error rate: the fewest word substitutions, deletions and insertions that turn the reference into the
 * hypothesis, divided by the number of reference words. Both texts are {@linkplain TranscriptNormalizer
 * normalized} first. 0 is a perfect transcript; the rate can exceed 1 when the hypothesis adds many words.
 *
 * <pre>{@code
 * WordErrorRate wer = WordErrorRate.of("My account is AC-10423.", "my account is a c one zero four two three");
 * wer.rate();   // errors / reference words
 * }</pre>
 *
 * @param errors         substitutions + deletions + insertions
 * @param referenceWords words in the normalized reference
 */
public record WordErrorRate(int errors, int referenceWords) {
    public WordErrorRate {
        if (errors < 0 || referenceWords < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }

    /** The error rate between a reference text and what was recognized. */
    public static WordErrorRate of(String reference, String hypothesis) {
        return between(TranscriptNormalizer.words(reference), TranscriptNormalizer.words(hypothesis));
    }

    /** The error rate between already normalized word lists. */
    public static WordErrorRate between(List<String> reference, List<String> hypothesis) {
        int m = reference.size();
        int n = hypothesis.size();
        int[] prev = new int[n + 1];
        int[] cur = new int[n + 1];
        for (int j = 0; j <= n; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= m; i++) {
            cur[0] = i;
            String r = reference.get(i - 1);
            for (int j = 1; j <= n; j++) {
                int substitute = prev[j - 1] + (r.equals(hypothesis.get(j - 1)) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return new WordErrorRate(prev[n], m);
    }

    /** The sum of two counts, for a rate over several turns. */
    public WordErrorRate plus(WordErrorRate other) {
        return new WordErrorRate(errors + other.errors, referenceWords + other.referenceWords);
    }

    /**
     * Errors per reference word. With an empty reference: 0 when nothing was recognized either, else 1 (every
     * recognized word is an error and there is nothing to divide by).
     */
    public double rate() {
        if (referenceWords == 0) {
            return errors == 0 ? 0.0 : 1.0;
        }
        return (double) errors / referenceWords;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "WER %.1f%% (%d errors in %d words)", rate() * 100, errors, referenceWords);
    }
}
