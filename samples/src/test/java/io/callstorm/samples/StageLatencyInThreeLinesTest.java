package io.callstorm.samples;

import io.callstorm.tracing.StageSample;
import io.callstorm.tracing.VoiceAttributes;
import io.callstorm.tracing.VoiceStage;
import io.callstorm.tracing.VoiceTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The three lines record the stage's time to first result with the calls in flight, as span and as metric. */
class StageLatencyInThreeLinesTest {
    @Test
    void recordsTimeToFirstTokenWithTheCallsInFlight() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        InMemoryMetricReader metrics = InMemoryMetricReader.create();
        CountDownLatch firstStreaming = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        StageLatencyInThreeLines.Model model = new StageLatencyInThreeLines.Model() {
            @Override
            public String name() {
                return "gpt-4o-mini";
            }

            @Override
            public Iterator<String> stream(String prompt) {
                try {
                    if (prompt.equals("first")) { // holds its first token until the second call is done
                        firstStreaming.countDown();
                        secondDone.await(5, TimeUnit.SECONDS);
                    }
                    Thread.sleep(20); // time to first token
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of("Your ticket ", "is resolved.").iterator();
            }
        };
        try (OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build()) {
            StageLatencyInThreeLines service = new StageLatencyInThreeLines(openTelemetry, model);
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> service.answer("call-1", "first"));
            assertThat(firstStreaming.await(5, TimeUnit.SECONDS)).isTrue();
            String second = service.answer("call-2", "second"); // while call-1 is in flight
            secondDone.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(second).isEqualTo("Your ticket is resolved.");

            List<SpanData> llm = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("voice.llm"))
                    .toList();
            List<StageSample> samples = llm.stream()
                    .map(s -> StageSample.fromSpan(s.getAttributes(), 0).orElseThrow()).toList();
            assertThat(samples).hasSize(2).allSatisfy(sample -> {
                assertThat(sample.stage()).isEqualTo(VoiceStage.LLM);
                assertThat(sample.latencyMicros()).isGreaterThanOrEqualTo(20_000);
            });
            // call-1's request started alone; call-2's while call-1 was still in flight
            assertThat(samples).extracting(StageSample::concurrency).containsExactlyInAnyOrder(1L, 2L);

            Optional<MetricData> ttft = metrics.collectAllMetrics().stream()
                    .filter(m -> m.getName().equals(VoiceTelemetry.METRIC_TIME_TO_FIRST_RESULT)).findFirst();
            assertThat(ttft).isPresent();
            assertThat(ttft.get().getHistogramData().getPoints()).singleElement().satisfies((HistogramPointData p) -> {
                assertThat(p.getCount()).isEqualTo(2);
                assertThat(p.getAttributes().get(VoiceAttributes.STAGE)).isEqualTo("llm");
                assertThat(p.getAttributes().get(VoiceAttributes.CONCURRENCY_BUCKET)).isEqualTo(0L);
            });
        }
    }
}
