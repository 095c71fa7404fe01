package io.callstorm.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.tracing.ServerTiming;
import io.callstorm.tracing.StageSpan;
import io.callstorm.tracing.VoiceCall;
import io.callstorm.tracing.VoiceStage;
import io.callstorm.tracing.VoiceTelemetry;
import io.callstorm.tracing.VoiceTurn;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An instrumented voice-agent service, end to end: the agent serves turns over HTTP, records a
 * {@code voice.call} / {@code voice.turn} / stage span tree with {@code sdk-tracing}, answers each turn with a
 * {@code Server-Timing} header, and exports spans and metrics as OTLP to a collector or any OTLP backend
 * ({@code opentelemetry-exporter-otlp}, gRPC). A caller (what Callstorm's simulator does) sends two turns with
 * W3C trace context in the request headers, so both sides are one trace.
 *
 * <p>Run it with a collector listening (e.g. {@code docker run -p 4317:4317 otel/opentelemetry-collector}, or
 * Jaeger's all-in-one image with OTLP enabled), then look for the trace of {@code call-1}:
 * <pre>{@code
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl samples dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp samples/target/classes:$(cat samples/target/cp.txt) io.callstorm.samples.InstrumentedAgentService URL
 * }</pre>
 * The endpoint ({@code URL}) is the first argument, else {@code OTEL_EXPORTER_OTLP_ENDPOINT}, else
 * {@code http://localhost:4317}. Without a collector the service still answers; the exporter logs that it could
 * not connect. To print the OTLP JSON to the log instead, swap the two exporters for
 * {@code OtlpJsonLoggingSpanExporter.create()} and {@code OtlpJsonLoggingMetricExporter.create()}
 * ({@code opentelemetry-exporter-logging-otlp}). {@code InstrumentedAgentServiceTest} runs the same service
 * with in-memory exporters.
 */
public final class InstrumentedAgentService {
    private InstrumentedAgentService() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args.length > 0 ? args[0]
                : System.getenv().getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317");
        SpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build();
        try (OpenTelemetrySdk openTelemetry = openTelemetry("support-agent", exporter,
                OtlpGrpcMetricExporter.builder().setEndpoint(endpoint).build());
             AgentService agent = AgentService.start(openTelemetry)) {
            List<String> serverTimings = callOnce(openTelemetry, agent.baseUri(), "call-1");
            serverTimings.forEach(h -> System.out.println("Server-Timing: " + h + "  ->  "
                    + ServerTiming.parse(h).stageDurationsMs()));
        } // closing the SDK exports what is left: the trace of call-1 is at the collector now
        System.out.println("Exported the spans and metrics of call-1 to " + endpoint);
    }

    /** The service's OpenTelemetry SDK: a service name, batch export of spans, metrics every 10 seconds. */
    public static OpenTelemetrySdk openTelemetry(String serviceName, SpanExporter spanExporter,
                                                 MetricExporter metricExporter) {
        Resource resource = Resource.getDefault().merge(
                Resource.create(Attributes.builder().put("service.name", serviceName).build()));
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .setResource(resource)
                        .addSpanProcessor(BatchSpanProcessor.builder(spanExporter).build())
                        .build())
                .setMeterProvider(SdkMeterProvider.builder()
                        .setResource(resource)
                        .registerMetricReader(PeriodicMetricReader.create(metricExporter))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    /**
     * The caller's side of one call of two turns, as the simulator places it: a {@code voice.call} span of kind
     * CLIENT whose context goes out in every request's headers. Returns the agent's Server-Timing headers.
     */
    public static List<String> callOnce(OpenTelemetry openTelemetry, URI agent, String callId)
            throws IOException, InterruptedException {
        VoiceTelemetry caller = VoiceTelemetry.create(openTelemetry);
        HttpClient http = HttpClient.newHttpClient();
        try (VoiceCall call = caller.callBuilder(callId).persona("impatient_senior")
                .scenario("ticket_status/resolved").spanKind(SpanKind.CLIENT).start()) {
            List<String> serverTimings = new java.util.ArrayList<>();
            for (String utterance : List.of("Hi, what's the status of my ticket?", "Thanks, that's all.")) {
                HttpRequest.Builder request = HttpRequest.newBuilder(agent.resolve("/calls/" + callId + "/turns"))
                        .POST(HttpRequest.BodyPublishers.ofString(utterance));
                caller.propagation().injectHttpHeaders(call.context(), request::header);
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                serverTimings.add(response.headers().firstValue(ServerTiming.HEADER_NAME).orElse(""));
            }
            HttpRequest hangUp = HttpRequest.newBuilder(agent.resolve("/calls/" + callId)).DELETE().build();
            http.send(hangUp, HttpResponse.BodyHandlers.discarding());
            return serverTimings;
        }
    }

    /**
     * The agent: {@code POST /calls/{id}/turns} answers one caller turn, {@code DELETE /calls/{id}} hangs up.
     * Providers are simulated with short sleeps; the instrumentation is what a real agent would write.
     */
    public static final class AgentService implements AutoCloseable {
        private final VoiceTelemetry telemetry;
        private final HttpServer server;
        private final ExecutorService workers = Executors.newFixedThreadPool(4);
        private final Map<String, VoiceCall> calls = new ConcurrentHashMap<>();

        private AgentService(OpenTelemetry openTelemetry) throws IOException {
            this.telemetry = VoiceTelemetry.builder(openTelemetry).captureServerTiming(true).build();
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/calls/", this::handle);
            server.setExecutor(workers);
        }

        public static AgentService start(OpenTelemetry openTelemetry) throws IOException {
            AgentService service = new AgentService(openTelemetry);
            service.server.start();
            return service;
        }

        public URI baseUri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String[] path = exchange.getRequestURI().getPath().split("/"); // "", "calls", id, ["turns"]
                String callId = path.length > 2 ? path[2] : "";
                if ("DELETE".equals(exchange.getRequestMethod())) {
                    VoiceCall call = calls.remove(callId);
                    if (call != null) {
                        call.end();
                    }
                    exchange.sendResponseHeaders(204, -1);
                    return;
                }
                String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                // The caller's trace context: the agent's call span becomes a child of the caller's call span.
                Context parent = telemetry.propagation().extractHttpHeaders(exchange.getRequestHeaders()::getFirst);
                VoiceCall call = calls.computeIfAbsent(callId, id ->
                        telemetry.callBuilder(id).parent(parent).spanKind(SpanKind.SERVER).start());
                Reply reply = answer(call, text);
                exchange.getResponseHeaders().set(ServerTiming.HEADER_NAME, reply.serverTiming());
                byte[] body = reply.text().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }

        /** One turn through STT, LLM, an optional tool, and TTS: the instrumentation a real agent would have. */
        private Reply answer(VoiceCall call, String text) {
            try (VoiceTurn turn = call.startTurn()) {
                try (StageSpan stt = turn.startStt().provider("deepgram").model("nova-2")) {
                    work(15);
                    stt.firstResult();               // first partial transcript
                    work(10);
                }
                boolean needsTool = text.contains("ticket");
                try (StageSpan llm = turn.startLlm("gpt-4o-mini").provider("openai")) {
                    work(40);
                    llm.firstResult();               // first token
                    llm.tokens(812, needsTool ? 40 : 45).promptCacheHit(call.span().isRecording());
                }
                String answer = "Glad I could help.";
                if (needsTool) {
                    try (StageSpan tool = turn.startTool("get_open_tickets")) {
                        work(25);
                        tool.toolOutcome(ToolCallStatus.OK);
                        answer = "Your ticket 4211 is resolved.";
                    }
                }
                try (StageSpan tts = turn.startStage(VoiceStage.TTS).provider("elevenlabs")) {
                    work(20);
                    tts.firstResult();               // first audio byte
                }
                return new Reply(answer, turn.serverTiming().toHeaderValue());
            }
        }

        private static void work(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
            workers.shutdownNow();
            calls.values().forEach(VoiceCall::end);
        }

        private record Reply(String text, String serverTiming) {
        }
    }
}
