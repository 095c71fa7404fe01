package io.callstorm.simulate.engine;

import io.callstorm.simulate.connect.RecordedAudio;
import io.callstorm.simulate.writer.WavWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes the recorded agent audio of calls as {@code recordings/<callId>.wav} (G.711 mu-law, 8 kHz, mono: the
 * bytes the agent sent) next to calls.jsonl, on a thread of its own so that the harness loop never waits on a disk.
 * A backlog beyond 64 calls is skipped and logged, not queued without bound.
 */
final class Recordings implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);

    private final Optional<Path> directory;
    private ThreadPoolExecutor writer; // created with the first recording

    Recordings(Optional<Path> directory) {
        this.directory = directory;
    }

    void write(String callId, RecordedAudio audio) {
        if (directory.isEmpty()) {
            return;
        }
        synchronized (this) {
            if (writer == null) {
                writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
                    Thread t = new Thread(r, "callstorm-recordings");
                    t.setDaemon(true);
                    return t;
                }, (r, e) -> LOG.warn("recording of a call skipped: the disk is behind by 64 calls"));
            }
        }
        Path file = directory.get().resolve(callId.replaceAll("[^A-Za-z0-9._-]", "_") + ".wav");
        writer.execute(() -> {
            try {
                Files.createDirectories(file.getParent());
                WavWriter.writeMuLawWav(file, audio.muLaw());
            } catch (IOException e) {
                LOG.warn("cannot write {}: {}", file, e.getMessage());
            }
        });
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            writer.shutdown();
            try {
                writer.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
