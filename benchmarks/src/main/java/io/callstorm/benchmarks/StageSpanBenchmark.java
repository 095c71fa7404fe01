package io.callstorm.benchmarks;

import io.callstorm.tracing.StageSpan;
import io.callstorm.tracing.VoiceCall;
import io.callstorm.tracing.VoiceTelemetry;
import io.callstorm.tracing.VoiceTurn;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one stage span as an agent records it: start, mark the first result, end.
 * <ul>
 *   <li>{@code noop}: {@link OpenTelemetry#noop()}, what a service pays with telemetry off (goal &lt; 1 µs, no
 *       allocation);</li>
 *   <li>{@code sdk}: the OpenTelemetry SDK with a {@link BatchSpanProcessor} and an exporter that drops
 *       everything (goal &lt; 5 µs);</li>
 *   <li>{@code sdk_metrics}: the same plus the SDK meter provider, so the two histograms are recorded too.</li>
 * </ul>
 * {@code stage} starts the stage from {@link VoiceTelemetry} under the current context; {@code turnStage} from a
 * {@link VoiceTurn} (parent and session id set). Run it as described in {@code docs/performance.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StageSpanBenchmark {
    @Param({"noop", "sdk", "sdk_metrics"})
    public String openTelemetry;

    private OpenTelemetrySdk sdk;
    private VoiceTelemetry telemetry;
    private VoiceCall call;
    private VoiceTurn turn;

    @Setup(Level.Trial)
    public void setUp() {
        OpenTelemetry otel;
        switch (openTelemetry) {
            case "noop" -> otel = OpenTelemetry.noop();
            case "sdk", "sdk_metrics" -> {
                var builder = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(BatchSpanProcessor.builder(new DroppingSpanExporter()).build())
                        .build());
                if (openTelemetry.equals("sdk_metrics")) {
                    builder.setMeterProvider(SdkMeterProvider.builder()
                            .registerMetricReader(PeriodicMetricReader.builder(new DroppingMetricExporter())
                                    .setInterval(Duration.ofSeconds(10)).build())
                            .build());
                }
                sdk = builder.build();
                otel = sdk;
            }
            default -> throw new IllegalArgumentException(openTelemetry);
        }
        telemetry = VoiceTelemetry.create(otel);
        call = telemetry.startCall("bench-session");
        turn = call.startTurn();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        turn.end();
        call.end();
        if (sdk != null) {
            sdk.close();
        }
    }

    @Benchmark
    public StageSpan stage() {
        StageSpan llm = telemetry.startLlm("gpt-4o-mini");
        llm.firstResult();
        llm.end();
        return llm;
    }

    @Benchmark
    public StageSpan turnStage() {
        StageSpan llm = turn.startLlm("gpt-4o-mini");
        llm.firstResult();
        llm.end();
        return llm;
    }

    /** Accepts and forgets: the benchmark measures the instrumentation and the SDK, not an exporter. */
    static final class DroppingSpanExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    static final class DroppingMetricExporter implements MetricExporter {
        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
