package io.callstorm.simulate.connect.media.internal;

/**
 * Band-limited sample-rate conversion: each output sample is the input convolved with a Kaiser-windowed sinc
 * low-pass centred on the output instant. Going down to 8 kHz the cutoff sits at 46% of the output rate
 * (3,680 Hz), so that energy above the new Nyquist frequency (sibilants, a 44.1 kHz recording's top octaves) is
 * removed instead of folding back into the speech band as noise. The kernel is tabulated once and read with
 * linear interpolation, so a conversion costs a few hundred multiply-adds per output sample and no
 * trigonometry.
 */
public final class Resampler {
    /** Zero crossings of the sinc on each side: sets the transition width (about 20% of the cutoff). */
    private static final int ZERO_CROSSINGS = 24;
    /** Table points per zero crossing. */
    private static final int RESOLUTION = 512;
    /** Kaiser window shape: about 80 dB of stop-band attenuation. */
    private static final double BETA = 8.0;
    /** Cutoff as a share of the lower of the two rates. */
    private static final double CUTOFF = 0.46;
    private static final float[] KERNEL = kernel();

    private Resampler() {
    }

    /** {@code input} at {@code fromRate} converted to {@code toRate}; the duration is kept to the sample. */
    public static float[] resample(float[] input, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("rates must be > 0, were " + fromRate + " and " + toRate);
        }
        if (fromRate == toRate) {
            return input.clone();
        }
        double step = (double) fromRate / toRate; // input samples per output sample
        double c = 2 * CUTOFF * Math.min(fromRate, toRate) / fromRate; // cutoff, 1.0 = input Nyquist
        double halfWidth = ZERO_CROSSINGS / c; // in input samples
        double tableStep = c * RESOLUTION; // table points per input sample
        int outLength = (int) Math.round(input.length / step);
        float[] out = new float[outLength];
        int last = input.length - 1;
        int tableEnd = KERNEL.length - 2;
        for (int n = 0; n < outLength; n++) {
            double t = n * step;
            int centre = (int) Math.floor(t);
            double frac = t - centre;
            double sum = 0;
            // left of the output instant the kernel argument grows as k falls, right of it as k rises: two
            // loops with running table positions instead of an abs() and a multiply per tap
            int from = Math.max(0, (int) Math.ceil(t - halfWidth));
            int start = Math.min(centre, last);
            double u = (t - start) * tableStep;
            for (int k = start; k >= from; k--, u += tableStep) {
                sum += input[k] * tap(u, tableEnd);
            }
            int to = Math.min(last, (int) Math.floor(t + halfWidth));
            u = (1 - frac) * tableStep;
            for (int k = centre + 1; k <= to; k++, u += tableStep) {
                sum += input[k] * tap(u, tableEnd);
            }
            out[n] = (float) (sum * c);
        }
        return out;
    }

    private static double tap(double u, int tableEnd) {
        int i = (int) u;
        if (i > tableEnd) {
            return 0;
        }
        return KERNEL[i] + (u - i) * (KERNEL[i + 1] - KERNEL[i]);
    }

    private static float[] kernel() {
        int n = ZERO_CROSSINGS * RESOLUTION;
        float[] table = new float[n + 2];
        double i0Beta = besselI0(BETA);
        for (int i = 0; i <= n; i++) {
            double x = (double) i / RESOLUTION; // in zero crossings
            double sinc = i == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            double r = x / ZERO_CROSSINGS;
            double window = besselI0(BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            table[i] = (float) (sinc * window);
        }
        return table; // the last entry stays 0: the kernel's end, for interpolation
    }

    /** Modified Bessel function of the first kind, order 0, by its power series. */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 50; k++) {
            term *= (half / k) * (half / k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }
}
