package io.callstorm.tracing;

import io.callstorm.core.Stage;
import io.opentelemetry.api.common.Attributes;

import java.util.Objects;
import java.util.Optional;

/**
 * One stage latency read back from an ended stage span: what a simulator (or any span processor) needs to feed
 * a latency-vs-concurrency histogram from spans instead of keeping its own books.
 *
 * <p>The contract, on the span's attributes alone (plus its duration for tools):
 * <ul>
 *   <li>a stage span is one with {@code voice.stage} = {@code stt}, {@code llm}, {@code tts} or {@code tool};
 *       other spans give no sample;</li>
 *   <li>{@code stt}, {@code llm}, {@code tts}: the latency is the time to first result,
 *       {@code voice.stt.ttft_ms} / {@code voice.llm.ttft_ms} / {@code voice.tts.ttfb_ms}; a stage that ended
 *       without a first result (typically an error) gives no sample;</li>
 *   <li>{@code tool}: the latency is the span's duration (end minus start), timeouts and errors included, as
 *       the report's {@code tool_call} counts them;</li>
 *   <li>the concurrency is {@code voice.concurrency} (0 if absent), the session {@code session.id}, the error
 *       {@code error.type}.</li>
 * </ul>
 *
 * <pre>{@code
 * // in an SDK SpanProcessor (io.opentelemetry.sdk.trace.ReadableSpan):
 * public void onEnd(ReadableSpan span) {
 *     StageSample.fromSpan(span.getAttributes(), span.getLatencyNanos())
 *         .ifPresent(s -> histograms.record(s.reportStage(), s.concurrency(), s.latencyMicros()));
 * }
 * }</pre>
 *
 * @param stage         the pipeline stage
 * @param latencyMicros the stage's latency as the report measures it, in microseconds
 * @param concurrency   calls in flight in the agent's process when the stage started
 * @param sessionId     the call's session id, when the stage was started from a {@link VoiceTurn}
 * @param errorType     the error the stage ended with, if any
 */
public record StageSample(VoiceStage stage, long latencyMicros, long concurrency, Optional<String> sessionId,
                          Optional<String> errorType) {
    public StageSample {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(errorType, "errorType");
        if (latencyMicros < 0) {
            throw new IllegalArgumentException("latencyMicros must be >= 0, was " + latencyMicros);
        }
    }

    /** The report stage the latency belongs to: {@code stt_ttft}, {@code llm_ttft}, {@code tts_first_audio}, {@code tool_call}. */
    public Stage reportStage() {
        return stage.reportStage();
    }

    /**
     * The sample of an ended span, or empty if the span is not a stage span or carries no latency (see the
     * class description). Never throws.
     *
     * @param attributes         the span's attributes
     * @param spanDurationNanos  the span's end minus start timestamp, in nanoseconds (used for tools only)
     */
    public static Optional<StageSample> fromSpan(Attributes attributes, long spanDurationNanos) {
        if (attributes == null) {
            return Optional.empty();
        }
        try {
            VoiceStage stage = VoiceStage.find(attributes.get(VoiceAttributes.STAGE));
            if (stage == null) {
                return Optional.empty();
            }
            long micros;
            if (stage.hasFirstResult()) {
                Double ms = attributes.get(stage.firstResultKey());
                if (ms == null || !(ms >= 0) || ms.isInfinite()) {
                    return Optional.empty();
                }
                micros = Math.round(ms * 1000.0);
            } else {
                if (spanDurationNanos < 0) {
                    return Optional.empty();
                }
                micros = (spanDurationNanos + 500) / 1000;
            }
            Long concurrency = attributes.get(VoiceAttributes.CONCURRENCY);
            return Optional.of(new StageSample(stage, micros, concurrency == null ? 0 : Math.max(0, concurrency),
                    Optional.ofNullable(attributes.get(StandardAttributes.SESSION_ID)),
                    Optional.ofNullable(attributes.get(StandardAttributes.ERROR_TYPE))));
        } catch (RuntimeException e) {
            FailureLog.failed("StageSample.fromSpan", e);
            return Optional.empty();
        }
    }
}
