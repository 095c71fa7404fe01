package io.callstorm.simulate.analysis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.callstorm.simulate.measure.CallLine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the calls of a {@code calls.jsonl} (or {@code .gz}) in blocks of whole lines: the calling thread reads the
 * bytes and hands each block to a parsing thread ({@link CallLineParser}), then gives the calls to the sink in the
 * file's order, one block after another. So the sink sees exactly the calls, in exactly the order, of a line-by-line
 * read (what it sums, to the last bit of a double, is the same), while parsing, nearly all of the work, runs on every
 * core. At most a few blocks are in flight: the memory held does not grow with the file.
 *
 * <p>Lines end at {@code \n}, {@code \r\n} or {@code \r}; a byte-order mark before the first is dropped; blank lines
 * are skipped; a line longer than the limit is counted and skipped unread, never held whole.
 */
public final class CallsFileReader {
    /** Bytes read per block: large enough that handing a block over costs nothing next to parsing it. */
    static final int BLOCK_BYTES = 1 << 20;
    /** Line numbers of malformed lines kept for the note: the first few say where to look. */
    public static final int MALFORMED_LINES_KEPT = 10;

    /**
     * What reading met.
     *
     * @param calls          calls read and given to the sink
     * @param malformed      lines that could not be read (not counting those too long)
     * @param malformedLines the numbers (from 1) of the first {@value #MALFORMED_LINES_KEPT} of them
     * @param tooLong        lines longer than the limit, skipped unread
     * @param cut            for a compressed file cut inside a gzip member: what the decompressor said
     */
    public record Reading(long calls, long malformed, List<Long> malformedLines, long tooLong, Optional<String> cut) {
    }

    /** One block's lines, parsed. */
    private record Block(List<CallLine> calls, long lines, int[] malformed, int tooLong) {
        static Block tooLongLine() {
            return new Block(List.of(), 1, new int[0], 1);
        }
    }

    private final int maxLineBytes;
    private final int threads;

    /**
     * @param maxLineBytes longer lines are skipped unread
     * @param threads      parsing threads, at least 1
     */
    public CallsFileReader(int maxLineBytes, int threads) {
        if (maxLineBytes < 1 || threads < 1) {
            throw new IllegalArgumentException("maxLineBytes and threads must be at least 1, were " + maxLineBytes
                    + " and " + threads);
        }
        this.maxLineBytes = maxLineBytes;
        this.threads = threads;
    }

