package io.callstorm.reference.server;

import io.callstorm.simulate.connect.media.MediaStreamConnector;

import com.sun.management.UnixOperatingSystemMXBean;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.reference.ReferenceAgentConfig;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Open media calls cost sockets, not threads: 2,000 of them run on the connector's one event-loop thread. */
class MediaStreamThreadsTest {
    private static final int CALLS = 2_000;

    @Test
    void twoThousandOpenMediaCallsAddNoThreads() throws Exception {
        // both ends of every call live in this JVM: two descriptors a call
        assumeTrue(!(ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os)
                || os.getMaxFileDescriptorCount() > 2L * CALLS + 1_000, "too few file descriptors for 2,000 calls");
        Persona caller = Personas.builtIns().get(0);
        AtomicInteger errors = new AtomicInteger();
        AgentCallListener listener = new AgentCallListener() {
            @Override
            public void onFirstAudio(int turnIndex, long atNanos) {
            }

            @Override
            public void onReply(AgentReply reply) {
            }

            @Override
            public void onError(int turnIndex, AgentException error) {
                errors.incrementAndGet();
            }
        };
        try (ReferenceAgentServer server = ReferenceAgentServer.start(ReferenceAgentConfig.defaults(), 0);
             MediaStreamConnector connector = MediaStreamConnector.builder(server.mediaUrl()).build()) {
            int before = Thread.activeCount();
            List<AgentCall> calls = new ArrayList<>(CALLS);
            for (int i = 0; i < CALLS; i++) {
                calls.add(connector.open(new CallSetup("threads-" + i, caller, "billing", Map.of()), listener));
            }
            // every open call streams 50 frames a second, silence included, as Twilio does: on a busy machine the
            // later handshakes wait behind the earlier calls' frames
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (connector.openStreams() < CALLS && System.nanoTime() < deadline && errors.get() == 0) {
                Thread.sleep(50);
            }
            assertThat(errors).hasValue(0);
            assertThat(connector.openStreams()).isEqualTo(CALLS);
            assertThat(server.openSessions()).isEqualTo(CALLS);
            long wsThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("callstorm-ws")).count();
            assertThat(wsThreads).as("the connector's event-loop threads").isEqualTo(1);
            // the server's and the connector's threads exist before the first call; calls add none
            assertThat(Thread.activeCount() - before).isLessThanOrEqualTo(2);
            calls.forEach(AgentCall::hangUp);
            deadline = System.nanoTime() + 30_000_000_000L;
            while (connector.openStreams() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(connector.openStreams()).isZero();
        }
    }
}
