package io.callstorm.tracing;

import io.callstorm.core.transcript.ToolCallStatus;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;

import static io.callstorm.tracing.VoiceSpansTest.named;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Instrumentation runs in the user's request path: misuse and broken SDKs must never throw out of it. */
class MisuseTest {
    private final TestSdk sdk = TestSdk.create();

    @BeforeEach
    void resetLog() {
        FailureLog.reset();
    }

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void endingTwiceAndLateCallsChangeNothing() {
        VoiceTelemetry telemetry = VoiceTelemetry.create(sdk.sdk);
        VoiceCall call = telemetry.startCall("s");
        VoiceTurn turn = call.startTurn();
        long t0 = System.nanoTime();
        StageSpan llm = turn.startStage(VoiceStage.LLM, t0);
        llm.firstResultAt(t0 + 5_000_000L);
        llm.firstResultAt(t0 + 9_000_000L);   // only the first counts
        llm.endAt(t0 + 10_000_000L);
        llm.endAt(t0 + 99_000_000L);          // ignored
        llm.end();
        llm.close();
        llm.firstResult().error("late").tokens(1, 2).setAttribute(VoiceAttributes.PERSONA, "late");
        turn.end();
        turn.close();
        call.end();
        call.end();
        call.close();
        assertThat(telemetry.concurrencyTracker().inFlight()).isZero();

        List<SpanData> spans = sdk.spans.getFinishedSpanItems();
        assertThat(spans).hasSize(3);
        SpanData span = named(spans, "voice.llm");
        assertThat(span).hasTotalRecordedEvents(1).hasAttribute(VoiceAttributes.LLM_TTFT_MS, 5.0);
        assertThat(span.getAttributes().get(StandardAttributes.ERROR_TYPE)).isNull();
        assertThat(span.getAttributes().get(VoiceAttributes.PERSONA)).isNull();
        assertThat(span.getEndEpochNanos() - span.getStartEpochNanos()).isEqualTo(10_000_000L);
        assertThat(FailureLog.warned()).isFalse();
    }

    @Test
    void nullsAndOddValuesAreIgnored() {
        VoiceTelemetry telemetry = VoiceTelemetry.create(sdk.sdk);
        assertThatCode(() -> {
            VoiceCall call = telemetry.callBuilder(null).persona(null).scenario(null).parent(null).spanKind(null).start();
            VoiceTurn turn = call.startTurn();
            StageSpan s = turn.startLlm(null);
            s.provider(null).model(null).toolName(null).toolOutcome(null).tokens(-1, -1)
                    .setAttribute(null, "x").setAttribute(VoiceAttributes.PERSONA, null).error((Throwable) null);
            s.end();
            turn.startTool(null).firstResult().end();         // tools have no first result
            turn.startStage(null).end();
            telemetry.startStage(VoiceStage.TTS, null).end();
            long t0 = System.nanoTime();
            turn.startStage(VoiceStage.STT, t0).firstResultAt(t0 - 1_000_000L).endAt(t0 - 2_000_000L);
            turn.error((String) null).error((Throwable) null);
            call.error((String) null);
            turn.end();
            call.end();
        }).doesNotThrowAnyException();

        List<SpanData> spans = sdk.spans.getFinishedSpanItems();
        assertThat(named(spans, "voice.call").getAttributes().get(StandardAttributes.SESSION_ID)).isNull();
        assertThat(named(spans, "voice.llm")).hasAttribute(StandardAttributes.ERROR_TYPE, "_OTHER");
        assertThat(named(spans, "voice.tool")).hasTotalRecordedEvents(0);
        SpanData stt = named(spans, "voice.stt");   // times before the start clamp to the start
        assertThat(stt).hasAttribute(VoiceAttributes.STT_TTFT_MS, 0.0);
        assertThat(stt.getEndEpochNanos()).isEqualTo(stt.getStartEpochNanos());
    }

