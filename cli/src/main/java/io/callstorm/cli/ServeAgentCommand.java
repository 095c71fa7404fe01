package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.reference.Fix;
import io.callstorm.reference.ReferenceAgentConfig;
import io.callstorm.reference.server.ReferenceAgentServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code callstorm serve-agent}: the reference agent over loopback HTTP (OpenAI-compatible chat completions with
 * streaming, and a Twilio Media Streams WebSocket at {@code /media} on the same port), until stopped.
 * {@code demo --connector http} runs it as a child process.
 */
@Command(name = "serve-agent", mixinStandardHelpOptions = true,
        description = "Serve the reference voice agent over HTTP (POST /v1/chat/completions, streaming SSE) and "
                + "a media-stream WebSocket (GET /media, Twilio Media Streams).")
final class ServeAgentCommand implements Callable<Integer> {
    /** The line printed once serving; {@code demo} waits for it and reads the URL after it. */
    static final String READY_PREFIX = "callstorm serve-agent: listening on ";
    /** The line after it: where the media-stream WebSocket is. */
    static final String MEDIA_PREFIX = "callstorm serve-agent: media streams on ";

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).",
            defaultValue = "8080")
    int port;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address to bind (default: ${DEFAULT-VALUE}); the agent has no auth, "
            + "keep it on loopback.", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the agent's samplers (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Option(names = "--fix", paramLabel = "FIX",
            split = ",", description = "Quick fixes to apply: stt-failover, prompt-trim, tool-retry, "
            + "tts-pool, summarize.")
    String[] fixes = new String[0];

    @Option(names = "--idle-timeout", paramLabel = "DURATION",
            description = "Hang up a call with no request for this long "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "60s", converter = DurationConverter.class)
    Duration idleTimeout;

    /** The longest idle timeout: timers count nanoseconds, and a call idle for a day is gone. */
    static final Duration MAX_IDLE_TIMEOUT = Duration.ofHours(24);

    @Override
    public Integer call() throws Exception {
        ProblemCollector p = new ProblemCollector();
        p.check(port >= 0 && port <= 65_535, "--port", "must be between 0 and 65535, was " + port);
        p.check(!idleTimeout.isNegative() && !idleTimeout.isZero() && idleTimeout.compareTo(MAX_IDLE_TIMEOUT) <= 0,
                "--idle-timeout", "must be > 0 and <= 24h, was " + idleTimeout);
        p.check(java.util.stream.Stream.of(fixes).noneMatch(String::isBlank), "--fix", "must name a fix, was empty");
        Set<Fix> fixSet = Fix.fromCliNames(List.of(fixes), "--fix", p);
        p.throwIfAny("serve-agent options");
        ReferenceAgentConfig config = ReferenceAgentConfig.defaults().toBuilder().seed(seed).build().withFixes(fixSet);
        CountDownLatch stopped = new CountDownLatch(1);
        ReferenceAgentServer server = ReferenceAgentServer.start(config, new InetSocketAddress(host, port), idleTimeout);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "callstorm-serve-agent-stop"));
        System.out.println(READY_PREFIX + server.baseUrl());
        System.out.println(MEDIA_PREFIX + server.mediaUrl());
        System.out.flush();
        stopped.await();
        return CallstormCli.EXIT_OK;
    }
}
