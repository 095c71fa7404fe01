package io.callstorm.tracing;

import io.callstorm.core.Stage;
import io.callstorm.core.transcript.ToolCallStatus;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's side of the contract: an SDK span processor turns ended stage spans into latency samples. */
class StageSampleTest {
    private static final long MS = 1_000_000L;

    /** What sdk-simulate does: map each ended span, keep the samples. */
    static final class SampleCollector implements SpanProcessor {
        final List<StageSample> samples = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            StageSample.fromSpan(span.getAttributes(), span.getLatencyNanos()).ifPresent(samples::add);
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }

    @Test
    void aSpanProcessorReadsStageLatencyAndConcurrencyFromEndedSpans() {
        SampleCollector collector = new SampleCollector();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(collector).build()).build()) {
            VoiceTelemetry telemetry = VoiceTelemetry.create(sdk);
            VoiceCall other = telemetry.startCall("other");
            try (VoiceCall call = telemetry.startCall("s-1"); VoiceTurn turn = call.startTurn()) {
                long t0 = System.nanoTime();
                turn.startStage(VoiceStage.STT, t0).firstResultAt(t0 + 123_456_789L).endAt(t0 + 900 * MS);
                turn.startStage(VoiceStage.LLM, t0).firstResultAt(t0 + 250 * MS).endAt(t0 + 600 * MS);
                turn.startStage(VoiceStage.TOOL, t0).toolName("lookup").toolOutcome(ToolCallStatus.TIMEOUT)
                        .endAt(t0 + 2_000_123_456L);
                turn.startStage(VoiceStage.TTS, t0).firstResultAt(t0 + 110 * MS).endAt(t0 + 3000 * MS);
                turn.startStage(VoiceStage.TTS, t0).error("pool_exhausted").endAt(t0 + 10 * MS); // no first audio
            }
            other.end();
        }
        assertThat(collector.samples).extracting(StageSample::reportStage).containsExactly(
                Stage.STT_TTFT, Stage.LLM_TTFT, Stage.TOOL_CALL, Stage.TTS_FIRST_AUDIO);
        assertThat(collector.samples).extracting(StageSample::latencyMicros)
                .containsExactly(123_457L, 250_000L, 2_000_123L, 110_000L);
        assertThat(collector.samples).allSatisfy(s -> {
            assertThat(s.concurrency()).isEqualTo(2);
            assertThat(s.sessionId()).contains("s-1");
        });
        assertThat(collector.samples.get(2).errorType()).contains("timeout");
        assertThat(collector.samples.get(0).errorType()).isEmpty();
    }

    @Test
    void spansThatAreNotStagesOrCarryNoLatencyGiveNoSample() {
        assertThat(StageSample.fromSpan(null, 5)).isEmpty();
        assertThat(StageSample.fromSpan(Attributes.empty(), 5)).isEmpty();
        assertThat(StageSample.fromSpan(Attributes.of(VoiceAttributes.STAGE, "asr"), 5)).isEmpty();
        assertThat(StageSample.fromSpan(Attributes.of(VoiceAttributes.STAGE, "llm"), 5)).isEmpty();
        assertThat(StageSample.fromSpan(Attributes.of(VoiceAttributes.STAGE, "llm",
                VoiceAttributes.LLM_TTFT_MS, Double.NaN), 5)).isEmpty();
        assertThat(StageSample.fromSpan(Attributes.of(VoiceAttributes.STAGE, "tool"), -1)).isEmpty();
    }

    @Test
    void attributesFromAnyProducerMap() {
        Attributes foreign = Attributes.builder()
                .put(VoiceAttributes.STAGE, "tts")
                .put(VoiceAttributes.TTS_TTFB_MS, 87.25)
                .build();
        assertThat(StageSample.fromSpan(foreign, 999)).isEqualTo(Optional.of(
                new StageSample(VoiceStage.TTS, 87_250, 0, Optional.empty(), Optional.empty())));
        assertThat(StageSample.fromSpan(Attributes.of(VoiceAttributes.STAGE, "tool",
                VoiceAttributes.CONCURRENCY, 40L), 1_499)).map(StageSample::latencyMicros).contains(1L);
    }

    @Test
    void stagesNameTheirReportStages() {
        assertThat(VoiceStage.STT.reportStage()).isEqualTo(Stage.STT_TTFT);
        assertThat(VoiceStage.LLM.reportStage()).isEqualTo(Stage.LLM_TTFT);
        assertThat(VoiceStage.TTS.reportStage()).isEqualTo(Stage.TTS_FIRST_AUDIO);
        assertThat(VoiceStage.TOOL.reportStage()).isEqualTo(Stage.TOOL_CALL);
        assertThat(VoiceStage.fromWireName("tts")).contains(VoiceStage.TTS);
        assertThat(VoiceStage.fromWireName("TTS")).isEmpty();
        assertThat(VoiceStage.TTS.firstResultAttribute()).contains(VoiceAttributes.TTS_TTFB_MS);
        assertThat(VoiceStage.TOOL.firstResultEvent()).isEmpty();
    }
}
