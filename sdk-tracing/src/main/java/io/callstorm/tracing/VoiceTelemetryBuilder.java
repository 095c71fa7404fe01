package io.callstorm.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;

import java.util.Objects;

/**
 * Configures a {@link VoiceTelemetry}. Setters validate at once and say what is wrong; {@link #build()} never
 * fails afterwards.
 *
 * <pre>{@code
 * VoiceTelemetry telemetry = VoiceTelemetry.builder(openTelemetry)
 *     .concurrencyTracker(processWideTracker)
 *     .concurrencyBucketWidth(50)
 *     .captureServerTiming(true)
 *     .build();
 * }</pre>
 */
public final class VoiceTelemetryBuilder {
    /** Width of the {@code voice.concurrency.bucket} metric attribute, in calls. */
    public static final long DEFAULT_CONCURRENCY_BUCKET_WIDTH = 100;

    private final OpenTelemetry openTelemetry;
    private ConcurrencyTracker tracker;
    private long bucketWidth = DEFAULT_CONCURRENCY_BUCKET_WIDTH;
    private TextMapPropagator propagator;
    private boolean captureServerTiming;

    VoiceTelemetryBuilder(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
    }

    /**
     * The tracker whose count stage spans carry as {@code voice.concurrency}. Share one per process; by default
     * each {@link VoiceTelemetry} has its own.
     */
    public VoiceTelemetryBuilder concurrencyTracker(ConcurrencyTracker tracker) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        return this;
    }

    /**
     * The width of the concurrency buckets on the latency histograms: a stage that started with 1,234 calls in
     * flight is recorded with {@code voice.concurrency.bucket} 1,200 when the width is 100 (the default).
     */
    public VoiceTelemetryBuilder concurrencyBucketWidth(long calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("concurrencyBucketWidth must be >= 1 call, was " + calls);
        }
        this.bucketWidth = calls;
        return this;
    }

    /**
     * The propagator for HTTP headers and WebSocket start parameters. By default the OpenTelemetry instance's
     * text map propagator, or W3C trace context when that one is a no-op (an SDK built without
     * {@code setPropagators}), so that a simulated call and the agent it reaches always share a trace.
     */
    public VoiceTelemetryBuilder propagator(TextMapPropagator propagator) {
        this.propagator = Objects.requireNonNull(propagator, "propagator");
        return this;
    }

    /**
     * Whether turns keep their stages' timings for {@link VoiceTurn#serverTiming()}. Off by default, because it
     * costs a small allocation per stage even when tracing is off; turn it on in agents reached over HTTP.
     */
    public VoiceTelemetryBuilder captureServerTiming(boolean capture) {
        this.captureServerTiming = capture;
        return this;
    }

    /** Builds the instrumentation; never throws. */
    public VoiceTelemetry build() {
        TextMapPropagator p = propagator;
        if (p == null) {
            try {
                p = openTelemetry.getPropagators().getTextMapPropagator();
            } catch (RuntimeException e) {
                FailureLog.failed("VoiceTelemetryBuilder propagators", e);
            }
            if (p == null || p == TextMapPropagator.noop()) {
                p = W3CTraceContextPropagator.getInstance();
            }
        }
        ConcurrencyTracker t = tracker != null ? tracker : ConcurrencyTracker.create();
        return new VoiceTelemetry(openTelemetry, t, bucketWidth, VoicePropagation.of(p), captureServerTiming);
    }
}
