package io.callstorm.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;

import java.io.InputStream;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Instrumentation of a voice pipeline on the OpenTelemetry API: a {@code voice.call} span per call, a
 * {@code voice.turn} span per turn, and a span per stage (STT, LLM, TTS, tool) that marks its first result
 * and carries the calls in flight when it started; the matching metrics; W3C trace context propagation for
 * HTTP and WebSocket hops; and the turn's {@code Server-Timing} header. The service brings its own
 * OpenTelemetry SDK and exporter; this module depends on the API only.
 *
 * <pre>{@code
 * VoiceTelemetry telemetry = VoiceTelemetry.create(openTelemetry);
 * try (VoiceCall call = telemetry.callBuilder(sessionId).persona("impatient_senior").start();
 *      VoiceTurn turn = call.startTurn()) {
 *     StageSpan stt = turn.startStt();
 *     ...
 *     stt.firstResult();   // first partial transcript
 *     stt.end();
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe and meant to be shared: create one per {@link OpenTelemetry} and keep it.
 * Nothing here throws once built: a failure inside the OpenTelemetry implementation is logged once (SLF4J,
 * logger {@code io.callstorm.tracing}) and the span or metric is skipped. With {@link OpenTelemetry#noop()}
 * the stage spans are shared no-op instances: no allocation, no clock read.
 */
public final class VoiceTelemetry {
    /** The instrumentation scope name of the tracer and the meter. */
    public static final String INSTRUMENTATION_NAME = "io.callstorm.sdk-tracing";
    /** Histogram of stage durations, in seconds. */
    public static final String METRIC_STAGE_DURATION = "voice.stage.duration";
    /** Histogram of the time from a stage's start to its first result, in seconds. */
    public static final String METRIC_TIME_TO_FIRST_RESULT = "voice.stage.time_to_first_result";
    /** Up-down counter of calls in flight. */
    public static final String METRIC_CALLS_ACTIVE = "voice.calls.active";

    /** {@code startNanos} of {@link #newStage}: read the clock now (only once the stage is known to record). */
    static final long NOW = Long.MIN_VALUE;
    private static final String VERSION = readVersion();

    final Tracer tracer;
    final StageMetrics metrics;
    final EpochClock clock = new EpochClock();
    private final ConcurrencyTracker tracker;
    private final VoicePropagation propagation;
    private final boolean captureServerTiming;
    /** Neither traces nor metrics: stages are the shared no-op instances. */
    private final boolean off;

    VoiceTelemetry(OpenTelemetry openTelemetry, ConcurrencyTracker tracker, long bucketWidth,
                   VoicePropagation propagation, boolean captureServerTiming) {
        this.tracker = tracker;
        this.propagation = propagation;
        this.captureServerTiming = captureServerTiming;
        Tracer t;
        boolean tracing;
        try {
            TracerProvider provider = openTelemetry.getTracerProvider();
            tracing = provider != TracerProvider.noop();
            t = provider.tracerBuilder(INSTRUMENTATION_NAME)
                    .setInstrumentationVersion(VERSION)
                    .setSchemaUrl(StandardAttributes.SCHEMA_URL)
                    .build();
        } catch (RuntimeException e) {
            FailureLog.failed("VoiceTelemetry tracer", e);
            tracing = false;
            t = TracerProvider.noop().get(INSTRUMENTATION_NAME);
        }
        StageMetrics m;
        try {
            MeterProvider provider = openTelemetry.getMeterProvider();
            Meter meter = provider.meterBuilder(INSTRUMENTATION_NAME)
                    .setInstrumentationVersion(VERSION)
                    .setSchemaUrl(StandardAttributes.SCHEMA_URL)
                    .build();
            m = new StageMetrics(meter, provider != MeterProvider.noop(), bucketWidth);
        } catch (RuntimeException e) {
            FailureLog.failed("VoiceTelemetry meter", e);
            m = new StageMetrics(MeterProvider.noop().get(INSTRUMENTATION_NAME), false, bucketWidth);
        }
        this.tracer = t;
        this.metrics = m;
        this.off = !tracing && !m.enabled;
    }

    /** Instrumentation with the defaults: its own {@link ConcurrencyTracker}, buckets of 100 calls. */
    public static VoiceTelemetry create(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).build();
    }

    /**
     * A builder, for a shared {@link ConcurrencyTracker}, another concurrency bucket width, a propagator or
     * {@code Server-Timing} capture.
     */
    public static VoiceTelemetryBuilder builder(OpenTelemetry openTelemetry) {
        return new VoiceTelemetryBuilder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
    }

    /** The version of this module, as set on the tracer's and meter's instrumentation scope. */
    public static String instrumentationVersion() {
        return VERSION;
    }

    /**
     * Starts describing a call: set persona, scenario, parent context or span kind, then
     * {@link VoiceCall.Builder#start()}. A {@code null} session id leaves {@code session.id} unset.
     */
    public VoiceCall.Builder callBuilder(String sessionId) {
        return new VoiceCall.Builder(this, sessionId);
    }

    /** Starts a call under {@link Context#current()}; counts it in flight until {@link VoiceCall#end()}. */
    public VoiceCall startCall(String sessionId) {
        return callBuilder(sessionId).start();
    }

    /** Starts an STT stage under {@link Context#current()}. */
    public StageSpan startStt() {
        return startStage(VoiceStage.STT);
    }

    /** Starts an LLM stage for {@code model} ({@code gen_ai.request.model}) under {@link Context#current()}. */
    public StageSpan startLlm(String model) {
        return newStage(VoiceStage.LLM, null, NOW, null, null, model);
    }

    /** Starts a TTS stage under {@link Context#current()}. */
    public StageSpan startTts() {
        return startStage(VoiceStage.TTS);
    }

    /** Starts a tool call of {@code toolName} ({@code gen_ai.tool.name}) under {@link Context#current()}. */
    public StageSpan startTool(String toolName) {
        return newStage(VoiceStage.TOOL, null, NOW, null, null, toolName);
    }

    /** Starts a stage under {@link Context#current()}. */
    public StageSpan startStage(VoiceStage stage) {
        return newStage(stage, null, NOW, null, null, null);
    }

    /**
     * Starts a stage under {@code parent}, e.g. a context extracted from a request ({@code null}: the current
     * context).
     */
    public StageSpan startStage(VoiceStage stage, Context parent) {
        return newStage(stage, parent, NOW, null, null, null);
    }

    /**
     * Starts a stage under {@code parent} ({@code null}: the current context) at a {@link System#nanoTime()}
     * reading taken by the caller, for a
     * stage that began before the code that reports it ran (e.g. STT that started with the caller's speech).
     */
    public StageSpan startStage(VoiceStage stage, Context parent, long startNanoTime) {
        return newStage(stage, parent, startNanoTime, null, null, null);
    }

    /** The tracker whose count every span's {@code voice.concurrency} holds. */
    public ConcurrencyTracker concurrencyTracker() {
        return tracker;
    }

    /** Injects and extracts trace context for HTTP headers and WebSocket start messages. */
    public VoicePropagation propagation() {
        return propagation;
    }

    boolean capturesServerTiming() {
        return captureServerTiming;
    }

    /**
     * The one place stage spans are made. {@code detail} is the model of an LLM stage or the tool name of a
     * tool stage; {@code parent} {@code null} means {@link Context#current()}; {@code startNanos} {@link #NOW}
     * means now.
     */
    StageSpan newStage(VoiceStage stage, Context parent, long startNanos, VoiceTurn turn, String sessionId,
                       String detail) {
        if (stage == null) {
            return NoopStageSpan.of(null);
        }
        if (off && (turn == null || !captureServerTiming)) {
            return NoopStageSpan.of(stage);
        }
        try {
            if (startNanos == NOW) {
                startNanos = System.nanoTime();
            }
            long concurrency = tracker.inFlight();
            long startEpoch = clock.epochNanos(startNanos);
            SpanBuilder builder = tracer.spanBuilder(stage.spanName())
                    .setSpanKind(stage.spanKind())
                    .setStartTimestamp(startEpoch, TimeUnit.NANOSECONDS)
                    .setAttribute(VoiceAttributes.STAGE, stage.wireName())
                    .setAttribute(VoiceAttributes.CONCURRENCY, concurrency)
                    .setAttribute(StandardAttributes.GEN_AI_OPERATION_NAME, stage.operationName());
            if (parent != null) {
                builder.setParent(parent);
            }
            if (stage.openInferenceKind() != null) {
                builder.setAttribute(StandardAttributes.OPENINFERENCE_SPAN_KIND, stage.openInferenceKind());
            }
            if (sessionId != null) {
                builder.setAttribute(StandardAttributes.SESSION_ID, sessionId);
            }
            String toolName = null;
            if (detail != null) {
                if (stage == VoiceStage.TOOL) {
                    toolName = detail;
                    builder.setAttribute(StandardAttributes.GEN_AI_TOOL_NAME, detail);
                } else {
                    builder.setAttribute(StandardAttributes.GEN_AI_REQUEST_MODEL, detail);
                }
            }
            Span span = builder.startSpan();
            return new RecordingStageSpan(this, stage, span, startNanos, startEpoch, concurrency, turn, toolName);
        } catch (RuntimeException e) {
            FailureLog.failed("VoiceTelemetry.startStage", e);
            return NoopStageSpan.of(stage);
        }
    }

    private static String readVersion() {
        try (InputStream in = VoiceTelemetry.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "").trim();
                if (!v.isEmpty() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (Exception ignored) {
            // fall through to the jar manifest
        }
        String fromManifest = VoiceTelemetry.class.getPackage().getImplementationVersion();
        return fromManifest != null ? fromManifest : "unknown";
    }

    @Override
    public String toString() {
        return "VoiceTelemetry{" + INSTRUMENTATION_NAME + ' ' + VERSION + (off ? ", off" : "") + '}';
    }
}
