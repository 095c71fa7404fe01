package io.callstorm.history;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which runs of the history a new run is compared with: {@code last} (the newest run of the same simulation),
 * {@code rolling:7d} (the median of each figure over the runs of the same simulation in the last 7 days; {@code h},
 * {@code d} and {@code w} are the units) or {@code tag:NAME} (the newest run of the same simulation tagged
 * {@code release=NAME}; {@code tag:KEY=VALUE} for another tag).
 *
 * <pre>{@code
 * BaselineSpec spec = BaselineSpec.parse("rolling:7d").orElseThrow();
 * }</pre>
 */
public final class BaselineSpec {
    /** What the spec selects. */
    public enum Kind { LAST, ROLLING, TAG }

    /** The longest window: a year of runs is more than a median needs. */
    public static final Duration MAX_WINDOW = Duration.ofDays(366);

    private static final Pattern ROLLING = Pattern.compile("rolling:(\\d{1,6})([hdw])");

    private final Kind kind;
    private final Duration window;
    private final String tagKey;
    private final String tagValue;
    private final String text;

    private BaselineSpec(Kind kind, Duration window, String tagKey, String tagValue, String text) {
        this.kind = kind;
        this.window = window;
        this.tagKey = tagKey;
        this.tagValue = tagValue;
        this.text = text;
    }

    /** Whether {@code text} is meant as a history baseline (rather than, say, the path of a report.json). */
    public static boolean looksLikeSpec(String text) {
        return text.equals("last") || text.startsWith("rolling:") || text.startsWith("tag:");
    }

    /**
     * Reads a spec.
     *
     * @return the spec, or empty when {@code text} is none; {@link #problemWith} says why
     */
    public static Optional<BaselineSpec> parse(String text) {
        return problemWith(text).isPresent() ? Optional.empty() : Optional.of(read(text));
    }

    /** Why {@code text} is no spec, or empty when it is one. */
    public static Optional<String> problemWith(String text) {
        if (text == null) {
            return Optional.of("must be last, rolling:DURATION (e.g. rolling:7d) or tag:NAME, was null");
        }
        if (text.equals("last")) {
            return Optional.empty();
        }
        if (text.startsWith("rolling:")) {
            Matcher m = ROLLING.matcher(text);
            if (!m.matches()) {
                return Optional.of("a rolling window is a whole number of hours, days or weeks, e.g. rolling:7d, "
                        + "rolling:36h, rolling:2w; was \"" + text + '"');
            }
            Duration w = window(m);
            return w.isZero() || w.compareTo(MAX_WINDOW) > 0
                    ? Optional.of("the rolling window must be more than 0 and at most 366 days, was " + text)
                    : Optional.empty();
        }
        if (text.startsWith("tag:")) {
            String tag = text.substring(4);
            int eq = tag.indexOf('=');
            return eq < 0 ? RunTags.problemWith(RunTags.RELEASE, tag).map(p -> "tag:NAME: " + p)
                    : RunTags.problemWith(tag.substring(0, eq), tag.substring(eq + 1)).map(p -> "tag:KEY=VALUE: " + p);
        }
        return Optional.of("must be last, rolling:DURATION (e.g. rolling:7d) or tag:NAME, was \"" + text + '"');
    }

    private static BaselineSpec read(String text) {
        if (text.equals("last")) {
            return new BaselineSpec(Kind.LAST, Duration.ZERO, "", "", text);
        }
        if (text.startsWith("rolling:")) {
            Matcher m = ROLLING.matcher(text);
            m.matches();
            return new BaselineSpec(Kind.ROLLING, window(m), "", "", text);
        }
        String tag = text.substring(4);
        int eq = tag.indexOf('=');
        return eq < 0 ? new BaselineSpec(Kind.TAG, Duration.ZERO, RunTags.RELEASE, tag, text)
                : new BaselineSpec(Kind.TAG, Duration.ZERO, tag.substring(0, eq), tag.substring(eq + 1), text);
    }

    private static Duration window(Matcher m) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    public Kind kind() {
        return kind;
    }

    /** The window of {@link Kind#ROLLING}; zero for the others. */
    public Duration window() {
        return window;
    }

    /** The tag of {@link Kind#TAG}; empty strings for the others. */
    public String tagKey() {
        return tagKey;
    }

    public String tagValue() {
        return tagValue;
    }

    /** The spec as written, e.g. {@code rolling:7d}. */
    @Override
    public String toString() {
        return text;
    }
}
