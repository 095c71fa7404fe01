package io.callstorm.tracing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/** One "process": an SDK with in-memory span export and metric reading, as a test builds it. */
final class TestSdk implements AutoCloseable {
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    final OpenTelemetrySdk sdk;

    private TestSdk(boolean w3cPropagators) {
        var builder = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build());
        if (w3cPropagators) {
            builder.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
        }
        this.sdk = builder.build();
    }

    /** With W3C trace context propagators configured, as an application would. */
    static TestSdk create() {
        return new TestSdk(true);
    }

    /** Without propagators (the SDK's default: no-op), as an application that forgot them. */
    static TestSdk withoutPropagators() {
        return new TestSdk(false);
    }

    @Override
    public void close() {
        sdk.close();
    }
}
