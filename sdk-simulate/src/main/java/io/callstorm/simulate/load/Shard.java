package io.callstorm.simulate.load;

import io.callstorm.core.validation.ProblemCollector;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One of {@code count} processes that together run one simulation ({@code --shard index/count}): it takes a disjoint
 * share of the rows and {@code 1/count} of the load profile, so that the shards together draw the profile of one
 * process and call the rows one process would. {@code callstorm merge} joins their results into one report.
 *
 * <pre>{@code
 * Simulation.builder()...shard(2, 8).build().run();   // the third of eight shards
 * }</pre>
 *
 * @param index 0-based, below {@code count}
 * @param count how many shards run the simulation
 */
public record Shard(int index, int count) {
    /** The most shards one simulation may be split into. */
    public static final int MAX_COUNT = 10_000;

    /** @throws IllegalArgumentException when the index is not in {@code 0..count-1} or the count out of range */
    public Shard {
        ProblemCollector p = new ProblemCollector();
        check(index, count, "shard", p);
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(p.problems().get(0).path() + ": " + p.problems().get(0).message());
        }
    }

    /** Adds a problem under {@code path} for an index or count out of range. */
    public static void check(int index, int count, String path, ProblemCollector p) {
        if (p.check(count >= 1 && count <= MAX_COUNT, path + ".count",
                "must be between 1 and " + MAX_COUNT + ", was " + count)) {
            p.check(index >= 0 && index < count, path + ".index",
                    "must be between 0 and " + (count - 1) + " (0-based, below the count), was " + index);
        }
    }

    /** {@code index/count}, as {@code --shard} takes it. */
    @Override
    public String toString() {
        return index + "/" + count;
    }

    /**
     * This shard's rows, in their order. Rows go to shards block by block: each block of {@code count} consecutive
     * rows gives one row to every shard, by a permutation drawn from {@code seed} and the block's number. So the
     * shards' rows are disjoint and together all rows, the split is the same wherever it is computed, and a shard's
     * {@code j}-th call is a row of block {@code j}: when every shard has made {@code k} calls, the shards together
     * have called the first {@code k*count} rows, the rows one process makes its first {@code k*count} calls with.
     * Drawing the order within a block keeps a shard from seeing only some personas when the rows cycle through them.
     */
    public <T> List<T> rowsOf(List<T> rows, long seed) {
        List<T> mine = new ArrayList<>(rows.size() / count + 1);
        int[] order = new int[count];
        for (int block = 0; (long) block * count < rows.size(); block++) {
            permutation(seed, block, order);
            int at = block * count + order[index];
            if (at < rows.size()) {
                mine.add(rows.get(at));
            }
        }
        return mine;
    }

    /** Fisher-Yates on {@code 0..n-1} from the seed and block: the same in every process and on every machine. */
    private static void permutation(long seed, int block, int[] order) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + block);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * This shard's share of a closed model's target {@code total} (whole calls): {@code total/count}, with the
     * remainder one call each to the first shards, so that the shares add up to {@code total}.
     */
    public double shareOfCalls(double total) {
        long whole = Math.round(total);
        long base = whole / count;
        return base + (index < whole % count ? 1 : 0);
    }

    /** This shard's share of an open model's arrival rate: {@code rate/count}. */
    public double shareOfRate(double rate) {
        return rate / count;
    }
}
