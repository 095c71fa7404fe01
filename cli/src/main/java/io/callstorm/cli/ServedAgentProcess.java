package io.callstorm.cli;

import io.callstorm.reference.Fix;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * {@code serve-agent} as a child process of {@code demo}: its own JVM, so the harness and the agent are measured
 * apart. Started on a free loopback port; stopped (SIGTERM, then kill) when closed.
 */
final class ServedAgentProcess implements AutoCloseable {
    private static final long READY_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final URI baseUrl;

    private ServedAgentProcess(Process process, URI baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts {@code serve-agent --port 0} with the same seed and fixes, and waits until it serves. */
    static ServedAgentProcess start(long seed, Set<Fix> fixes) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseZGC");
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(CallstormCli.class.getName());
        cmd.add("serve-agent");
        cmd.add("--port=0");
        cmd.add("--seed=" + seed);
        if (!fixes.isEmpty()) {
            cmd.add("--fix=" + fixes.stream().map(Fix::cliName).collect(Collectors.joining(",")));
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(ServeAgentCommand.READY_PREFIX)) {
                        ready.complete(URI.create(line.substring(ServeAgentCommand.READY_PREFIX.length()).strip()));
                    } // keep draining so that the child never blocks on a full pipe
                }
            } catch (IOException | IllegalArgumentException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException("serve-agent exited with " + exitCode(p) + " before serving"));
        }, "callstorm-serve-agent-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServedAgentProcess(p, ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(p);
            throw new IOException("interrupted while starting serve-agent", e);
        } catch (ExecutionException | TimeoutException e) {
            stop(p);
            throw new IOException("serve-agent did not start: " + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    URI baseUrl() {
        return baseUrl;
    }

    /** This program's class path: the CLI jar when run from it, else the JVM's class path (tests, IDEs). */
    private static String classPath() {
        try {
            Path self = Path.of(CallstormCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (self.toString().endsWith(".jar")) {
                return self.toString();
            }
        } catch (Exception e) {
            // fall back to the JVM's class path
        }
        String cp = System.getProperty("java.class.path");
        return cp == null || cp.isBlank() ? "." : cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }

    private static String exitCode(Process p) {
        try {
            return p.waitFor(2, TimeUnit.SECONDS) ? Integer.toString(p.exitValue()) : "(still running)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(unknown)";
        }
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(process);
    }
}