    /** Gives every call of {@code file} to {@code sink}, in the file's order, on the calling thread. */
    public Reading read(Path file, Consumer<CallLine> sink) throws IOException {
        AtomicInteger n = new AtomicInteger();
        ExecutorService parsers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "callstorm-report-parse-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Tally tally = new Tally(sink);
        ArrayDeque<Future<Block>> inFlight = new ArrayDeque<>();
        int maxInFlight = 2 * threads;
        Optional<String> cut = Optional.empty();
        try (InputStream in = open(file)) {
            byte[] buf = new byte[BLOCK_BYTES];
            int filled = 0;
            boolean first = true;
            boolean eof = false;
            boolean dropLf = false; // the last line skipped ended at a \r: a \n right after belongs to it
            while (!eof) {
                int read;
                try {
                    read = in.read(buf, filled, buf.length - filled);
                } catch (EOFException | ZipException e) {
                    cut = Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                    int end = lastLineEnd(buf, filled, true);
                    if (end > 0) {
                        inFlight.add(submit(parsers, buf, end, first));
                    }
                    break; // the partial line after the last whole one was cut: not read
                }
                if (read < 0) {
                    eof = true;
                } else {
                    if (dropLf && read > 0) {
                        dropLf = false;
                        if (buf[filled] == '\n') {
                            System.arraycopy(buf, filled + 1, buf, filled, read - 1);
                            read--;
                        }
                    }
                    filled += read;
                    if (filled < buf.length) {
                        continue; // a full block before parsing
                    }
                }
                int end = eof ? filled : lastLineEnd(buf, filled, false);
                if (end > 0) {
                    byte[] next = new byte[BLOCK_BYTES];
                    int rest = filled - end;
                    if (rest > next.length) {
                        next = new byte[rest * 2];
                    }
                    System.arraycopy(buf, end, next, 0, rest);
                    inFlight.add(submit(parsers, buf, end, first));
                    first = false;
                    buf = next;
                    filled = rest;
                } else if (!eof && filled > maxLineBytes) {
                    // one line is longer than the limit: counted in its place, its bytes dropped as they come
                    inFlight.add(CompletableFuture.completedFuture(Block.tooLongLine()));
                    first = false;
                    int[] after = skipLine(in, buf);
                    filled = after[0];
                    dropLf = after[1] == 1;
                    eof = after[2] == 1;
                } else if (!eof) {
                    buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxLineBytes + 1L));
                }
                while (inFlight.size() >= maxInFlight) {
                    tally.add(take(inFlight.poll()));
                }
            }
            while (!inFlight.isEmpty()) {
                tally.add(take(inFlight.poll()));
            }
        } finally {
            parsers.shutdownNow();
        }
        return new Reading(tally.calls, tally.malformed, List.copyOf(tally.malformedLines), tally.tooLong, cut);
    }

    /** What the blocks held, added in the file's order. */
    private static final class Tally {
        final Consumer<CallLine> sink;
        final List<Long> malformedLines = new ArrayList<>();
        long line; // lines before the block being added
        long calls;
        long malformed;
        long tooLong;

        Tally(Consumer<CallLine> sink) {
            this.sink = sink;
        }

        void add(Block b) {
            for (CallLine c : b.calls()) {
                sink.accept(c);
            }
            calls += b.calls().size();
            for (int i : b.malformed()) {
                if (malformedLines.size() < MALFORMED_LINES_KEPT) {
                    malformedLines.add(line + i + 1);
                }
            }
            malformed += b.malformed().length;
            tooLong += b.tooLong();
            line += b.lines();
        }
    }

    private Future<Block> submit(ExecutorService parsers, byte[] bytes, int length, boolean first) {
        return parsers.submit(() -> parse(bytes, length, first));
    }

    /** The lines of {@code bytes[0, length)}, each parsed. */
    private Block parse(byte[] b, int length, boolean first) {
        int pos = 0;
        if (first && length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            pos = 3; // a byte-order mark is no part of the JSON
        }
        List<CallLine> calls = new ArrayList<>();
        int[] malformed = new int[0];
        int tooLong = 0;
        int line = 0;
        while (pos < length) {
            int end = pos;
            while (end < length && b[end] != '\n' && b[end] != '\r') {
                end++;
            }
            if (end - pos > maxLineBytes) {
                tooLong++;
            } else if (!blank(b, pos, end)) {
                try {
                    calls.add(CallLineParser.parse(b, pos, end - pos));
                } catch (JsonProcessingException e) {
                    malformed = Arrays.copyOf(malformed, malformed.length + 1);
                    malformed[malformed.length - 1] = line;
                }
            }
            line++;
            pos = end + 1;
            if (end < length && b[end] == '\r' && pos < length && b[pos] == '\n') {
                pos++;
            }
        }
        return new Block(calls, line, malformed, tooLong);
    }

    /** Whether the line has only whitespace, as {@link String#isBlank()} says of its text. */
    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x80) {
                return new String(b, from, to - from, StandardCharsets.UTF_8).isBlank();
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The offset just after the last whole line of {@code b[0, filled)}, or 0 without one. A {@code \r} as the last
     * byte ends no line yet (a {@code \n} may follow), unless {@code atEnd}: nothing follows.
     */
    private static int lastLineEnd(byte[] b, int filled, boolean atEnd) {
        for (int i = filled - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        for (int i = filled - (atEnd ? 1 : 2); i >= 0; i--) {
            if (b[i] == '\r') {
                return i + 1;
            }
        }
        return 0;
    }

    /**
     * Reads past the end of the current line; leaves what follows it at the start of {@code buf}.
     *
     * @return {bytes left in buf, 1 if the line ended at a \r as the last byte read, 1 at the end of the input}
     */
    private static int[] skipLine(InputStream in, byte[] buf) throws IOException {
        while (true) {
            int read = in.read(buf, 0, buf.length);
            if (read < 0) {
                return new int[] {0, 0, 1};
            }
            for (int i = 0; i < read; i++) {
                if (buf[i] == '\n' || buf[i] == '\r') {
                    int from = i + 1;
                    boolean cr = buf[i] == '\r';
                    if (cr && from < read && buf[from] == '\n') {
                        from++;
                        cr = false;
                    }
                    System.arraycopy(buf, from, buf, 0, read - from);
                    return new int[] {read - from, cr && from == read ? 1 : 0, 0};
                }
            }
        }
    }

    private static Block take(Future<Block> block) throws IOException {
        try {
            return block.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the calls");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IOException(e.getCause());
        }
    }

    /** The file's bytes: gunzipped when it is {@code .gz} (every member of a multi-member file). */
    private static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        if (!file.getFileName().toString().endsWith(".gz")) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }
}
