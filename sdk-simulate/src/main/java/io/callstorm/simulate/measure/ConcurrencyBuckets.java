package io.callstorm.simulate.measure;

/**
 * Maps a concurrency to a bucket of fixed width. The width starts from the expected peak (about 40
 * buckets) and doubles whenever concurrency outgrows {@link #MAX_BUCKETS} buckets, so an open-model run
 * whose peak is unknown still ends with a bounded number of buckets. Holders of per-bucket data merge
 * adjacent pairs when {@link #index} reports a coarsening.
 */
public final class ConcurrencyBuckets {
    public static final int MAX_BUCKETS = 64;

    private int width;

    public ConcurrencyBuckets(int initialWidth) {
        this.width = Math.max(1, initialWidth);
    }

    /** A width giving about 40 buckets up to {@code expectedPeak}, rounded to 1, 2 or 5 times a power of ten. */
    public static int widthFor(double expectedPeak) {
        double raw = Math.max(1, expectedPeak / 40.0);
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        for (int m : new int[] {1, 2, 5, 10}) {
            if (raw <= m * pow) {
                return (int) Math.max(1, m * pow);
            }
        }
        return (int) (10 * pow);
    }

    public int width() {
        return width;
    }

    /** How many times the width must double for {@code concurrency} to fit. */
    public int coarseningsNeeded(int concurrency) {
        int n = 0;
        long w = width;
        while (indexFor(concurrency, w) >= MAX_BUCKETS) {
            w *= 2;
            n++;
        }
        return n;
    }

    void doubleWidth() {
        width *= 2;
    }

    public int index(int concurrency) {
        return indexFor(concurrency, width);
    }

    /**
     * Bucket {@code i} holds concurrency {@code i*width+1 .. (i+1)*width} (bucket 0 also holds 0), so a round
     * peak such as 10,000 is the top of a bucket shared with the calls just below it, not alone in a bucket of
     * its own.
     */
    public static int indexFor(int concurrency, long width) {
        return concurrency <= 0 ? 0 : (int) ((concurrency - 1) / width);
    }

    /** Lowest concurrency in bucket {@code index} (inclusive). */
    public int lowerBound(int index) {
        return index == 0 ? 0 : index * width + 1;
    }

    /** Highest concurrency in bucket {@code index} (inclusive). */
    public int upperBound(int index) {
        return (index + 1) * width;
    }
}
