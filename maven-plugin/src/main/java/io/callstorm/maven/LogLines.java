package io.callstorm.maven;

import org.apache.maven.plugin.logging.Log;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A stream that hands each line written to it to Maven's log at info level, as it is written: the run's summary and
 * its harness warnings then appear in the build's output in order, with Maven's prefix, and are kept by whatever
 * keeps the build log.
 */
final class LogLines extends OutputStream {
    private final Log log;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    LogLines(Log log) {
        this.log = log;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else if (b != '\r') {
            line.write(b);
        }
    }

    @Override
    public synchronized void flush() {
        // a line is emitted whole, at its end: flushing half of one would split it over two log lines
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.startsWith("WARNING") || text.startsWith("callstorm: ")) {
            log.warn(text);
        } else {
            log.info(text);
        }
    }
}
