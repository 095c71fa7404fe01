package io.callstorm.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** With a no-op OpenTelemetry the stage path is shared instances: nothing allocated, nothing recorded. */
class NoopTest {
    private final VoiceTelemetry telemetry = VoiceTelemetry.create(OpenTelemetry.noop());

    @Test
    void stagesAreSharedNoopInstances() {
        StageSpan a = telemetry.startLlm("gpt-4o");
        StageSpan b = telemetry.startLlm("other");
        assertThat(a).isSameAs(b).isInstanceOf(NoopStageSpan.class);
        assertThat(a.stage()).isEqualTo(VoiceStage.LLM);
        assertThat(a.span()).isSameAs(Span.getInvalid());
        VoiceCall call = telemetry.startCall("s");
        VoiceTurn turn = call.startTurn();
        assertThat(turn.startTts()).isSameAs(telemetry.startTts());
        assertThat(turn.startTool("t").stage()).isEqualTo(VoiceStage.TOOL);
        assertThat(telemetry.concurrencyTracker().inFlight()).isEqualTo(1); // calls still count
        call.end();
        assertThat(telemetry.concurrencyTracker().inFlight()).isZero();
        assertThat(telemetry.toString()).contains("off");
    }

    @Test
    void theStagePathAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        VoiceTurn turn = telemetry.startCall("s").startTurn();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            oneTurnOfStages(turn);
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            oneTurnOfStages(turn);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated by 400,000 no-op stages").isLessThan(4096);
    }

    private void oneTurnOfStages(VoiceTurn turn) {
        StageSpan stt = turn.startStt();
        stt.firstResult();
        stt.end();
        StageSpan llm = telemetry.startLlm("gpt-4o-mini");
        llm.firstResult().tokens(800, 40).promptCacheHit(true);
        llm.end();
        StageSpan tool = turn.startTool("get_open_tickets");
        tool.end();
        try (StageSpan tts = turn.startTts()) {
            tts.firstResult();
        }
    }
}
