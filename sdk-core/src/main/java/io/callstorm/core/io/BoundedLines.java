package io.callstorm.core.io;

import java.io.IOException;
import java.io.Reader;

/**
 * Lines of a reader, none held longer than a limit: a longer line is counted to its end and reported as too long
 * without its text, so one huge line cannot take the heap. For the JSON-lines files Callstorm reads (transcripts,
 * {@code calls.jsonl}), whatever wrote them.
 *
 * <pre>{@code
 * BoundedLines lines = new BoundedLines(reader, 16 << 20);
 * for (BoundedLines.Line line = lines.next(); line != null; line = lines.next()) {
 *     if (line.tooLong()) { ... line.number(), line.length() ... }
 * }
 * }</pre>
 */
public final class BoundedLines {
    /**
     * A line.
     *
     * @param number  its number, from 1
     * @param text    its text without the line end (and without a leading byte-order mark on line 1); empty when
     *                too long
     * @param tooLong whether it had more characters than the limit
     * @param length  its length in characters
     */
    public record Line(long number, String text, boolean tooLong, long length) {
    }

    private final Reader in;
    private final int maxChars;
    private static final int REUSED_CAPACITY = 1 << 16;
    private final char[] buffer = new char[8192];
    private StringBuilder text = new StringBuilder(REUSED_CAPACITY);
    private int pos;
    private int end;
    private long number;
    private boolean eof;

    /** Lines of {@code in}, each held only when it has at most {@code maxChars} characters. */
    public BoundedLines(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line, or null at the end. Ends lines at \n, \r\n or \r. */
    public Line next() throws IOException {
        if (eof && pos >= end) {
            return null;
        }
        if (text.capacity() > REUSED_CAPACITY) {
            text = new StringBuilder(REUSED_CAPACITY); // a long line's buffer is not kept for the lines after it
        }
        text.setLength(0);
        long length = 0;
        boolean any = false;
        boolean ended = false;
        while (!ended) {
            if (pos >= end && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            int start = pos;
            int i = pos;
            while (i < end && buffer[i] != '\n' && buffer[i] != '\r') {
                i++;
            }
            int n = i - start;
            if (length + n <= maxChars) {
                text.append(buffer, start, n); // a run of the buffer at once: most lines are one or two runs
            } else if (text.length() > 0) {
                text.setLength(0); // too long: its text is not kept
            }
            length += n;
            pos = i;
            if (i < end) {
                char ch = buffer[pos++];
                if (ch == '\r') {
                    if (pos >= end) {
                        fill();
                    }
                    if (pos < end && buffer[pos] == '\n') {
                        pos++;
                    }
                }
                ended = true;
            }
        }
        number++;
        boolean tooLong = length > maxChars;
        if (number == 1 && !tooLong && text.length() > 0 && text.charAt(0) == '\uFEFF') {
            text.deleteCharAt(0); // a byte-order mark is no part of the JSON
        }
        return new Line(number, tooLong ? "" : text.toString(), tooLong, length);
    }

    /** Reads the next chunk into the buffer; false at the end of the input. */
    private boolean fill() throws IOException {
        end = in.read(buffer);
        pos = 0;
        if (end <= 0) {
            eof = true;
            end = 0;
            return false;
        }
        return true;
    }
}
