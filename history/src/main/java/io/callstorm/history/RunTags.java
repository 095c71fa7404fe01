package io.callstorm.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a run is filed under: its release, the agent's version, the provider configuration, the git commit it was run
 * from, and free labels ({@code team=voice}). Each is a key and a value; the well-known keys have their own setters.
 *
 * <pre>{@code
 * RunTags tags = RunTags.builder().release("2026.12").agentVersion("4.1.0").label("team", "voice").build();
 * }</pre>
 */
public final class RunTags {
    /** The release under test ({@code --release}); {@code --baseline tag:NAME} looks it up. */
    public static final String RELEASE = "release";
    /** The agent's own version ({@code --agent-version}). */
    public static final String AGENT_VERSION = "agent_version";
    /** The providers the agent was configured with, e.g. {@code stt=deepgram,llm=gpt-4o}. */
    public static final String PROVIDER = "provider";
    /** The commit of the working directory's git repository when the run started. */
    public static final String GIT_SHA = "git_sha";

    /** Keys: lower-case letters, digits, {@code _}, {@code .} and {@code -}, starting with a letter. */
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    public static final int MAX_VALUE_LENGTH = 200;

    private static final RunTags NONE = new RunTags(Map.of());

    private final Map<String, String> tags;

    private RunTags(Map<String, String> tags) {
        this.tags = Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    public static RunTags none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder(new TreeMap<>());
    }

    /** Every tag, by key. */
    public Map<String, String> asMap() {
        return tags;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(tags.get(key));
    }

    /** A builder holding these tags, to add to them. */
    public Builder toBuilder() {
        return new Builder(new TreeMap<>(tags));
    }

    /**
     * What is wrong with a tag, or empty when it may be kept: for checking a user's {@code key=value} at the boundary.
     */
    public static Optional<String> problemWith(String key, String value) {
        if (key == null || !KEY.matcher(key).matches()) {
            return Optional.of("the key must be 1 to 64 lower-case letters, digits, '_', '.' or '-', starting with a "
                    + "letter, was \"" + key + '"');
        }
        if (value == null || value.isBlank() || value.length() > MAX_VALUE_LENGTH
                || value.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("the value of " + key + " must be 1 to " + MAX_VALUE_LENGTH
                    + " characters without control characters");
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunTags other && other.tags.equals(tags);
    }

    @Override
    public int hashCode() {
        return tags.hashCode();
    }

    @Override
    public String toString() {
        List<String> pairs = new ArrayList<>();
        tags.forEach((k, v) -> pairs.add(k + '=' + v));
        return String.join(", ", pairs);
    }

    /** Collects tags; a later value of a key replaces an earlier one. */
    public static final class Builder {
        private final TreeMap<String, String> tags;

        private Builder(TreeMap<String, String> tags) {
            this.tags = tags;
        }

        public Builder release(String release) {
            return label(RELEASE, release);
        }

        public Builder agentVersion(String version) {
            return label(AGENT_VERSION, version);
        }

        public Builder provider(String provider) {
            return label(PROVIDER, provider);
        }

        public Builder gitSha(String sha) {
            return label(GIT_SHA, sha);
        }

        /**
         * A tag of any key.
         *
         * @throws IllegalArgumentException when the key or the value is not one {@link #problemWith} accepts
         */
        public Builder label(String key, String value) {
            problemWith(key, value).ifPresent(problem -> {
                throw new IllegalArgumentException("tag: " + problem);
            });
            tags.put(key, value);
            return this;
        }

        public RunTags build() {
            return tags.isEmpty() ? NONE : new RunTags(tags);
        }
    }
}
