package io.callstorm.tracing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static io.callstorm.tracing.VoiceSpansTest.named;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller and an agent in two "processes" (two SDKs, two exporters): the trace context crosses an HTTP hop
 * and a WebSocket hop only through the carrier, and the agent's spans land in the caller's trace.
 */
class PropagationTest {
    private final TestSdk callerSdk = TestSdk.create();
    private final TestSdk agentSdk = TestSdk.withoutPropagators();
    private final VoiceTelemetry caller = VoiceTelemetry.create(callerSdk.sdk);
    private final VoiceTelemetry agent = VoiceTelemetry.builder(agentSdk.sdk).captureServerTiming(true).build();

    @AfterEach
    void close() {
        callerSdk.close();
        agentSdk.close();
    }

    @Test
    void httpHopJoinsTheAgentsSpansToTheCallersTrace() throws Exception {
        VoiceCall callerCall = caller.callBuilder("call-7").spanKind(SpanKind.CLIENT).start();
        Map<String, String> headers = new HashMap<>();
        caller.propagation().injectHttpHeaders(callerCall.context(), headers);
        assertThat(headers).containsKey("traceparent");
        assertThat(headers.get("traceparent")).contains(callerCall.span().getSpanContext().getTraceId());

        // the agent sees the headers as a proxy may have rewritten them: other case, on another thread
        Map<String, String> onTheWire = new HashMap<>();
        headers.forEach((k, v) -> onTheWire.put(k.toUpperCase(java.util.Locale.ROOT), v));
        String serverTiming = CompletableFuture.supplyAsync(() -> serveTurn(agent.propagation().extractHttpHeaders(onTheWire)))
                .get();
        callerCall.end();

        SpanData callerSpan = callerSdk.spans.getFinishedSpanItems().get(0);
        assertThat(callerSpan).hasName("voice.call").hasKind(SpanKind.CLIENT).hasNoParent();
        List<SpanData> agentSpans = agentSdk.spans.getFinishedSpanItems();
        SpanData agentCall = named(agentSpans, "voice.call");
        assertThat(agentCall).hasKind(SpanKind.SERVER).hasParentSpanId(callerSpan.getSpanId())
                .hasTraceId(callerSpan.getTraceId());
        SpanData turn = named(agentSpans, "voice.turn");
        assertThat(turn).hasParent(agentCall);
        for (String stage : List.of("voice.stt", "voice.llm", "voice.tts")) {
            assertThat(named(agentSpans, stage)).hasTraceId(callerSpan.getTraceId()).hasParent(turn);
        }
        assertThat(ServerTiming.parse(serverTiming).stageDurationsMs()).containsOnlyKeys(
                VoiceStage.STT, VoiceStage.LLM, VoiceStage.TTS);
    }

    @Test
    void httpHopThroughHeaderFunctions() {
        VoiceCall callerCall = caller.callBuilder("call-8").spanKind(SpanKind.CLIENT).start();
        // e.g. HttpRequest.Builder::header on the way out, HttpExchange.getRequestHeaders()::getFirst on the way in
        Map<String, String> sent = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caller.propagation().injectHttpHeaders(callerCall.context(), sent::put);
        Function<String, String> header = sent::get;
        Context parent = agent.propagation().extractHttpHeaders(header);
        callerCall.end();

        assertThat(Span.fromContext(parent).getSpanContext().isRemote()).isTrue();
        assertThat(Span.fromContext(parent).getSpanContext().getSpanId())
                .isEqualTo(callerCall.span().getSpanContext().getSpanId());
    }

    @Test
    void webSocketHopCarriesTheContextInTheStartMessagesCustomParameters() throws Exception {
        VoiceCall callerCall = caller.callBuilder("CA123").persona("rushed_professional").spanKind(SpanKind.CLIENT).start();
        Map<String, String> customParameters = new LinkedHashMap<>();
        customParameters.put("persona", "rushed_professional");
        caller.propagation().injectStartParameters(callerCall.context(), customParameters);
        assertThat(caller.propagation().startParameters(callerCall.context()))
                .containsOnlyKeys("traceparent").containsEntry("traceparent", customParameters.get("traceparent"));

        // Twilio Media Streams start message, through JSON and back
        ObjectMapper json = new ObjectMapper();
        String message = json.writeValueAsString(Map.of("event", "start",
                "start", Map.of("streamSid", "MZ1", "callSid", "CA123", "customParameters", customParameters)));
        Map<String, String> received = json.convertValue(json.readTree(message).path("start").path("customParameters"),
                new TypeReference<Map<String, String>>() { });

        CompletableFuture.runAsync(() -> serveTurn(agent.propagation().extractStartParameters(received))).get();
        callerCall.end();

        SpanData callerSpan = callerSdk.spans.getFinishedSpanItems().get(0);
        List<SpanData> agentSpans = agentSdk.spans.getFinishedSpanItems();
        assertThat(named(agentSpans, "voice.call")).hasParentSpanId(callerSpan.getSpanId())
                .hasTraceId(callerSpan.getTraceId());
        assertThat(agentSpans).allSatisfy(s -> assertThat(s).hasTraceId(callerSpan.getTraceId()));
        assertThat(received).containsEntry("persona", "rushed_professional");
    }

    @Test
    void aMissingOrBrokenTraceparentStartsANewTrace() {
        Context fromGarbage = agent.propagation().extractHttpHeaders(Map.of("traceparent", "00-not-a-trace-01"));
        Context fromNothing = agent.propagation().extractStartParameters(Map.of());
        assertThat(Span.fromContext(fromGarbage).getSpanContext().isValid()).isFalse();
        assertThat(Span.fromContext(fromNothing).getSpanContext().isValid()).isFalse();
        serveTurn(fromGarbage);
        assertThat(named(agentSdk.spans.getFinishedSpanItems(), "voice.call")).hasNoParent();
    }

    @Test
    void theApplicationsPropagatorIsUsedWhenItHasOne() {
        assertThat(caller.propagation().propagator()).isSameAs(callerSdk.sdk.getPropagators().getTextMapPropagator());
        // the agent's SDK has none: W3C trace context, so that the hop still joins
        assertThat(agent.propagation().propagator().fields()).containsExactlyInAnyOrder("traceparent", "tracestate");
        VoiceTelemetry explicit = VoiceTelemetry.builder(agentSdk.sdk).propagator(TextMapPropagator.noop()).build();
        Map<String, String> headers = new HashMap<>();
        explicit.propagation().injectHttpHeaders(caller.startCall("x").context(), headers);
        assertThat(headers).isEmpty();
    }

    @Test
    void nullCarriersAreIgnored() {
        VoicePropagation p = VoicePropagation.w3cTraceContext();
        p.injectHttpHeaders(Context.root(), (Map<String, String>) null);
        p.injectStartParameters(null, null);
        assertThat(p.extractHttpHeaders((Map<String, String>) null)).isSameAs(Context.current());
        assertThat(p.extractHttpHeaders((Function<String, String>) null)).isSameAs(Context.current());
        assertThat(p.extractStartParameters(null)).isSameAs(Context.current());
    }

    /** The agent's side of one turn; returns its Server-Timing header. */
    private String serveTurn(Context parent) {
        try (VoiceCall call = agent.callBuilder("agent-side").parent(parent).spanKind(SpanKind.SERVER).start();
             VoiceTurn turn = call.startTurn()) {
            turn.startStt().firstResult().end();
            turn.startLlm("gpt-4o-mini").firstResult().end();
            turn.startTts().firstResult().end();
            return turn.serverTiming().toHeaderValue();
        }
    }
}
