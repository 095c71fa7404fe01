package io.callstorm.samples;

import io.callstorm.tracing.ServerTiming;
import io.callstorm.tracing.StageSample;
import io.callstorm.tracing.VoiceStage;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The instrumented agent service sample, with in-memory exporters in place of OTLP. */
class InstrumentedAgentServiceTest {
    @Test
    void theCallerAndTheAgentServiceShareOneTraceAndTheAgentReportsServerTiming() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        InMemoryMetricExporter metrics = InMemoryMetricExporter.create();
        List<String> serverTimings;
        List<SpanData> finished;
        List<MetricData> exportedMetrics;
        try (OpenTelemetrySdk openTelemetry = InstrumentedAgentService.openTelemetry("support-agent", exporter, metrics);
             InstrumentedAgentService.AgentService agent = InstrumentedAgentService.AgentService.start(openTelemetry)) {
            serverTimings = InstrumentedAgentService.callOnce(openTelemetry, agent.baseUri(), "call-1");
            openTelemetry.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
            openTelemetry.getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS);
            finished = exporter.getFinishedSpanItems(); // before close: shutting an exporter down clears it
            exportedMetrics = metrics.getFinishedMetricItems();
        }
        assertThat(exportedMetrics).extracting(MetricData::getName)
                .contains("voice.stage.duration", "voice.stage.time_to_first_result", "voice.calls.active");

        assertThat(serverTimings).hasSize(2);
        assertThat(ServerTiming.parse(serverTimings.get(0)).stageDurationsMs())
                .containsOnlyKeys(VoiceStage.STT, VoiceStage.LLM, VoiceStage.TOOL, VoiceStage.TTS);
        assertThat(ServerTiming.parse(serverTimings.get(0)).metrics())
                .anySatisfy(m -> assertThat(m.description()).contains("get_open_tickets"));
        assertThat(ServerTiming.parse(serverTimings.get(1)).stageDurationsMs())
                .containsOnlyKeys(VoiceStage.STT, VoiceStage.LLM, VoiceStage.TTS);

        List<SpanData> spans = finished;
        // caller call + agent call + 2 turns + (4 + 3) stages
        assertThat(spans).hasSize(11);
        assertThat(spans).extracting(SpanData::getTraceId).containsOnly(spans.get(0).getTraceId());
        SpanData callerCall = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT
                && s.getName().equals("voice.call")).findFirst().orElseThrow();
        SpanData agentCall = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertThat(agentCall.getParentSpanId()).isEqualTo(callerCall.getSpanId());
        List<StageSample> samples = spans.stream()
                .map(s -> StageSample.fromSpan(s.getAttributes(), s.getEndEpochNanos() - s.getStartEpochNanos()))
                .flatMap(Optional::stream).toList();
        assertThat(samples).hasSize(7).allSatisfy(s -> assertThat(s.concurrency()).isEqualTo(1));
        assertThat(samples).filteredOn(s -> s.stage() == VoiceStage.LLM)
                .allSatisfy(s -> assertThat(s.latencyMicros()).isGreaterThanOrEqualTo(40_000));
    }
}
