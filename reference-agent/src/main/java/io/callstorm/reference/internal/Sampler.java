package io.callstorm.reference.internal;

import java.util.SplittableRandom;

/** Draws service times: log-normal around a median, the usual shape of network and inference latency. */
final class Sampler {
    private final SplittableRandom random;

    Sampler(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Microseconds, log-normal with the given median (ms) and shape; sigma 0.2 puts P95 at 1.39x the median. */
    long logNormalMicros(double medianMillis, double sigma) {
        return Math.round(medianMillis * 1000.0 * Math.exp(sigma * random.nextGaussian()));
    }

    long uniformMicros(int minMillis, int maxMillis) {
        return minMillis * 1000L + (maxMillis > minMillis ? random.nextLong((maxMillis - minMillis) * 1000L) : 0);
    }

    boolean chance(double percent) {
        return random.nextDouble() * 100.0 < percent;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
