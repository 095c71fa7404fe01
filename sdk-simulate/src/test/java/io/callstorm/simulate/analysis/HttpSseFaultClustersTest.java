package io.callstorm.simulate.analysis;

import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.connect.http.HttpSseConnector;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.load.RetryPolicy;
import io.callstorm.simulate.report.ErrorCluster;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end, from the wire to the report: a small simulation through {@link HttpSseConnector} against a loopback
 * agent that answers every turn with one fault, and the cluster the report names for it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpSseFaultClustersTest {
    private static final AgentDefinition DEFINITION = AgentDefinition.builder("faulty-agent").behaviour("").build();

    private static String content(String text) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}";
    }

    /** One fault per run: what the loopback agent answers, and the cluster (and words of its root cause) expected. */
    enum Fault {
        MALFORMED_CHUNK("agent protocol error", "PROTOCOL at agent", "could not be parsed",
                response("200 OK", "text/event-stream", "data: " + content("Hel") + "\n\ndata: {\"choices\":[{\"delta\":\n\n")),
        HTML_BODY("non-SSE response", "PROTOCOL 200 at agent", "not an event stream",
                response("200 OK", "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Sign in</body></html>")),
        CUT_BEFORE_DONE("stream cut before [DONE]", "CONNECTION_RESET at agent", "before data: [DONE]",
                response("200 OK", "text/event-stream", "data: " + content("Half an ans") + "\n\n")),
        SERVER_500("agent server error", "SERVER_ERROR 500 at agent", "server error",
                response("500 Internal Server Error", "application/json",
                        "{\"error\":{\"message\":\"NullPointerException in turn handler\",\"type\":\"server_error\"}}")),
        RESET("connection churn", "CONNECTION_RESET at agent", "were reset", null),
        REFUSED("connection refused", "CONNECTION_REFUSED at agent", "were refused", null);

        final String cluster;
        final String evidence;
        final String rootCause;
        final byte[] response;

        Fault(String cluster, String evidence, String rootCause, byte[] response) {
            this.cluster = cluster;
            this.evidence = evidence;
            this.rootCause = rootCause;
            this.response = response;
        }
    }

    private static byte[] response(String status, String type, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return ("HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + b.length
                + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void eachFaultOnTheWireIsItsOwnNamedCluster(Fault fault) throws Exception {
        ErrorCluster c = onlyCluster(fault);

        assertThat(c.name()).isEqualTo(fault.cluster);
        assertThat(c.evidence()).as(c.example()).contains(fault.evidence);
        assertThat(c.rootCause()).contains(fault.rootCause);
        assertThat(c.quickFix()).isNotBlank();
        assertThat(c.longTermFix()).isNotBlank();
    }

    @Test
    void theSixFaultsGetSixRootCauses() throws Exception {
        List<String> rootCauses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Fault f : Fault.values()) {
            ErrorCluster c = onlyCluster(f);
            rootCauses.add(c.rootCause());
            names.add(c.name());
        }
        assertThat(rootCauses).doesNotHaveDuplicates();
        // a reset keeps the name of earlier versions (connection churn); a refusal is named for what it is
        assertThat(names).containsExactly("agent protocol error", "non-SSE response", "stream cut before [DONE]",
                "agent server error", "connection churn", "connection refused");
    }

    /** Runs a few calls against an agent with the fault, without retries, and returns the report's one cluster. */
    private static ErrorCluster onlyCluster(Fault fault) throws Exception {
        try (LoopbackAgent agent = new LoopbackAgent(fault);
             HttpSseConnector connector = HttpSseConnector.builder(URI.create("http://127.0.0.1:" + agent.port()))
                     .firstTokenTimeout(Duration.ofSeconds(5)).turnTimeout(Duration.ofSeconds(10)).build()) {
            SimulationReport report = Simulation.builder()
                    .name("fault-" + fault.name().toLowerCase(Locale.ROOT))
                    .agent(DEFINITION, connector)
                    .personas(Personas.builtIns())
                    .scenarios(SupportDeskScenarios.graph(), 20)
                    .timeScale(0.02)
                    .retry(RetryPolicy.none())
                    .load(LoadProfile.concurrentCalls(2).hold(Duration.ofMillis(300)).build())
                    .build()
                    .run();
            assertThat(report.load().callsFailed()).isEqualTo(report.load().callsStarted()).isPositive();
            assertThat(report.errors().clusters()).hasSize(1);
            return report.errors().clusters().get(0);
        }
    }

    /**
     * A one-fault agent on a loopback port: answers every request with the fault's bytes, resets every connection
     * once the request is read, or (for a refusal) has already given its port back.
     */
    private static final class LoopbackAgent implements AutoCloseable {
        private final ServerSocket server;
        private final int port;
        private final Thread acceptor;

        LoopbackAgent(Fault fault) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            port = server.getLocalPort();
            if (fault == Fault.REFUSED) {
                server.close(); // nothing listens on the port
                acceptor = null;
                return;
            }
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread t = new Thread(() -> serve(s, fault), "loopback-agent-conn");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "loopback-agent");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return port;
        }

        private static void serve(Socket s, Fault fault) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (readRequest(in)) {
                    if (fault == Fault.RESET) {
                        s.setSoLinger(true, 0); // close with RST
                        return;
                    }
                    out.write(fault.response);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the caller hung up
            }
        }

        /** Reads one request (headers, then Content-Length bytes); false at the end of the stream. */
        private static boolean readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return false;
                }
                head.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1 : 0;
            }
            int length = 0;
            for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            in.readNBytes(length);
            return true;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
