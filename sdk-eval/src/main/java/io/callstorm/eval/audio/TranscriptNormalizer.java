package io.callstorm.eval.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Normalizes text before words are compared, so that a word error rate counts misheard words, not
 * formatting. Both the scripted and the recognized text go through the same steps:
 * <ol>
 *   <li>lower case;</li>
 *   <li>apostrophes dropped ({@code I'm} and {@code im} are one word); a comma between digits dropped
 *       ({@code 10,000} is {@code 10000}); a period between digits kept ({@code 3.5}); every other character
 *       that is not a letter or digit becomes a space, so punctuation and hyphens split words;</li>
 *   <li>numbers as digits: cardinal number words become digits ({@code twenty-three} is {@code 23},
 *       {@code one hundred and five} is {@code 105}, {@code two thousand} is {@code 2000}), and digits spoken
 *       one by one join into one number ({@code one zero four two three} is {@code 10423}, as an account
 *       number is read out). Ordinals ({@code first}) stay words.</li>
 * </ol>
 */
public final class TranscriptNormalizer {
    private static final Map<String, Integer> UNITS = Map.of("zero", 0, "one", 1, "two", 2, "three", 3,
            "four", 4, "five", 5, "six", 6, "seven", 7, "eight", 8, "nine", 9);
    private static final Map<String, Integer> TEENS = Map.of("ten", 10, "eleven", 11, "twelve", 12,
            "thirteen", 13, "fourteen", 14, "fifteen", 15, "sixteen", 16, "seventeen", 17, "eighteen", 18,
            "nineteen", 19);
    private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40,
            "fifty", 50, "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);
    private static final Map<String, Long> BIG = Map.of("thousand", 1_000L, "million", 1_000_000L,
            "billion", 1_000_000_000L);
    private static final String HUNDRED = "hundred";

    private enum Kind { NONE, UNIT, TEEN, TENS, HUNDRED, BIG }

    private TranscriptNormalizer() {
    }

    /** The normalized words of a text, by the rules in the class description. */
    public static List<String> words(String text) {
        List<String> raw = split(text);
        List<String> out = new ArrayList<>(raw.size());
        int i = 0;
        while (i < raw.size()) {
            if (kind(raw.get(i)) == Kind.NONE) {
                out.add(raw.get(i++));
                continue;
            }
            int j = i;
            List<String> run = new ArrayList<>();
            while (j < raw.size()) {
                String w = raw.get(j);
                if (kind(w) != Kind.NONE) {
                    run.add(w);
                    j++;
                } else if (w.equals("and") && !run.isEmpty() && isScale(run.get(run.size() - 1))
                        && j + 1 < raw.size() && isSmall(raw.get(j + 1))) {
                    j++; // "one hundred and five"
                } else {
                    break;
                }
            }
            out.addAll(numbers(run));
            i = j;
        }
        return out;
    }

    /** The normalized text: {@link #words} joined by single spaces. */
    public static String normalize(String text) {
        return String.join(" ", words(text));
    }

    private static List<String> split(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(c);
            } else if (c == '\'' || c == '\u2019') {
                // dropped: joins "i'm" into "im"
            } else if ((c == ',' || c == '.') && i > 0 && i + 1 < t.length()
                    && Character.isDigit(t.charAt(i - 1)) && Character.isDigit(t.charAt(i + 1))) {
                if (c == '.') {
                    b.append(c);
                }
            } else {
                b.append(' ');
            }
        }
        List<String> words = new ArrayList<>();
        for (String w : b.toString().split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static Kind kind(String w) {
        if (UNITS.containsKey(w)) {
            return Kind.UNIT;
        }
        if (TEENS.containsKey(w)) {
            return Kind.TEEN;
        }
        if (TENS.containsKey(w)) {
            return Kind.TENS;
        }
        if (w.equals(HUNDRED)) {
            return Kind.HUNDRED;
        }
        return BIG.containsKey(w) ? Kind.BIG : Kind.NONE;
    }

    private static boolean isScale(String w) {
        Kind k = kind(w);
        return k == Kind.HUNDRED || k == Kind.BIG;
    }

    private static boolean isSmall(String w) {
        Kind k = kind(w);
        return k == Kind.UNIT || k == Kind.TEEN || k == Kind.TENS;
    }

    /** Turns a run of number words into one or more numbers; see the class description. */
    private static List<String> numbers(List<String> run) {
        List<String> out = new ArrayList<>();
        long total = 0;
        long current = 0;
        boolean has = false;
        StringBuilder digits = null; // digits read one by one
        Kind last = Kind.NONE;
        for (String w : run) {
            Kind k = kind(w);
            if (digits != null && k != Kind.UNIT) {
                out.add(digits.toString());
                digits = null;
                total = 0;
                current = 0;
                has = false;
                last = Kind.NONE;
            }
            switch (k) {
                case UNIT -> {
                    int v = UNITS.get(w);
                    if (digits != null) {
                        digits.append(v);
                    } else if (last == Kind.UNIT && total == 0 && current < 10) {
                        digits = new StringBuilder().append(current).append(v);
                    } else {
                        if (last == Kind.TEEN || last == Kind.UNIT) {
                            out.add(Long.toString(total + current));
                            total = 0;
                            current = 0;
                        }
                        current += v;
                    }
                }
                case TEEN, TENS -> {
                    if (last == Kind.UNIT || last == Kind.TEEN || last == Kind.TENS) {
                        out.add(Long.toString(total + current));
                        total = 0;
                        current = 0;
                    }
                    current += k == Kind.TEEN ? TEENS.get(w) : TENS.get(w);
                }
                case HUNDRED -> {
                    if (last == Kind.HUNDRED) {
                        out.add(Long.toString(total + current));
                        total = 0;
                        current = 0;
                    }
                    current = (current == 0 ? 1 : current) * 100;
                }
                case BIG -> {
                    total += (current == 0 ? 1 : current) * BIG.get(w);
                    current = 0;
                }
                default -> throw new IllegalStateException(w);
            }
            has = true;
            last = k;
        }
        if (digits != null) {
            out.add(digits.toString());
        } else if (has) {
            out.add(Long.toString(total + current));
        }
        return out;
    }
}
