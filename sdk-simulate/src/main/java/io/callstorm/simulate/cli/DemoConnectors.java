package io.callstorm.simulate.cli;

import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.http.HttpSseConnector;
import io.callstorm.simulate.reference.Fix;
import io.callstorm.simulate.reference.ReferenceAgent;
import io.callstorm.simulate.reference.ReferenceAgentConfig;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;

/** How {@code demo} reaches its agent: {@code --connector in-process|http} and {@code --target URL}. */
final class DemoConnectors {
    static final List<String> NAMES = List.of("in-process", "http");

    private DemoConnectors() {
    }

    /**
     * The connector for {@code name}: the reference agent in this process; or over HTTP, at {@code target} when
     * given, else at a {@code serve-agent} child process started with the same seed and fixes (stopped on close).
     */
    static AgentConnector open(String name, URI target, ReferenceAgentConfig config, long seed, Set<Fix> fixes)
            throws IOException {
        if (name.equals("in-process")) {
            return ReferenceAgent.create(config);
        }
        if (target != null) {
            return HttpSseConnector.builder(target).build();
        }
        ServedAgentProcess child = ServedAgentProcess.start(seed, fixes);
        HttpSseConnector http;
        try {
            http = HttpSseConnector.builder(child.baseUrl()).endSessionOnHangUp(true).build();
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
        return new ChildAgent(http, child);
    }

    /** The HTTP connector to a child serve-agent; closing it stops the child. */
    private record ChildAgent(HttpSseConnector http, ServedAgentProcess child) implements AgentConnector {
        @Override
        public AgentCall open(CallSetup setup, AgentCallListener listener) {
            return http.open(setup, listener);
        }

        @Override
        public String describe() {
            return http.describe() + " (serve-agent child process)";
        }

        @Override
        public void close() {
            try {
                http.close();
            } finally {
                child.close();
            }
        }
    }
}
