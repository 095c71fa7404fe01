package io.callstorm.reference;

import io.callstorm.core.validation.ProblemCollector;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The quick fixes of the reference agent, one per failure mechanism, named as on the command line
 * ({@code --fix stt-failover,prompt-trim}).
 */
public enum Fix {
    /** Streams beyond the primary STT region's capacity go to a second region. */
    STT_FAILOVER("stt-failover"),
    /** The system prompt loses 600 tokens, so more conversations fit in the prompt cache and the token budget. */
    PROMPT_TRIM("prompt-trim"),
    /** A timed-out tool call is retried once after a 500 ms backoff instead of falling back at once. */
    TOOL_RETRY("tool-retry"),
    /** The TTS streaming connection pool grows from 5,000 to 12,000 connections. */
    TTS_POOL("tts-pool"),
    /** Older turns are summarized instead of dropped when a conversation outgrows the context window. */
    SUMMARIZE("summarize");

    private final String cliName;

    Fix(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in reports. */
    public String cliName() {
        return cliName;
    }

    public static Optional<Fix> fromCliName(String name) {
        return Arrays.stream(values()).filter(f -> f.cliName.equals(name)).findFirst();
    }

    /**
     * The fixes named in {@code names} (blanks skipped); each unknown name is reported under {@code path}, with the
     * names allowed.
     */
    public static Set<Fix> fromCliNames(List<String> names, String path, ProblemCollector problems) {
        Set<Fix> fixes = EnumSet.noneOf(Fix.class);
        for (String n : names) {
            String name = n.strip();
            if (!name.isEmpty()) {
                problems.check(fromCliName(name).map(fixes::add).isPresent(), path,
                        "unknown fix \"" + name + "\"; allowed: " + String.join(", ", cliNames()));
            }
        }
        return fixes;
    }

    /** Every CLI name, for error messages. */
    public static List<String> cliNames() {
        return Arrays.stream(values()).map(Fix::cliName).toList();
    }

    /** Parses {@code a,b,c}; unknown names are listed in one exception. */
    public static Set<Fix> parseList(String list) {
        Set<Fix> fixes = EnumSet.noneOf(Fix.class);
        List<String> unknown = Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .filter(s -> fromCliName(s).map(fixes::add).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown fix " + unknown + "; allowed: "
                    + cliNames().stream().collect(Collectors.joining(", ")));
        }
        return fixes;
    }
}
