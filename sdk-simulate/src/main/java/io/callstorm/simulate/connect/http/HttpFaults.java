package io.callstorm.simulate.connect.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.core.Stage;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.internal.RetryAfter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaders;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Classifies what went wrong on the wire into an {@link AgentException}, as the caller's edge sees it. */
final class HttpFaults {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;

    private HttpFaults() {
    }

    /** An exception of the transport (before or during the response). */
    static AgentException fromThrowable(Throwable t, boolean midStream) {
        Throwable c = unwrap(t);
        if (c instanceof AgentException ae) {
            return ae;
        }
        if (c instanceof ConnectTimeoutException || c instanceof java.net.SocketTimeoutException) {
            return AgentException.wrap(AgentErrorKind.TIMEOUT, "connect timed out", c); // Netty's extends ConnectException
        }
        if (c instanceof ConnectException || hasCause(c, ConnectException.class)) {
            return AgentException.wrap(AgentErrorKind.CONNECTION_REFUSED, "connection refused", c);
        }
        if (c instanceof IOException || c instanceof ClosedChannelException) {
            String msg = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            return AgentException.wrap(AgentErrorKind.CONNECTION_RESET, (midStream ? "connection reset mid-stream: "
                    : "connection reset: ") + clip(msg), c);
        }
        if (c instanceof CancellationException) {
            return AgentException.wrap(AgentErrorKind.OTHER, "request cancelled", c);
        }
        return AgentException.wrap(AgentErrorKind.OTHER, clip(String.valueOf(c)), c);
    }

    /** A response whose status is not 200. */
    static AgentException fromStatus(int status, HttpHeaders headers, String body) {
        ErrorBody err = ErrorBody.parse(body);
        Stage stage = Optional.ofNullable(headers.get("x-callstorm-stage")).flatMap(Stage::fromWireName)
                .or(() -> err.stage).orElse(null);
        String message = "HTTP " + status + err.message.map(m -> ": " + m).orElse("");
        if (status == 429) {
            return AgentException.rateLimited(stage, RetryAfter.of(headers).orElse(null), message);
        }
        if (status >= 500) {
            return AgentException.withStatus(AgentErrorKind.SERVER_ERROR, stage, status, message);
        }
        if (status == 408) {
            return AgentException.withStatus(AgentErrorKind.TIMEOUT, stage, status, message);
        }
        return AgentException.withStatus(AgentErrorKind.OTHER, stage, status, message);
    }

    /** An {@code error} object inside the stream (OpenAI sends one when a provider fails mid-answer). */
    static AgentException fromStreamError(JsonNode error) {
        String message = clip(error.path("message").asText(error.toString()));
        String type = error.path("type").asText("") + " " + error.path("code").asText("");
        Stage stage = Stage.fromWireName(error.path("stage").asText("")).orElse(null);
        if (type.contains("rate_limit")) {
            long ms = error.path("retry_after_ms").asLong(0);
            return AgentException.rateLimited(stage, ms > 0 ? Duration.ofMillis(ms) : null,
                    "stream error: " + message);
        }
        int status = error.path("status").asInt(500);
        return AgentException.withStatus(AgentErrorKind.SERVER_ERROR, stage, status, "stream error: " + message);
    }

    static String clip(String s) {
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return one.length() <= MAX_MESSAGE ? one : one.substring(0, MAX_MESSAGE) + "...";
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** The OpenAI-style error body {@code {"error": {"message": ..., "stage": ...}}}, when there is one. */
    private record ErrorBody(Optional<String> message, Optional<Stage> stage) {
        static ErrorBody parse(String body) {
            if (body == null || body.isBlank()) {
                return new ErrorBody(Optional.empty(), Optional.empty());
            }
            try {
                JsonNode error = JSON.readTree(body).path("error");
                if (error.isObject()) {
                    return new ErrorBody(Optional.of(clip(error.path("message").asText(""))),
                            Stage.fromWireName(error.path("stage").asText("")));
                }
                if (error.isTextual()) {
                    return new ErrorBody(Optional.of(clip(error.asText())), Optional.empty());
                }
            } catch (IOException | RuntimeException notJson) {
                // a plain-text error page
            }
            return new ErrorBody(Optional.of(clip(body.strip().toLowerCase(Locale.ROOT).startsWith("<")
                    ? "(html error page)" : body.strip())), Optional.empty());
        }
    }

    static boolean isEof(Throwable t) {
        return unwrap(t) instanceof EOFException;
    }
}
