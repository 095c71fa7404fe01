package io.callstorm.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.metrics.data.MetricData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;

class StageMetricsTest {
    private static final long MS = 1_000_000L;
    private static final List<Double> BOUNDARIES = List.of(
            0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

    private final TestSdk sdk = TestSdk.create();

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void stageLatencyAndTimeToFirstResultByStageAndConcurrencyBucket() {
        VoiceTelemetry telemetry = VoiceTelemetry.builder(sdk.sdk).concurrencyBucketWidth(2).build();
        VoiceCall a = telemetry.startCall("a");
        VoiceCall b = telemetry.startCall("b");
        VoiceCall c = telemetry.startCall("c"); // 3 in flight: bucket [2, 4)
        long t0 = System.nanoTime();
        VoiceTurn turn = c.startTurn();
        turn.startStage(VoiceStage.LLM, t0).firstResultAt(t0 + 80 * MS).endAt(t0 + 200 * MS);
        turn.startStage(VoiceStage.TOOL, t0).error("timeout").endAt(t0 + 1500 * MS);
        a.end();
        b.end(); // 1 in flight: bucket [0, 2)
        telemetry.startStage(VoiceStage.LLM, io.opentelemetry.context.Context.root(), t0)
                .firstResultAt(t0 + 40 * MS).endAt(t0 + 50 * MS);

        Collection<MetricData> metrics = sdk.metrics.collectAllMetrics();
        Attributes llmAt2 = Attributes.of(VoiceAttributes.STAGE, "llm", VoiceAttributes.CONCURRENCY_BUCKET, 2L);
        Attributes llmAt0 = Attributes.of(VoiceAttributes.STAGE, "llm", VoiceAttributes.CONCURRENCY_BUCKET, 0L);
        assertThat(metric(metrics, "voice.stage.duration")).hasUnit("s")
                .hasInstrumentationScope(io.opentelemetry.sdk.common.InstrumentationScopeInfo
                        .builder(VoiceTelemetry.INSTRUMENTATION_NAME).setVersion(VoiceTelemetry.instrumentationVersion())
                        .setSchemaUrl(StandardAttributes.SCHEMA_URL).build())
                .hasHistogramSatisfying(h -> h.hasPointsSatisfying(
                        p -> p.hasAttributes(llmAt2).hasCount(1).hasSum(0.2).hasBucketBoundaries(BOUNDARIES.stream()
                                .mapToDouble(Double::doubleValue).toArray()),
                        p -> p.hasAttributesSatisfyingExactly(equalTo(VoiceAttributes.STAGE, "tool"),
                                equalTo(VoiceAttributes.CONCURRENCY_BUCKET, 2L),
                                equalTo(StandardAttributes.ERROR_TYPE, "timeout")).hasCount(1).hasSum(1.5),
                        p -> p.hasAttributes(llmAt0).hasCount(1).hasSum(0.05)));
        assertThat(metric(metrics, "voice.stage.time_to_first_result")).hasUnit("s")
                .hasHistogramSatisfying(h -> h.hasPointsSatisfying(
                        p -> p.hasAttributes(llmAt2).hasCount(1).hasSum(0.08),
                        p -> p.hasAttributes(llmAt0).hasCount(1).hasSum(0.04)));
        assertThat(metric(metrics, "voice.calls.active")).hasUnit("{call}")
                .hasLongSumSatisfying(s -> s.isNotMonotonic().hasPointsSatisfying(p -> p.hasValue(1)));

        c.end();
        assertThat(metric(sdk.metrics.collectAllMetrics(), "voice.calls.active"))
                .hasLongSumSatisfying(s -> s.hasPointsSatisfying(p -> p.hasValue(0)));
    }

    @Test
    void metricsWorkWithoutTracing() {
        OpenTelemetry metricsOnly = new OpenTelemetry() {
            @Override
            public TracerProvider getTracerProvider() {
                return TracerProvider.noop();
            }

            @Override
            public MeterProvider getMeterProvider() {
                return sdk.sdk.getMeterProvider();
            }

            @Override
            public ContextPropagators getPropagators() {
                return ContextPropagators.noop();
            }
        };
        VoiceTelemetry telemetry = VoiceTelemetry.create(metricsOnly);
        StageSpan stt = telemetry.startStt();
        assertThat(stt).isInstanceOf(RecordingStageSpan.class);
        assertThat(stt.span().isRecording()).isFalse();
        long t0 = System.nanoTime();
        telemetry.startStage(VoiceStage.STT, null, t0).firstResultAt(t0 + 30 * MS).endAt(t0 + 30 * MS);
        stt.end();
        assertThat(metric(sdk.metrics.collectAllMetrics(), "voice.stage.time_to_first_result"))
                .hasHistogramSatisfying(h -> h.hasPointsSatisfying(p -> p.hasCount(1).hasSum(0.03)));
        assertThat(sdk.spans.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void concurrencyBucketsAreLowerBoundsOfTheConfiguredWidth() {
        StageMetrics m = new StageMetrics(MeterProvider.noop().get("x"), true, 100);
        assertThat(m.bucket(0)).isZero();
        assertThat(m.bucket(99)).isZero();
        assertThat(m.bucket(100)).isEqualTo(100);
        assertThat(m.bucket(1234)).isEqualTo(1200);
        assertThat(m.attributes(VoiceStage.TTS, 1234)).isSameAs(m.attributes(VoiceStage.TTS, 1299))
                .isEqualTo(Attributes.of(VoiceAttributes.STAGE, "tts", VoiceAttributes.CONCURRENCY_BUCKET, 1200L));
        assertThat(m.attributes(VoiceStage.TTS, 1_000_000)) // past the cache: built each time, same content
                .isEqualTo(Attributes.of(VoiceAttributes.STAGE, "tts", VoiceAttributes.CONCURRENCY_BUCKET, 1_000_000L));
    }

    private static MetricData metric(Collection<MetricData> metrics, String name) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + metrics));
    }
}
