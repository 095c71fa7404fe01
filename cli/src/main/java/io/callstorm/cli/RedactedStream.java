package io.callstorm.cli;

import io.callstorm.core.secret.Secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The console as the CLI writes it: every line passes through {@link Secrets#redact(String)} before it reaches the
 * terminal, whoever wrote it (our summary, picocli's messages, a stack trace, the logging backend, a child
 * {@code serve-agent}'s output). Lines are held until their end ({@code \n}, or {@code \r} for the progress line)
 * or a flush, so a secret is never cut in two by a write.
 */
final class RedactedStream extends OutputStream {
    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    private RedactedStream(PrintStream target) {
        this.target = target;
    }

    /** A print stream that writes to {@code target} with every registered secret masked. */
    static PrintStream over(PrintStream target) {
        return new PrintStream(new RedactedStream(target), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n' || b == '\r') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n' || b[i] == '\r') {
                line.write(b, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.write(b, start, off + len - start);
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        target.flush();
    }

    @Override
    public void close() throws IOException {
        flush(); // the target is the process's console: not ours to close
    }

    private void emit() {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        target.print(Secrets.redact(text));
    }
}
