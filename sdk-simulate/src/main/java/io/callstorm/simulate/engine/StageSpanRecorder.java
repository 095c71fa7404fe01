package io.callstorm.simulate.engine;

import io.callstorm.core.secret.Secrets;
import io.callstorm.tracing.StageSample;
import io.callstorm.tracing.VoiceAttributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The span processor through which a run measures an in-process agent's stages: each ended span with
 * {@code voice.stage} becomes a {@link StageSample} ({@link StageSample#fromSpan}: the time to first result of
 * STT, LLM and TTS, the duration of a tool call, the {@code voice.concurrency} it started under and the
 * {@code session.id} of its call), handed to {@code samples}. Spans without a first result (failed before one)
 * and spans that are not stages give nothing.
 *
 * <p>{@link #onEnd} runs on the thread that ended the span, the agent's: it reads the attributes, makes one
 * sample and hands it over (the run queues it to its loop), nothing more. It never throws.
 */
final class StageSpanRecorder implements SpanProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(StageSpanRecorder.class);

    private final Consumer<StageSample> samples;
    private volatile boolean failed;
    private volatile boolean shutDown;

    StageSpanRecorder(Consumer<StageSample> samples) {
        this.samples = samples;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (shutDown) {
            return;
        }
        try {
            if (span.getAttribute(VoiceAttributes.STAGE) == null) {
                return; // a call or turn span: no stage, and no need to copy its attributes
            }
            Optional<StageSample> sample = StageSample.fromSpan(span.getAttributes(), span.getLatencyNanos());
            if (sample.isPresent()) {
                samples.accept(sample.get());
            }
        } catch (RuntimeException e) {
            if (!failed) {
                failed = true; // once: the run goes on without this span's sample
                LOG.warn("reading a stage span failed; the stage latency of such spans is missing", Secrets.redact(e));
            }
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public CompletableResultCode shutdown() {
        shutDown = true;
        return CompletableResultCode.ofSuccess();
    }
}
