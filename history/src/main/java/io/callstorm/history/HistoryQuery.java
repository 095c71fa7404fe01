package io.callstorm.history;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which runs {@link RunHistory#find} returns, newest first: those started since an instant, carrying every given tag,
 * of one simulation, at most a number of them.
 *
 * <pre>{@code
 * history.find(HistoryQuery.builder().since(Instant.now().minus(Duration.ofDays(7))).tag("release", "2026.12")
 *         .limit(20).build());
 * }</pre>
 */
public final class HistoryQuery {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100_000;

    private final Optional<Instant> since;
    private final Map<String, String> tags;
    private final Optional<String> simulation;
    private final int limit;

    private HistoryQuery(Builder b) {
        this.since = b.since;
        this.tags = Map.copyOf(b.tags);
        this.simulation = b.simulation;
        this.limit = b.limit;
    }

    /** The newest {@value #DEFAULT_LIMIT} runs of any simulation. */
    public static HistoryQuery latest() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Instant> since() {
        return since;
    }

    /** Tags a run must carry, each with this value. */
    public Map<String, String> tags() {
        return tags;
    }

    public Optional<String> simulation() {
        return simulation;
    }

    public int limit() {
        return limit;
    }

    /** Set-once criteria; each setter checks its value. */
    public static final class Builder {
        private Optional<Instant> since = Optional.empty();
        private final Map<String, String> tags = new TreeMap<>();
        private Optional<String> simulation = Optional.empty();
        private int limit = DEFAULT_LIMIT;

        private Builder() {
        }

        /** Runs started at or after {@code since}. */
        public Builder since(Instant since) {
            this.since = Optional.of(java.util.Objects.requireNonNull(since, "since"));
            return this;
        }

        /** Runs tagged {@code key=value}; repeated, runs carrying every such tag. */
        public Builder tag(String key, String value) {
            RunTags.problemWith(key, value).ifPresent(problem -> {
                throw new IllegalArgumentException("tag: " + problem);
            });
            tags.put(key, value);
            return this;
        }

        /** Runs of the simulation of this name. */
        public Builder simulation(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("simulation: must not be blank");
            }
            this.simulation = Optional.of(name);
            return this;
        }

        /** At most {@code limit} runs, 1 to {@value HistoryQuery#MAX_LIMIT} (default {@value HistoryQuery#DEFAULT_LIMIT}). */
        public Builder limit(int limit) {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit: must be between 1 and " + MAX_LIMIT + ", was " + limit);
            }
            this.limit = limit;
            return this;
        }

        public HistoryQuery build() {
            return new HistoryQuery(this);
        }
    }
}
