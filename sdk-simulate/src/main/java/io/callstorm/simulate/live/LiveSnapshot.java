package io.callstorm.simulate.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.callstorm.core.secret.Secrets;
import io.callstorm.simulate.report.ReportJson;

import java.util.List;

/**
 * One reading of a run for a live view, taken about once a second by a {@link LiveStream}: immutable, and carrying
 * the whole picture so far (the load over time, per-stage P95 against concurrency, pass rate per rubric, the error
 * clusters, the harness's health), so that a page that joins late, or misses a reading, draws everything from the
 * last one. {@link #toJson()} is the form the live page reads from its server-sent event stream.
 *
 * @param sequence          1 for the first reading of a run, one more for each after it
 * @param simulation        the simulation's name
 * @param state             where the run stands
 * @param elapsedSeconds    since the run started, on the run's clock
 * @param totalSeconds      the load profile's length
 * @param concurrency       calls in progress
 * @param callsStarted      calls admitted so far
 * @param callsEnded        calls finished so far, however they ended
 * @param arrivalsPerSecond calls admitted per second since the previous reading
 * @param gapP95Ms          P95 of the user-perceived gap over the last second
 * @param errorRate         share of the calls that ended in error over the last second
 * @param errorRateOverall  share of the calls that ended in error so far (calls cut short by a stop aside)
 * @param timeline          the load over time, one point per reading (thinned by halves on long runs, so that
 *                          at most {@value #MAX_POINTS} are kept)
 * @param stages            per stage and concurrency bucket, the P95 so far
 * @param passRates         per rubric, the verdicts so far and the share that passed
 * @param clusters          the error clusters so far, largest first
 * @param harness           how the harness holds up
 * @param stopReason        why the run is stopping or stopped early; empty when it is not
 * @param partial           whether the finished run's report is partial (always false before {@code FINISHED})
 */
public record LiveSnapshot(long sequence, String simulation, LiveState state, double elapsedSeconds,
                           double totalSeconds, int concurrency, long callsStarted, long callsEnded,
                           double arrivalsPerSecond, double gapP95Ms, double errorRate, double errorRateOverall,
                           List<Point> timeline, List<StagePoint> stages, List<RubricPassRate> passRates,
                           List<Cluster> clusters, Harness harness, String stopReason, boolean partial) {
    /** The most points {@link #timeline()} keeps. */
    public static final int MAX_POINTS = 600;

    public LiveSnapshot {
        timeline = List.copyOf(timeline);
        stages = List.copyOf(stages);
        passRates = List.copyOf(passRates);
        clusters = List.copyOf(clusters);
    }

    /**
     * This reading as one line of JSON (no line breaks), e.g. for a server-sent event's {@code data:} field, every
     * registered secret masked.
     */
    public String toJson() {
        try {
            // cluster texts quote the agent's error messages: masked as in report.json
            return Secrets.redact(ReportJson.mapper().writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a live snapshot could not be written as JSON", e);
        }
    }

    /**
     * The load at one reading.
     *
     * @param atSeconds         since the run started
     * @param concurrency       calls in progress
     * @param arrivalsPerSecond calls admitted per second since the reading before
     * @param errorRate         share of the calls that ended in error over the last second
     * @param gapP95Ms          P95 of the user-perceived gap over the last second
     */
    public record Point(double atSeconds, int concurrency, double arrivalsPerSecond, double errorRate,
                       double gapP95Ms) {
    }

    /**
     * The P95 of one stage in one concurrency bucket.
     *
     * @param stage       the stage's wire name, e.g. {@code stt_ttft}
     * @param concurrency mean concurrency of the samples
     * @param count       samples
     * @param p95Ms       95th percentile
     */
    public record StagePoint(String stage, int concurrency, long count, double p95Ms) {
    }

    /**
     * @param rubric   the rubric
     * @param verdicts passes and fails so far
     * @param passRate share that passed, 0..1
     */
    public record RubricPassRate(String rubric, long verdicts, double passRate) {
    }

    /**
     * An error cluster as it forms (its full form, with examples, is in the report).
     *
     * @param name                 the cluster's name, e.g. {@code rate limited}
     * @param stage                the stage it is blamed on
     * @param count                failed calls in it
     * @param share                of the failed calls
     * @param firstSeenConcurrency concurrency of its first call
     * @param quickFix             what to try first
     */
    public record Cluster(String name, String stage, long count, double share, int firstSeenConcurrency,
                          String quickFix) {
    }

    /**
     * @param healthy          no limit of the harness was passed in the last few seconds
     * @param unhealthyWindows windows so far in which the harness was past one of its limits
     * @param recent           the latest of them in words, oldest first (at most five)
     */
    public record Harness(boolean healthy, long unhealthyWindows, List<String> recent) {
        public Harness {
            recent = List.copyOf(recent);
        }
    }
}
