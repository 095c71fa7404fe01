package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code --otlp [ENDPOINT]}: the run's own metrics ({@link io.callstorm.simulate.live.RunMetrics}) exported over OTLP
 * by the OpenTelemetry SDK, configured as every OpenTelemetry SDK is: the standard {@code OTEL_EXPORTER_OTLP_*}
 * variables (endpoint, protocol, headers, timeout, compression; {@code OTEL_SERVICE_NAME},
 * {@code OTEL_RESOURCE_ATTRIBUTES}) apply, and an ENDPOINT given here wins over {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
 * The protocol is http/protobuf (the specification's default); {@code grpc} is refused with a usage error, for the CLI
 * carries the JDK HttpClient sender only.
 */
final class OtlpOptions {
    /** What picocli puts in {@link #otlp} for a bare {@code --otlp}: the endpoint comes from the environment. */
    static final String FROM_ENVIRONMENT = "(environment)";
    static final long EXPORT_INTERVAL_MILLIS = 5_000;

    @Option(names = "--otlp", arity = "0..1", paramLabel = "ENDPOINT", fallbackValue = FROM_ENVIRONMENT,
            description = "Export the run's own metrics (calls in progress, started and ended, stage latency "
                    + "histograms, error rate, pass rate per rubric) over OTLP, every 5 s and at the end, to ENDPOINT "
                    + "(e.g. http://127.0.0.1:4318) or, without one, where the standard OTEL_EXPORTER_OTLP_* variables "
                    + "say (default http://localhost:4318, http/protobuf).")
    String otlp;

    boolean enabled() {
        return otlp != null;
    }

    Optional<String> endpoint() {
        return otlp == null || otlp.equals(FROM_ENVIRONMENT) ? Optional.empty() : Optional.of(otlp);
    }

    void check(ProblemCollector p) {
        endpoint().ifPresent(e -> {
            URI uri;
            try {
                uri = URI.create(e);
            } catch (IllegalArgumentException bad) {
                uri = null;
            }
            p.check(uri != null && uri.getHost() != null && ("http".equals(uri.getScheme())
                            || "https".equals(uri.getScheme())), "--otlp",
                    "must be an http(s):// URL of an OTLP receiver, e.g. http://127.0.0.1:4318, was \"" + e + '"');
        });
    }

    /** The SDK that exports the run's metrics: OTLP metrics only, no traces or logs. */
    OpenTelemetrySdk open() {
        try {
            return configured();
        } catch (ConfigurationException e) {
            ProblemCollector p = new ProblemCollector();
            p.add("--otlp", "the OTLP exporter cannot be set up from the OTEL_* variables: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            p.throwIfAny("--otlp");
            throw e; // not reached
        }
    }

    private OpenTelemetrySdk configured() {
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of(
                        // the OTLP default of the specification (the Java SDK's own default is grpc); the CLI ships
                        // the JDK HttpClient sender, which speaks http/protobuf only
                        "otel.exporter.otlp.protocol", "http/protobuf",
                        "otel.service.name", "callstorm",
                        "otel.traces.exporter", "none",
                        "otel.logs.exporter", "none"))
                .addPropertiesCustomizer(config -> {
                    Map<String, String> forced = new HashMap<>();
                    forced.put("otel.metrics.exporter", "otlp"); // --otlp asked for it, whatever the variables say
                    forced.put("otel.metric.export.interval", Long.toString(EXPORT_INTERVAL_MILLIS));
                    endpoint().ifPresent(e -> forced.put("otel.exporter.otlp.endpoint", e));
                    return forced;
                })
                .disableShutdownHook() // closed by the command, after the run's last export
                .build().getOpenTelemetrySdk();
    }

    /** Where the metrics go, in words, for the line printed at start. */
    String describe() {
        return endpoint().orElse("the endpoint of OTEL_EXPORTER_OTLP_* (default http://localhost:4318)");
    }

    /** Exports what is left and closes the SDK, waiting a bounded time for the receiver. */
    static void close(OpenTelemetrySdk sdk) {
        sdk.getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS);
        sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
}
