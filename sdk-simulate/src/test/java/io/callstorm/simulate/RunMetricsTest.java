package io.callstorm.simulate;

import io.callstorm.simulate.live.RunMetrics;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.SimulationReport;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The run's own metrics on an OpenTelemetry meter: calls, stage latency histograms, error and pass rates. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunMetricsTest {
    @Test
    void aRunRecordsItsCallsLatenciesAndRates() {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
             ScriptedAgent agent = ScriptedAgent.fast()) {
            RunMetrics metrics = RunMetrics.create(otel);
            RunningSimulation running = SmallSimulations.of(agent).name("metered")
                    .load(LoadProfile.concurrentCalls(5).hold(Duration.ofMillis(1_500)).build())
                    .listener(metrics).build().start();
            metrics.attach(running);
            SimulationReport report = running.await();

            Collection<MetricData> data = reader.collectAllMetrics();
            assertThat(data).extracting(MetricData::getName).contains(RunMetrics.CONCURRENCY,
                    RunMetrics.CALLS_STARTED, RunMetrics.CALLS_ENDED, RunMetrics.STAGE_LATENCY, RunMetrics.STAGE_P95, RunMetrics.ERROR_RATE,
                    RunMetrics.PASS_RATE);
            assertThat(metric(data, RunMetrics.CALLS_STARTED).getLongSumData().getPoints())
                    .extracting(LongPointData::getValue).containsExactly(report.load().callsStarted());
            long ended = metric(data, RunMetrics.CALLS_ENDED).getLongSumData().getPoints().stream()
                    .mapToLong(LongPointData::getValue).sum();
            assertThat(ended).isEqualTo(report.load().callsStarted());
            assertThat(metric(data, RunMetrics.STAGE_LATENCY).getHistogramData().getPoints())
                    .anySatisfy(p -> {
                        assertThat(p.getAttributes().get(AttributeKey.stringKey("callstorm.stage")))
                                .isEqualTo("user_perceived_gap");
                        assertThat(p.getCount()).isPositive();
                    })
                    .extracting(HistogramPointData::getAttributes)
                    .allSatisfy(a -> assertThat(a.get(AttributeKey.stringKey("callstorm.simulation")))
                            .isEqualTo("metered"));
            assertThat(metric(data, RunMetrics.PASS_RATE).getDoubleGaugeData().getPoints())
                    .extracting(p -> p.getAttributes().get(AttributeKey.stringKey("callstorm.rubric")))
                    .isNotEmpty();
        }
    }

    private static MetricData metric(Collection<MetricData> data, String name) {
        return data.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }
}
