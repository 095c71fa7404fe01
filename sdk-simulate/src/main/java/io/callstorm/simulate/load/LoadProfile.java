package io.callstorm.simulate.load;

import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How load is applied over time: stages that ramp or hold a target, in one of two models.
 * <ul>
 *   <li>closed ({@link #concurrentCalls(int)}): the target is the number of calls in progress; a call that
 *       ends is replaced while the target allows;</li>
 *   <li>open ({@link #arrivalsPerSecond(double)}): the target is new calls per second, whatever is in progress.</li>
 * </ul>
 *
 * <pre>{@code
 * LoadProfile profile = LoadProfile.concurrentCalls(100)
 *     .rampTo(10_000, Duration.ofSeconds(60))
 *     .hold(Duration.ofSeconds(30))
 *     .rampTo(0, Duration.ofSeconds(15))
 *     .build();
 * }</pre>
 */
public final class LoadProfile {
    /** The two load models. */
    public enum Model {
        /** Target concurrent calls. */
        CLOSED,
        /** Target arrivals per second. */
        OPEN
    }

    /**
     * One stage: the target moves linearly from {@code from} to {@code to} over {@code duration}.
     *
     * @param duration how long the stage lasts
     * @param from     target at its start
     * @param to       target at its end
     */
    public record Stage(Duration duration, double from, double to) {
    }

    private final Model model;
    private final List<Stage> stages;
    /** For a shard's share: the whole profile, whose target the shard takes its share of at every instant. */
    private final LoadProfile whole;
    private final Shard shard;

    private LoadProfile(Model model, List<Stage> stages) {
        this(model, stages, null, null);
    }

    private LoadProfile(Model model, List<Stage> stages, LoadProfile whole, Shard shard) {
        this.model = model;
        this.stages = List.copyOf(stages);
        this.whole = whole;
        this.shard = shard;
    }

    /** The highest target of a stage, or start, in calls or arrivals per second. */
    public static final double MAX_TARGET = 1_000_000;
    /** The longest stage. */
    public static final Duration MAX_STAGE = Duration.ofDays(30);
    /** The most stages a profile may have. */
    public static final int MAX_STAGES = 1_000;

    /** A closed-model profile starting at {@code startCalls} concurrent calls. */
    public static Builder concurrentCalls(int startCalls) {
        return new Builder(Model.CLOSED, startCalls);
    }

    /** An open-model profile starting at {@code startRate} new calls per second. */
    public static Builder arrivalsPerSecond(double startRate) {
        return new Builder(Model.OPEN, startRate);
    }

    /** The ramp-hold-ramp-down shape of the demo: {@code from} to {@code peak} concurrent calls. */
    public static LoadProfile rampHoldRampDown(int from, int peak, Duration ramp, Duration hold, Duration rampDown) {
        Builder b = concurrentCalls(from).rampTo(peak, ramp).hold(hold);
        return (rampDown.isZero() ? b : b.rampTo(0, rampDown)).build();
    }

    public Model model() { return model; }
    public List<Stage> stages() { return stages; }

    /** Sum of the stage durations. */
    public Duration totalDuration() {
        return stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** The highest target of any stage. */
    public double peak() {
        return stages.stream().mapToDouble(s -> Math.max(s.from(), s.to())).max().orElse(0);
    }

    /**
     * The target {@code elapsedNanos} after the start; 0 after the last stage. A shard's share of a closed model is
     * its share of the whole profile's calls at that instant, so that the shards' targets add up to the whole's at
     * every instant, not only at the stages' ends.
     */
    public double targetAt(long elapsedNanos) {
        if (shard != null && model == Model.CLOSED) {
            return shard.shareOfCalls(Math.floor(whole.targetAt(elapsedNanos)));
        }
        long t = elapsedNanos;
        for (Stage s : stages) {
            long d = s.duration().toNanos();
            if (t < d) {
                return s.from() + (s.to() - s.from()) * ((double) t / d);
            }
            t -= d;
        }
        return 0;
    }

    /**
     * The share of this profile that {@code shard} draws, so that the shards together draw this profile. Closed: at
     * every instant, this profile's target calls divided among the shards, the remainder one call each to the first
     * shards, so that the shares add up to the target; open: the arrival rate divided by the count. Its stages (for
     * its description and peak) are the stages' start and end targets so divided, their durations unchanged.
     */
    public LoadProfile shareOf(Shard shard) {
        List<Stage> shared = new ArrayList<>(stages.size());
        for (Stage s : stages) {
            shared.add(model == Model.CLOSED
                    ? new Stage(s.duration(), shard.shareOfCalls(s.from()), shard.shareOfCalls(s.to()))
                    : new Stage(s.duration(), shard.shareOfRate(s.from()), shard.shareOfRate(s.to())));
        }
        return new LoadProfile(model, shared, this, shard);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(model == Model.CLOSED ? "concurrentCalls" : "arrivalsPerSecond");
        for (Stage s : stages) {
            sb.append(s.from() == s.to() ? String.format(" hold %.0f for %ds", s.to(), s.duration().toSeconds())
                    : String.format(" %.0f->%.0f over %ds", s.from(), s.to(), s.duration().toSeconds()));
        }
        return sb.toString();
    }

    /**
     * Builds a {@link LoadProfile}; each stage starts where the previous one ended. Immutable: {@code rampTo} and
     * {@code hold} return a new builder with the stage added and leave this one as it was, so a common start can be
     * shared ({@code base.hold(a)}, {@code base.rampTo(b, d)}). Use the builder they return.
     */
    public static final class Builder {
        private final Model model;
        private final double start;
        private final List<Stage> stages;
        private final double current;

        private Builder(Model model, double start) {
            this(model, start, List.of(), start);
        }

        private Builder(Model model, double start, List<Stage> stages, double current) {
            this.model = model;
            this.start = start;
            this.stages = stages;
            this.current = current;
        }

        /** Moves the target linearly to {@code target} over {@code duration}. */
        public Builder rampTo(double target, Duration duration) {
            return with(new Stage(duration, current, target), target);
        }

        /** Keeps the current target for {@code duration}. */
        public Builder hold(Duration duration) {
            return with(new Stage(duration, current, current), current);
        }

        private Builder with(Stage stage, double next) {
            List<Stage> more = new ArrayList<>(stages);
            more.add(stage);
            return new Builder(model, start, List.copyOf(more), next);
        }

        /** @throws io.callstorm.core.validation.ConfigurationException listing every problem */
        public LoadProfile build() {
            ProblemCollector p = new ProblemCollector();
            check(p);
            p.throwIfAny("load profile");
            return new LoadProfile(model, stages);
        }

        /**
         * Every problem {@link #build()} would report, each under its field path ({@code load.start},
         * {@code load.stages[1].duration}, {@code load.peak} ...), without building: a CLI or a file reader
         * translates them to its own option or key names.
         */
        public List<Problem> problems() {
            ProblemCollector p = new ProblemCollector();
            check(p);
            return p.problems();
        }

        private void check(ProblemCollector p) {
            String unit = model == Model.CLOSED ? "concurrent calls" : "arrivals per second";
            p.check(start >= 0, "load.start", "must be >= 0 " + unit + ", was " + start);
            p.check(!(start > MAX_TARGET), "load.start", "must be <= 1,000,000 " + unit + ", was " + start);
            p.check(!stages.isEmpty(), "load.stages", "must hold at least one stage (rampTo or hold)");
            p.check(stages.size() <= MAX_STAGES, "load.stages", "must hold at most 1,000 stages, was " + stages.size());
            for (int i = 0; i < stages.size(); i++) {
                Stage s = stages.get(i);
                p.check(s.duration() != null && !s.duration().isNegative() && !s.duration().isZero(),
                        "load.stages[" + i + "].duration", "must be > 0, was " + s.duration());
                // the engine counts time in nanoseconds: a stage of centuries would overflow it, and no run lasts that
                p.check(s.duration() == null || s.duration().compareTo(MAX_STAGE) <= 0,
                        "load.stages[" + i + "].duration", "must be <= 30 days, was " + s.duration());
                p.check(s.to() >= 0, "load.stages[" + i + "].target", "must be >= 0 " + unit + ", was " + s.to());
                p.check(s.to() <= MAX_TARGET, "load.stages[" + i + "].target",
                        "must be <= 1,000,000 " + unit + ", was " + s.to());
                // a closed model counts calls: 10.5 concurrent calls is a typo, not a target
                p.check(model != Model.CLOSED || !Double.isFinite(s.to()) || s.to() == Math.rint(s.to()),
                        "load.stages[" + i + "].target", "must be a whole number of concurrent calls, was " + s.to());
            }
            p.check(stages.stream().anyMatch(s -> s.to() > 0 || s.from() > 0), "load.peak",
                    "must be > 0: a profile that never starts a call tests nothing");
        }
    }
}
