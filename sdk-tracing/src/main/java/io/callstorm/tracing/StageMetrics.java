package io.callstorm.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The module's instruments: stage duration and time to first result (histograms in seconds, with the bucket
 * boundaries the GenAI metric conventions recommend) by {@code voice.stage} and {@code voice.concurrency.bucket},
 * and the calls in flight. The attribute sets of the first {@value #CACHED_BUCKETS} buckets of each stage are
 * built once, so recording on the hot path allocates nothing of ours.
 */
final class StageMetrics {
    /** Boundaries of {@code gen_ai.server.time_to_first_token} / {@code gen_ai.client.operation.duration}. */
    static final List<Double> BUCKET_BOUNDARIES_SECONDS = List.of(
            0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
    private static final int CACHED_BUCKETS = 256;
    private static final double NANOS_PER_SECOND = 1e9;

    final boolean enabled;
    private final DoubleHistogram duration;
    private final DoubleHistogram timeToFirstResult;
    private final LongUpDownCounter callsActive;
    private final long bucketWidth;
    /** Attribute sets by {@code stage.ordinal() * CACHED_BUCKETS + bucket index}. */
    private final AtomicReferenceArray<Attributes> cache =
            new AtomicReferenceArray<>(VoiceStage.values().length * CACHED_BUCKETS);

    StageMetrics(Meter meter, boolean enabled, long bucketWidth) {
        this.enabled = enabled;
        this.bucketWidth = bucketWidth;
        this.duration = meter.histogramBuilder(VoiceTelemetry.METRIC_STAGE_DURATION)
                .setUnit("s")
                .setDescription("Duration of a voice pipeline stage (STT, LLM, TTS, tool), start to end.")
                .setExplicitBucketBoundariesAdvice(BUCKET_BOUNDARIES_SECONDS)
                .build();
        this.timeToFirstResult = meter.histogramBuilder(VoiceTelemetry.METRIC_TIME_TO_FIRST_RESULT)
                .setUnit("s")
                .setDescription("Time from a stage's start to its first result: STT first partial, LLM first "
                        + "token, TTS first audio byte.")
                .setExplicitBucketBoundariesAdvice(BUCKET_BOUNDARIES_SECONDS)
                .build();
        this.callsActive = meter.upDownCounterBuilder(VoiceTelemetry.METRIC_CALLS_ACTIVE)
                .setUnit("{call}")
                .setDescription("Voice calls in flight.")
                .build();
    }

    long bucket(long concurrency) {
        return concurrency <= 0 ? 0 : (concurrency / bucketWidth) * bucketWidth;
    }

    void recordDuration(VoiceStage stage, long concurrency, long nanos, String errorType) {
        if (!enabled) {
            return;
        }
        Attributes attributes = attributes(stage, concurrency);
        if (errorType != null) {
            attributes = attributes.toBuilder().put(StandardAttributes.ERROR_TYPE, errorType).build();
        }
        duration.record(nanos / NANOS_PER_SECOND, attributes);
    }

    void recordFirstResult(VoiceStage stage, long concurrency, long nanos) {
        if (enabled) {
            timeToFirstResult.record(nanos / NANOS_PER_SECOND, attributes(stage, concurrency));
        }
    }

    void callStarted() {
        if (enabled) {
            callsActive.add(1);
        }
    }

    void callEnded() {
        if (enabled) {
            callsActive.add(-1);
        }
    }

    Attributes attributes(VoiceStage stage, long concurrency) {
        long bucket = bucket(concurrency);
        long index = bucket / bucketWidth;
        if (index >= CACHED_BUCKETS) {
            return build(stage, bucket);
        }
        int slot = stage.ordinal() * CACHED_BUCKETS + (int) index;
        Attributes cached = cache.get(slot);
        if (cached == null) {
            cached = build(stage, bucket);
            cache.lazySet(slot, cached); // a race builds an equal set twice; harmless
        }
        return cached;
    }

    private static Attributes build(VoiceStage stage, long bucket) {
        return Attributes.of(VoiceAttributes.STAGE, stage.wireName(), VoiceAttributes.CONCURRENCY_BUCKET, bucket);
    }
}
