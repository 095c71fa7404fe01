package io.callstorm.cli;

import com.sun.net.httpserver.HttpServer;
import io.callstorm.simulate.live.RunMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --otlp}: the run's metrics reach an OTLP/HTTP receiver. The receiver is a stand-in on loopback that keeps
 * what is posted to {@code /v1/metrics}; the protobuf's strings (metric names, attribute values) are read as bytes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OtlpExportCliTest {
    private record Received(String path, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.ISO_8859_1); // protobuf strings are UTF-8; names are ASCII
        }
    }

    @Test
    void aDemoRunExportsItsMetricsToTheReceiver(@TempDir Path dir) throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", exchange -> {
            try (exchange) {
                received.add(new Received(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestBody().readAllBytes()));
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1); // an empty ExportMetricsServiceResponse
            }
        });
        collector.start();
        try {
            String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
            CliResult r = CliResult.run("demo", "--clock", "virtual", "--peak", "20", "--ramp", "5s", "--hold", "5s",
                    "--no-progress", "--otlp", endpoint, "--out", dir.resolve("out").toString());

            assertThat(r.exitCode()).as(r.err()).isIn(CallstormCli.EXIT_OK, CallstormCli.EXIT_GATE_FAILED);
            assertThat(r.err()).contains("exporting the run's metrics over OTLP to " + endpoint);
            assertThat(received).as("exports received").isNotEmpty()
                    .allSatisfy(x -> {
                        assertThat(x.path()).isEqualTo("/v1/metrics");
                        assertThat(x.contentType()).isEqualTo("application/x-protobuf");
                    });
            String all = String.join("\n", received.stream().map(Received::text).toList());
            assertThat(all).contains(RunMetrics.CONCURRENCY, RunMetrics.CALLS_STARTED, RunMetrics.CALLS_ENDED,
                    RunMetrics.STAGE_LATENCY, RunMetrics.STAGE_P95, RunMetrics.ERROR_RATE, RunMetrics.PASS_RATE)
                    .contains("user_perceived_gap", "llm_ttft", "conversation_resolution", "callstorm.simulation",
                            "demo", "service.name", "callstorm");
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void anEndpointThatIsNoUrlIsAUsageError(@TempDir Path dir) {
        CliResult r = CliResult.run("demo", "--otlp", "localhost:4318", "--no-progress", "--out",
                dir.resolve("out").toString());
        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("--otlp").contains("http(s)://");
    }
}
