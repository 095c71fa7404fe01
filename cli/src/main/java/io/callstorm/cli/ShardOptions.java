package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.load.Shard;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --shard I/N}, {@code --shards N} and {@code --start-at INSTANT}: this process as one shard of a simulation
 * run by several (docs/scaling-out.md). {@code --shards} reads the index from {@code JOB_COMPLETION_INDEX}, which a
 * Kubernetes Indexed Job sets in each pod, so that every pod runs the same command.
 */
final class ShardOptions {
    /** The variable a Kubernetes Indexed Job sets to the pod's 0-based completion index. */
    static final String INDEX_VARIABLE = "JOB_COMPLETION_INDEX";
    private static final Pattern SHARD = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

    @Option(names = "--shard", paramLabel = "SHARD", description = "Run shard I/N: index I (0-based) of N, a "
            + "disjoint share of the rows and 1/N of the load; writes shard.json for `callstorm merge`.")
    String shard;

    @Option(names = "--shards", paramLabel = "N", description = "Run one of N shards, the index read from "
            + INDEX_VARIABLE + " (set by a Kubernetes Indexed Job).")
    Integer shards;

    @Option(names = "--start-at", paramLabel = "INSTANT", description = "Start at this instant (ISO-8601, e.g. "
            + "2026-12-02T18:00:00Z) so that the shards start together; a shard more than 1 s late says so.")
    String startAt;

    /** What the options add to a simulation, or the problems of each added to {@code p}. */
    Function<Simulation.Builder, Simulation.Builder> resolve(Function<String, String> environment, ProblemCollector p) {
        Integer index = null;
        Integer count = null;
        if (shard != null) {
            Matcher m = SHARD.matcher(shard.strip());
            if (p.check(m.matches(), "--shard", "must be INDEX/COUNT with a 0-based index below the count, e.g. 2/8, "
                    + "was \"" + shard + "\"")) {
                index = Integer.parseInt(m.group(1));
                count = Integer.parseInt(m.group(2));
                Shard.check(index, count, "--shard", p);
            }
            p.check(shards == null, "--shards", "and --shard both say which shard this is: give one");
        } else if (shards != null) {
            count = shards;
            String value = environment.apply(INDEX_VARIABLE);
            if (p.check(value != null && !value.isBlank(), "--shards", "needs the shard's index in " + INDEX_VARIABLE
                    + " (a Kubernetes Indexed Job sets it), which is not set; or give --shard I/N")) {
                try {
                    index = Integer.parseInt(value.strip());
                    Shard.check(index, count, INDEX_VARIABLE + " with --shards", p);
                } catch (NumberFormatException e) {
                    p.add(INDEX_VARIABLE, "must be a whole number (the 0-based shard index), was \"" + value + "\"");
                }
            }
        }
        Instant at = null;
        if (startAt != null) {
            try {
                at = Instant.parse(startAt.strip());
            } catch (DateTimeParseException e) {
                p.add("--start-at", "must be an ISO-8601 instant such as 2026-12-02T18:00:00Z, was \"" + startAt + "\"");
            }
        }
        Integer i = index;
        Integer n = count;
        Instant start = at;
        return sim -> {
            Simulation.Builder b = i != null && n != null ? sim.shard(i, n) : sim;
            return start != null ? b.startAt(start) : b;
        };
    }
}
