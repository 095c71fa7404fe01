package io.callstorm.simulate.engine;

import io.callstorm.core.secret.Secrets;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.tracing.StageSample;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The OpenTelemetry SDK of one run. Its tracer provider samples every span (a span a sampler drops never reaches
 * a processor) and has two processors: the {@link StageSpanRecorder} that turns stage spans into the run's latency
 * samples, and, when the user gave an exporter, a {@link BatchSpanProcessor} that exports the same spans. The
 * connector gets the SDK before the first call ({@link AgentConnector#instrument}) and {@code noop()} after the
 * last; then the SDK is shut down, which exports what the batch processor still holds.
 */
final class RunTracing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunTracing.class);
    /** Longest wait at the end of a run for the last spans to be exported. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    // a run ends ~6 spans per turn, thousands of turns a second at peak: room for a slow exporter's bursts
    static final int EXPORT_QUEUE_SPANS = 32_768;
    static final int EXPORT_BATCH_SPANS = 1_024;
    static final Duration EXPORT_DELAY = Duration.ofSeconds(1);

    private final AgentConnector connector;
    private final OpenTelemetrySdk sdk;
    private boolean closed;

    private RunTracing(AgentConnector connector, OpenTelemetrySdk sdk) {
        this.connector = connector;
        this.sdk = sdk;
    }

    /**
     * Builds the run's SDK and hands it to the connector.
     *
     * @param samples receives a sample per ended stage span, on the thread that ended it
     */
    static RunTracing start(String simulationName, AgentConnector connector, Optional<SpanExporter> exporter,
                            Consumer<StageSample> samples) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "callstorm-simulation",
                AttributeKey.stringKey("callstorm.simulation.name"), simulationName,
                AttributeKey.stringKey("callstorm.connector"), connector.describe())));
        SdkTracerProviderBuilder tracing = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.alwaysOn())
                .addSpanProcessor(new StageSpanRecorder(samples));
        exporter.ifPresent(e -> tracing.addSpanProcessor(BatchSpanProcessor.builder(new BorrowedExporter(e))
                .setMaxQueueSize(EXPORT_QUEUE_SPANS)
                .setMaxExportBatchSize(EXPORT_BATCH_SPANS)
                .setScheduleDelay(EXPORT_DELAY)
                .build()));
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracing.build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        RunTracing run = new RunTracing(connector, sdk);
        run.instrument(sdk);
        return run;
    }

    /** The run's OpenTelemetry. */
    OpenTelemetry openTelemetry() {
        return sdk;
    }

    private void instrument(OpenTelemetry openTelemetry) {
        try {
            connector.instrument(openTelemetry);
        } catch (RuntimeException e) {
            // the run goes on: the agent's stages then come from its replies, if it reports them there
            LOG.warn("{}: instrument() failed; its spans are not measured", connector.describe(), Secrets.redact(e));
        }
    }

    /** Hands the connector {@code noop()}, then shuts the SDK down: the exporter gets what is left. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        instrument(OpenTelemetry.noop());
        CompletableResultCode done = sdk.shutdown().join(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!done.isSuccess()) {
            LOG.warn("the run's spans were not all exported within {} s of its end", SHUTDOWN_TIMEOUT.toSeconds());
        }
    }

    /**
     * The user's exporter, which the user owns: flushed when the run's SDK shuts down, never shut down itself, so
     * it can serve the next run of the same simulation (and the user closes it).
     */
    private static final class BorrowedExporter implements SpanExporter {
        private final SpanExporter exporter;

        BorrowedExporter(SpanExporter exporter) {
            this.exporter = exporter;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return exporter.export(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return exporter.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return exporter.flush();
        }

        @Override
        public String toString() {
            return exporter.toString();
        }
    }
}
