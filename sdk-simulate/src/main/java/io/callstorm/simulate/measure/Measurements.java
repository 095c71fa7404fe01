package io.callstorm.simulate.measure;

import io.callstorm.core.Stage;
import io.callstorm.simulate.report.Degradation;
import io.callstorm.simulate.report.EvaluationSummary;
import io.callstorm.simulate.report.ExampleCall;
import io.callstorm.simulate.report.Timeline;
import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * What a {@link CallRecorder} has recorded, at one instant: immutable, and the same whether the calls came from a
 * live run or from {@code calls.jsonl}. Every per-concurrency figure is bucketed at {@link #bucketWidth()}.
 *
 * @param bucketWidth  the width of the concurrency buckets (bucket i holds concurrency i*width+1 .. (i+1)*width)
 * @param latency      per stage and bucket, the latency samples
 * @param callEnds     per bucket, the calls that ended there and how many of them in error
 * @param quality      per rubric and bucket, the scored calls and how many passed
 * @param failures     every call that did not complete, in the order recorded, as {@link FailedCall#kept()} keeps it
 * @param degradations replies the agent reported as degraded, per kind, with their rate per bucket
 * @param timeline     the load over time
 * @param counts       the calls recorded and how they ended
 * @param evaluation   how the calls were scored
 * @param personas     per persona id, by id: its calls' ends, gaps and verdicts
 * @param paths        per scenario path id, by id: likewise
 * @param failureExamples transcripts of failed calls that error clusters may show as examples (a few per way of
 *                     failing, see {@link FailedCall#way()}), the earliest to end first
 */
public record Measurements(int bucketWidth, List<LatencyBucket> latency, List<CallEndBucket> callEnds,
                           List<QualityBucket> quality, List<FailedCall> failures, List<Degradation> degradations,
                           Timeline timeline, Counts counts, EvaluationSummary evaluation, List<Group> personas,
                           List<Group> paths, List<ExampleCall> failureExamples) {
    public Measurements {
        latency = List.copyOf(latency);
        callEnds = List.copyOf(callEnds);
        quality = List.copyOf(quality);
        failures = List.copyOf(failures);
        degradations = List.copyOf(degradations);
        personas = List.copyOf(personas);
        paths = List.copyOf(paths);
        failureExamples = List.copyOf(failureExamples);
    }

    /**
     * What was recorded of the calls of one persona, or of one path. Calls cut short by the run's stop are counted
     * in {@code cancelled} only, and their scores nowhere; their replies' gaps count, as in {@link #latency()}.
     *
     * @param id        the persona id or path id
     * @param calls     calls that ended, cut ones aside
     * @param cancelled calls cut short by the run's stop
     * @param errors    of {@code calls}, those that did not complete
     * @param gaps      the user-perceived gaps of its calls' replies, in microseconds
     * @param verdicts  per rubric (an evaluator error is no verdict), in the run's scoring order, then by name
     */
    public record Group(String id, long calls, long cancelled, long errors, Histogram gaps, List<Verdicts> verdicts) {
        public Group {
            gaps = gaps.copy();
            verdicts = List.copyOf(verdicts);
        }

        /** A copy of the gap samples, in microseconds. */
        @Override
        public Histogram gaps() {
            return gaps.copy();
        }

        /** The gap at a percentile, in microseconds; 0 when none was measured. */
        public long gapAtPercentile(double percentile) {
            return gaps.getTotalCount() == 0 ? 0 : gaps.getValueAtPercentile(percentile);
        }

        public long gapSamples() {
            return gaps.getTotalCount();
        }
    }

    /**
     * @param rubric   the rubric
     * @param verdicts passes and fails
     * @param passed   of which passed
     */
    public record Verdicts(String rubric, long verdicts, long passed) {
    }

    /**
     * The latency samples of one stage in one concurrency bucket.
     *
     * @param stage       the stage
     * @param concurrency mean concurrency of the samples
     * @param lowest      lowest concurrency of the bucket
     * @param highest     highest concurrency of the bucket
     * @param histogram   the samples in microseconds
     */
    public record LatencyBucket(Stage stage, int concurrency, int lowest, int highest, Histogram histogram) {
        public LatencyBucket {
            histogram = histogram.copy();
        }

        /** A copy of the samples, in microseconds. */
        @Override
        public Histogram histogram() {
            return histogram.copy();
        }

        public long count() {
            return histogram.getTotalCount();
        }

        /** The value at a percentile, in microseconds. */
        public long valueAtPercentile(double percentile) {
            return histogram.getValueAtPercentile(percentile);
        }

        public long maxMicros() {
            return histogram.getMaxValue();
        }
    }

    /**
     * @param concurrency mean concurrency at the calls' ends
     * @param calls       calls that ended in the bucket
     * @param errors      of which did not complete
     */
    public record CallEndBucket(int concurrency, long calls, long errors) {
    }

    /**
     * @param rubric      the rubric
     * @param concurrency mean concurrency of the scored calls
     * @param count       verdicts (an evaluator error is none)
     * @param passed      of which passed
     */
    public record QualityBucket(String rubric, int concurrency, long count, long passed) {
    }

    /**
     * @param calls          calls recorded
     * @param completed      of which completed
     * @param failed         failed on an agent error
     * @param timedOut       timed out
     * @param hungUp         the caller hung up
     * @param cancelled      cut short by the run's stop (cancel, signal, a failed write): in no rate
     * @param turns          caller turns spoken
     * @param retries        turns re-sent after transient errors
     * @param peakConcurrency highest concurrency a call was admitted at
     * @param lastEndSeconds when the last call ended, after the run's start
     */
    public record Counts(long calls, long completed, long failed, long timedOut, long hungUp, long cancelled,
                         long turns, long retries, int peakConcurrency, double lastEndSeconds) {
    }
}