    @Test
    void theTrackerNeverGoesBelowZero() {
        ConcurrencyTracker tracker = ConcurrencyTracker.create();
        assertThat(tracker.callEnded()).isZero();
        assertThat(tracker.callStarted()).isEqualTo(1);
        assertThat(tracker.callEnded()).isZero();
        assertThat(tracker.callEnded()).isZero();
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void theTrackerCountsExactlyUnderContention() throws Exception {
        ConcurrencyTracker tracker = ConcurrencyTracker.create();
        VoiceTelemetry telemetry = VoiceTelemetry.builder(OpenTelemetry.noop()).concurrencyTracker(tracker).build();
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 10_000; j++) {
                    telemetry.startCall("c").end();
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void aBrokenTracerProviderOrMeterProviderDegradesToNoop() {
        OpenTelemetry broken = openTelemetry(throwing(TracerProvider.class), throwing(MeterProvider.class));
        VoiceTelemetry telemetry = VoiceTelemetry.create(broken);
        assertThat(FailureLog.warned()).isTrue();
        StageSpan s = telemetry.startLlm("m");
        assertThat(s).isInstanceOf(NoopStageSpan.class);
        try (VoiceCall call = telemetry.startCall("s"); VoiceTurn turn = call.startTurn()) {
            turn.startTts().firstResult().end();
        }
        assertThat(telemetry.concurrencyTracker().inFlight()).isZero();
    }

    @Test
    void aTracerThatThrowsOnStartOrSpansThatThrowOnEveryCallNeverReachTheCaller() {
        // a tracer whose spans are "recording" but throw from every method
        Span exploding = (Span) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Span.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isRecording" -> true;
                    case "getSpanContext" -> SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                            TraceFlags.getSampled(), TraceState.getDefault());
                    case "storeInContext" -> args[0] == null ? null : ((Context) args[0]);
                    default -> throw new IllegalStateException("span exploded in " + method.getName());
                });
        SpanBuilder builder = (SpanBuilder) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SpanBuilder.class},
                (proxy, method, args) -> method.getName().equals("startSpan") ? exploding : proxy);
        Tracer tracer = (Tracer) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Tracer.class},
                (proxy, method, args) -> builder);
        TracerBuilder tracerBuilder = (TracerBuilder) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TracerBuilder.class},
                (proxy, method, args) -> method.getName().equals("build") ? tracer : proxy);
        TracerProvider provider = (TracerProvider) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TracerProvider.class}, (proxy, method, args) -> tracerBuilder);

        VoiceTelemetry telemetry = VoiceTelemetry.builder(openTelemetry(provider, MeterProvider.noop()))
                .captureServerTiming(true).build();
        assertThatCode(() -> {
            try (VoiceCall call = telemetry.startCall("s"); VoiceTurn turn = call.startTurn()) {
                StageSpan s = turn.startLlm("m");
                s.firstResult().provider("p").tokens(1, 2).promptCacheHit(true).error(new RuntimeException("x"))
                        .error("y").toolOutcome(ToolCallStatus.ERROR);
                s.end();
                turn.error("z");
                call.error(new RuntimeException());
                turn.serverTiming().toHeaderValue();
            }
        }).doesNotThrowAnyException();
        assertThat(FailureLog.warned()).isTrue();
        assertThat(telemetry.concurrencyTracker().inFlight()).isZero();
    }

    @Test
    void aThrowingPropagatorInjectsNothingAndExtractsTheBase() {
        TextMapPropagator broken = throwing(TextMapPropagator.class);
        VoicePropagation p = VoicePropagation.of(broken);
        HashMap<String, String> headers = new HashMap<>();
        assertThatCode(() -> p.injectHttpHeaders(Context.root(), headers)).doesNotThrowAnyException();
        assertThat(headers).isEmpty();
        assertThat(p.extractStartParameters(headers)).isSameAs(Context.current());
    }

    @Test
    void configurationMistakesFailFastWithAClearMessage() {
        assertThatThrownBy(() -> VoiceTelemetry.create(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("openTelemetry");
        assertThatThrownBy(() -> VoiceTelemetry.builder(sdk.sdk).concurrencyBucketWidth(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("concurrencyBucketWidth must be >= 1 call, was 0");
        assertThatThrownBy(() -> VoiceTelemetry.builder(sdk.sdk).concurrencyTracker(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("tracker");
        assertThatThrownBy(() -> VoiceTelemetry.builder(sdk.sdk).propagator(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("propagator");
    }

    @Test
    void attributesOfOtherKeysPassThrough() {
        VoiceTelemetry telemetry = VoiceTelemetry.create(sdk.sdk);
        telemetry.startTts().setAttribute(AttributeKey.stringKey("tts.voice"), "alloy").end();
        assertThat(sdk.spans.getFinishedSpanItems().get(0)).hasAttribute(AttributeKey.stringKey("tts.voice"), "alloy");
    }

    private static OpenTelemetry openTelemetry(TracerProvider tracers, MeterProvider meters) {
        return new OpenTelemetry() {
            @Override
            public TracerProvider getTracerProvider() {
                return tracers;
            }

            @Override
            public MeterProvider getMeterProvider() {
                return meters;
            }

            @Override
            public ContextPropagators getPropagators() {
                return ContextPropagators.noop();
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T throwing(Class<T> type) {
        return (T) Proxy.newProxyInstance(MisuseTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    throw new IllegalStateException("broken " + type.getSimpleName() + "." + method.getName());
                });
    }
}
