package io.callstorm.eval.audio;

import java.util.Locale;

/**
 * Measurements of one stretch of {@link PcmAudio}, the basis of the {@code audio_quality} rubric.
 *
 * <ul>
 *   <li><b>clipping ratio</b>: share of samples whose magnitude is at least {@value #CLIPPING_SAMPLE}
 *       (within 0.02 dB of full scale), where the waveform was flattened;</li>
 *   <li><b>silence ratio</b>: share of {@value #FRAME_MILLIS} ms frames whose RMS is below
 *       {@value #SILENCE_DBFS} dBFS;</li>
 *   <li><b>level</b>: RMS of the non-silent frames in dBFS (0 dBFS = RMS of a full-scale square wave, so a
 *       full-scale sine is -3 dBFS); the RMS of everything when every frame is silent; never below
 *       {@value #FLOOR_DBFS}.</li>
 * </ul>
 *
 * @param clippingRatio share of samples clipped, 0..1
 * @param silenceRatio  share of frames silent, 0..1
 * @param levelDbfs     RMS level of the non-silent frames, dBFS
 * @param peakDbfs      largest sample magnitude, dBFS
 * @param durationMillis length of the audio
 */
public record AudioLevels(double clippingRatio, double silenceRatio, double levelDbfs, double peakDbfs,
                          long durationMillis) {
    /** Magnitude from which a sample counts as clipped. */
    public static final int CLIPPING_SAMPLE = 32_700;
    /** Frame length for the silence measurement. */
    public static final int FRAME_MILLIS = 20;
    /** A frame quieter than this is silent. */
    public static final double SILENCE_DBFS = -50.0;
    /** Lowest level reported, instead of minus infinity for digital silence. */
    public static final double FLOOR_DBFS = -120.0;

    private static final double FULL_SCALE = 32_768.0;

    /** Measures audio; throws {@link IllegalArgumentException} for audio without samples. */
    public static AudioLevels measure(PcmAudio audio) {
        int n = audio.sampleCount();
        if (n == 0) {
            throw new IllegalArgumentException("audio has no samples");
        }
        int frameLength = Math.max(1, audio.sampleRateHz() * FRAME_MILLIS / 1000);
        long clipped = 0;
        int peak = 0;
        int frames = 0;
        int silentFrames = 0;
        double allSquares = 0;
        double voicedSquares = 0;
        long voicedSamples = 0;
        for (int start = 0; start < n; start += frameLength) {
            int end = Math.min(n, start + frameLength);
            double squares = 0;
            for (int i = start; i < end; i++) {
                int s = audio.sample(i);
                int magnitude = Math.abs(s);
                if (magnitude >= CLIPPING_SAMPLE) {
                    clipped++;
                }
                peak = Math.max(peak, magnitude);
                squares += (double) s * s;
            }
            frames++;
            allSquares += squares;
            if (dbfs(Math.sqrt(squares / (end - start))) < SILENCE_DBFS) {
                silentFrames++;
            } else {
                voicedSquares += squares;
                voicedSamples += end - start;
            }
        }
        double rms = voicedSamples > 0 ? Math.sqrt(voicedSquares / voicedSamples) : Math.sqrt(allSquares / n);
        return new AudioLevels((double) clipped / n, (double) silentFrames / frames, dbfs(rms), dbfs(peak),
                audio.durationMillis());
    }

    private static double dbfs(double amplitude) {
        return amplitude <= 0 ? FLOOR_DBFS : Math.max(FLOOR_DBFS, 20 * Math.log10(amplitude / FULL_SCALE));
    }

    /** One line for a reason or a judge prompt. */
    public String describe() {
        return String.format(Locale.ROOT, "clipping %.2f%% of samples, silence %.0f%% of frames, level %.1f dBFS, "
                + "peak %.1f dBFS, %d ms", clippingRatio * 100, silenceRatio * 100, levelDbfs, peakDbfs, durationMillis);
    }
}
