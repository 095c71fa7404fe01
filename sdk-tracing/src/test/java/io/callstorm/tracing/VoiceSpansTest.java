package io.callstorm.tracing;

import io.callstorm.core.transcript.ToolCallStatus;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies;
import static org.assertj.core.api.Assertions.assertThat;

class VoiceSpansTest {
    private static final long MS = 1_000_000L;

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    @Test
    void callTurnAndStagesFormOneTreeWithTheDocumentedNamesKindsAttributesAndEvents() {
        VoiceTelemetry telemetry = VoiceTelemetry.create(otel.getOpenTelemetry());
        try (VoiceCall call = telemetry.callBuilder("session-1").persona("impatient_senior")
                .scenario("refund/approved").start();
             VoiceTurn turn = call.startTurn()) {
            long t0 = System.nanoTime();
            StageSpan stt = turn.startStage(VoiceStage.STT, t0).provider("deepgram").model("nova-2");
            stt.firstResultAt(t0 + 120 * MS);
            stt.endAt(t0 + 300 * MS);

            StageSpan llm = turn.startLlm("gpt-4o-mini").provider("openai");
            llm.firstResult();
            llm.tokens(812, 45).promptCacheHit(true).end();

            StageSpan tool = turn.startTool("get_open_tickets");
            tool.toolOutcome(ToolCallStatus.OK).end();

            try (StageSpan tts = turn.startTts()) {
                tts.firstResult();
            }
        }

        List<SpanData> spans = otel.getSpans();
        assertThat(spans).hasSize(6);
        SpanData call = named(spans, "voice.call");
        SpanData turn = named(spans, "voice.turn");
        SpanData stt = named(spans, "voice.stt");
        SpanData llm = named(spans, "voice.llm");
        SpanData tool = named(spans, "voice.tool");
        SpanData tts = named(spans, "voice.tts");

        InstrumentationScopeInfo scope = InstrumentationScopeInfo.builder("io.callstorm.sdk-tracing")
                .setVersion(VoiceTelemetry.instrumentationVersion())
                .setSchemaUrl(StandardAttributes.SCHEMA_URL)
                .build();
        assertThat(VoiceTelemetry.instrumentationVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(spans).allSatisfy(s -> assertThat(s).hasInstrumentationScopeInfo(scope)
                .hasTraceId(call.getTraceId()).hasEnded());

        assertThat(call).hasNoParent().hasKind(SpanKind.INTERNAL).hasStatus(StatusData.unset())
                .hasAttributesSatisfyingExactly(
                        equalTo(StandardAttributes.SESSION_ID, "session-1"),
                        equalTo(VoiceAttributes.PERSONA, "impatient_senior"),
                        equalTo(VoiceAttributes.SCENARIO, "refund/approved"),
                        equalTo(VoiceAttributes.CONCURRENCY, 1L),
                        equalTo(StandardAttributes.OPENINFERENCE_SPAN_KIND, "CHAIN"),
                        equalTo(VoiceAttributes.CALL_TURNS, 1L));
        assertThat(turn).hasParent(call).hasKind(SpanKind.INTERNAL)
                .hasAttributesSatisfyingExactly(
                        equalTo(VoiceAttributes.TURN_INDEX, 1L),
                        equalTo(VoiceAttributes.CONCURRENCY, 1L),
                        equalTo(StandardAttributes.SESSION_ID, "session-1"),
                        equalTo(StandardAttributes.OPENINFERENCE_SPAN_KIND, "CHAIN"));

        assertThat(stt).hasParent(turn).hasKind(SpanKind.CLIENT)
                .hasAttributesSatisfyingExactly(
                        equalTo(VoiceAttributes.STAGE, "stt"),
                        equalTo(VoiceAttributes.CONCURRENCY, 1L),
                        equalTo(StandardAttributes.GEN_AI_OPERATION_NAME, "stt"),
                        equalTo(StandardAttributes.GEN_AI_PROVIDER_NAME, "deepgram"),
                        equalTo(StandardAttributes.GEN_AI_REQUEST_MODEL, "nova-2"),
                        equalTo(StandardAttributes.SESSION_ID, "session-1"),
                        equalTo(VoiceAttributes.STT_TTFT_MS, 120.0))
                .hasEventsSatisfyingExactly(e -> e.hasName("voice.stt.first_partial")
                        .hasTimestamp(stt.getStartEpochNanos() + 120 * MS));
        assertThat(stt.getEndEpochNanos() - stt.getStartEpochNanos()).isEqualTo(300 * MS);

        assertThat(llm).hasParent(turn).hasKind(SpanKind.CLIENT).hasStatus(StatusData.unset())
                .hasAttributesSatisfyingExactly(
                        equalTo(VoiceAttributes.STAGE, "llm"),
                        equalTo(VoiceAttributes.CONCURRENCY, 1L),
                        equalTo(StandardAttributes.GEN_AI_OPERATION_NAME, "chat"),
                        equalTo(StandardAttributes.OPENINFERENCE_SPAN_KIND, "LLM"),
                        equalTo(StandardAttributes.GEN_AI_REQUEST_MODEL, "gpt-4o-mini"),
                        equalTo(StandardAttributes.GEN_AI_PROVIDER_NAME, "openai"),
                        equalTo(StandardAttributes.SESSION_ID, "session-1"),
                        equalTo(StandardAttributes.GEN_AI_USAGE_INPUT_TOKENS, 812L),
                        equalTo(StandardAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, 45L),
                        equalTo(VoiceAttributes.LLM_PROMPT_CACHE_HIT, true),
                        satisfies(VoiceAttributes.LLM_TTFT_MS, v -> v.isGreaterThanOrEqualTo(0.0)))
                .hasEventsSatisfyingExactly(e -> e.hasName("voice.llm.first_token"));

        assertThat(tool).hasParent(turn).hasKind(SpanKind.INTERNAL).hasStatus(StatusData.unset())
                .hasTotalRecordedEvents(0)
                .hasAttributesSatisfyingExactly(
                        equalTo(VoiceAttributes.STAGE, "tool"),
                        equalTo(VoiceAttributes.CONCURRENCY, 1L),
                        equalTo(StandardAttributes.GEN_AI_OPERATION_NAME, "execute_tool"),
                        equalTo(StandardAttributes.OPENINFERENCE_SPAN_KIND, "TOOL"),
                        equalTo(StandardAttributes.GEN_AI_TOOL_NAME, "get_open_tickets"),
                        equalTo(StandardAttributes.SESSION_ID, "session-1"),
                        equalTo(VoiceAttributes.TOOL_OUTCOME, "ok"));

        assertThat(tts).hasParent(turn).hasKind(SpanKind.CLIENT)
                .hasAttribute(VoiceAttributes.STAGE, "tts")
                .hasAttributesSatisfying(satisfies(VoiceAttributes.TTS_TTFB_MS, v -> v.isGreaterThanOrEqualTo(0.0)))
                .hasEventsSatisfyingExactly(e -> e.hasName("voice.tts.first_audio"));
    }

    @Test
    void errorsSetStatusErrorTypeAndTheException() {
        VoiceTelemetry telemetry = VoiceTelemetry.create(otel.getOpenTelemetry());
        IOException failure = new IOException("stream reset");
        try (VoiceCall call = telemetry.startCall("s-err"); VoiceTurn turn = call.startTurn()) {
            turn.startStt().error(failure).end();
            turn.startLlm("m").error("429").end();
            turn.startTool("lookup").toolOutcome(ToolCallStatus.TIMEOUT).end();
            turn.startTool("lookup").toolOutcome(ToolCallStatus.ERROR).end();
            turn.error("stage_failed");
            call.error(new IllegalStateException("hung up"));
        }
        List<SpanData> spans = otel.getSpans();
        assertThat(named(spans, "voice.stt")).hasStatus(StatusData.create(
                        io.opentelemetry.api.trace.StatusCode.ERROR, "stream reset"))
                .hasAttribute(StandardAttributes.ERROR_TYPE, "java.io.IOException")
                .hasException(failure);
        assertThat(named(spans, "voice.llm")).hasStatus(StatusData.error())
                .hasAttribute(StandardAttributes.ERROR_TYPE, "429");
        List<SpanData> tools = spans.stream().filter(s -> s.getName().equals("voice.tool")).toList();
        assertThat(tools.get(0)).hasStatus(StatusData.error())
                .hasAttribute(VoiceAttributes.TOOL_OUTCOME, "timeout")
                .hasAttribute(StandardAttributes.ERROR_TYPE, "timeout");
        assertThat(tools.get(1)).hasAttribute(VoiceAttributes.TOOL_OUTCOME, "error")
                .hasAttribute(StandardAttributes.ERROR_TYPE, "tool_error");
        assertThat(named(spans, "voice.turn")).hasStatus(StatusData.error())
                .hasAttribute(StandardAttributes.ERROR_TYPE, "stage_failed");
        assertThat(named(spans, "voice.call"))
                .hasAttribute(StandardAttributes.ERROR_TYPE, "java.lang.IllegalStateException");
    }

    @Test
    void stagesStartedWithoutATurnUseTheCurrentContextOrTheGivenParent() {
        VoiceTelemetry telemetry = VoiceTelemetry.create(otel.getOpenTelemetry());
        Span request = otel.getOpenTelemetry().getTracer("test").spanBuilder("POST /chat").startSpan();
        Scope scope = request.makeCurrent();
        try {
            telemetry.startLlm("gpt-4o").end();
        } finally {
            scope.close();
        }
        telemetry.startStage(VoiceStage.TTS, Context.root().with(request)).end();
        telemetry.startStage(VoiceStage.STT).end(); // no parent at all
        request.end();

        List<SpanData> spans = otel.getSpans();
        SpanData parent = named(spans, "POST /chat");
        assertThat(named(spans, "voice.llm")).hasParent(parent)
                .hasAttribute(StandardAttributes.GEN_AI_REQUEST_MODEL, "gpt-4o")
                .hasAttributesSatisfying(a -> assertThat(a.get(StandardAttributes.SESSION_ID)).isNull());
        assertThat(named(spans, "voice.tts")).hasParent(parent);
        assertThat(named(spans, "voice.stt")).hasNoParent();
    }

    @Test
    void everySpanCarriesTheCallsInFlightWhenItStarted() {
        ConcurrencyTracker tracker = ConcurrencyTracker.create();
        VoiceTelemetry telemetry = VoiceTelemetry.builder(otel.getOpenTelemetry()).concurrencyTracker(tracker).build();
        VoiceCall first = telemetry.startCall("a");
        VoiceCall second = telemetry.startCall("b");
        assertThat(tracker.inFlight()).isEqualTo(2);
        assertThat(second.concurrency()).isEqualTo(2);
        VoiceTurn turn = second.startTurn();
        turn.startLlm("m").end();
        first.end();
        turn.startTts().end();
        turn.end();
        second.end();
        assertThat(tracker.inFlight()).isZero();

        List<SpanData> spans = otel.getSpans();
        assertThat(named(spans, "voice.llm")).hasAttribute(VoiceAttributes.CONCURRENCY, 2L);
        assertThat(named(spans, "voice.tts")).hasAttribute(VoiceAttributes.CONCURRENCY, 1L);
        assertThat(telemetry.concurrencyTracker()).isSameAs(tracker);
    }

    @Test
    void turnsAreNumberedFromOneAndTheCallCountsThem() {
        VoiceTelemetry telemetry = VoiceTelemetry.create(otel.getOpenTelemetry());
        try (VoiceCall call = telemetry.callBuilder("s").spanKind(SpanKind.SERVER).start()) {
            assertThat(call.sessionId()).contains("s");
            for (int i = 1; i <= 3; i++) {
                try (VoiceTurn turn = call.startTurn()) {
                    assertThat(turn.index()).isEqualTo(i);
                    assertThat(Span.fromContext(turn.context()).getSpanContext()).isEqualTo(turn.span().getSpanContext());
                }
            }
        }
        List<SpanData> spans = otel.getSpans();
        assertThat(named(spans, "voice.call")).hasKind(SpanKind.SERVER).hasAttribute(VoiceAttributes.CALL_TURNS, 3L);
        assertThat(spans.stream().filter(s -> s.getName().equals("voice.turn"))
                .map(s -> s.getAttributes().get(VoiceAttributes.TURN_INDEX))).containsExactly(1L, 2L, 3L);
    }

    static SpanData named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
    }
}
