package io.callstorm.simulate.connect.http;

import java.util.function.BiConsumer;

/**
 * Server-sent events, one line at a time (the WHATWG event-stream rules that matter to chat completions):
 * {@code data:} lines accumulate, a blank line dispatches the event, lines starting with {@code :} are comments
 * (keep-alives), {@code event:} names the event, {@code id:} and {@code retry:} are ignored. Not thread-safe: one
 * parser per response, fed in order.
 */
final class SseLineParser {
    /** Longest event data accepted; past it the stream is not chat completions. */
    static final int MAX_EVENT_CHARS = 1 << 20;

    private final BiConsumer<String, String> onEvent;
    private final StringBuilder data = new StringBuilder(256);
    private boolean hasData;
    private String event = "message";

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
            default -> { } // id, retry and unknown fields are ignored, as the spec says
        }
    }

    /** The stream ended: dispatches an event whose blank line never came. */
    void end() {
        dispatch();
    }

    private void dispatch() {
        if (hasData) {
            String d = data.toString();
            String e = event;
            data.setLength(0);
            hasData = false;
            event = "message";
            onEvent.accept(e, d);
        } else {
            event = "message";
        }
    }
}
