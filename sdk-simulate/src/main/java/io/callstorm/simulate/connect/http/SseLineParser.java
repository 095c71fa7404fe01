package io.callstorm.simulate.connect.http;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * Server-sent events, one line at a time (the WHATWG event-stream rules that matter to chat completions):
 * {@code data:} lines accumulate, a blank line dispatches the event, lines starting with {@code :} are comments
 * (keep-alives), {@code event:} names the event, {@code id:} and {@code retry:} are ignored. Takes whole lines
 * ({@link #line}) or the raw bytes of a response as they arrive ({@link #bytes}), split into lines at LF, CR or
 * CRLF, whichever chunk boundaries fall in between. Not thread-safe: one parser per response, fed in order.
 */
final class SseLineParser {
    /** Longest event data accepted; past it the stream is not chat completions. */
    static final int MAX_EVENT_CHARS = 1 << 20;

    private final BiConsumer<String, String> onEvent;
    private final StringBuilder data = new StringBuilder(256);
    private boolean hasData;
    private String event = "message";
    private byte[] lineBytes = new byte[256];
    private int lineLength;
    private boolean afterCr;
    private int events;
    private String firstForeignLine;

    /** @param onEvent receives (event name, data) for each dispatched event */
    SseLineParser(BiConsumer<String, String> onEvent) {
        this.onEvent = onEvent;
    }

    /** Feeds one line without its terminator; throws {@link IllegalStateException} on an oversized event. */
    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            return; // comment: a keep-alive
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(line.length() > colon + 1 && line.charAt(colon + 1) == ' '
                ? colon + 2 : colon + 1);
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
                if (data.length() > MAX_EVENT_CHARS) {
                    throw new IllegalStateException("SSE event longer than " + MAX_EVENT_CHARS + " characters");
                }
            }
            case "event" -> event = value;
            case "id", "retry" -> { }
            default -> { // ignored, as the spec says; kept to tell a body that is not an event stream
                if (firstForeignLine == null) {
                    firstForeignLine = line;
                }
            }
        }
    }

    /**
     * Feeds the readable bytes of {@code buf} (not consumed, not released); complete lines are parsed at once, a
     * partial one waits for the next bytes. Throws {@link IllegalStateException} on an oversized line or event.
     */
    void bytes(ByteBuf buf) {
        int end = buf.writerIndex();
        for (int i = buf.readerIndex(); i < end; i++) {
            byte b = buf.getByte(i);
            if (b == '\n') {
                if (afterCr) {
                    afterCr = false; // the LF of a CRLF
                    continue;
                }
                endLine();
            } else if (b == '\r') {
                endLine();
                afterCr = true;
            } else {
                afterCr = false;
                if (lineLength == lineBytes.length) {
                    if (lineLength >= MAX_EVENT_CHARS) {
                        throw new IllegalStateException("SSE line longer than " + MAX_EVENT_CHARS + " bytes");
                    }
                    lineBytes = Arrays.copyOf(lineBytes, Math.min(MAX_EVENT_CHARS, lineLength * 2));
                }
                lineBytes[lineLength++] = b;
            }
        }
    }

    private void endLine() {
        String l = new String(lineBytes, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        line(l);
    }

    /** The stream ended: parses a last line without its terminator, and dispatches an event whose blank line never came. */
    void end() {
        if (lineLength > 0) {
            endLine();
        }
        dispatch();
    }

    /** How many events were dispatched. */
    int events() {
        return events;
    }

    /** The first line that is no SSE field or comment (e.g. {@code <!DOCTYPE html>}), or null. */
    String firstForeignLine() {
        return firstForeignLine;
    }

    private void dispatch() {
        if (hasData) {
            String d = data.toString();
            String e = event;
            data.setLength(0);
            hasData = false;
            event = "message";
            events++;
            onEvent.accept(e, d);
        } else {
            event = "message";
        }
    }
}
