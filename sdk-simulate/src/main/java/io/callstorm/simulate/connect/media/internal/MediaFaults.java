package io.callstorm.simulate.connect.media.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.Stage;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.internal.AgentExtension;
import io.callstorm.simulate.connect.internal.RetryAfter;
import io.callstorm.tracing.VoiceStage;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Classifies what goes wrong on a media stream into the call errors of the report. */
final class MediaFaults {
    private MediaFaults() {
    }

    static AgentException connectFailure(Throwable cause, URI url) {
        if (cause instanceof ConnectTimeoutException) {
            return AgentException.wrap(AgentErrorKind.TIMEOUT, "connecting to " + url + " timed out", cause);
        }
        if (cause instanceof ConnectException) {
            return AgentException.wrap(AgentErrorKind.CONNECTION_REFUSED, "cannot connect to " + url + ": "
                    + cause.getMessage(), cause);
        }
        return classify(cause, url);
    }

    static AgentException classify(Throwable cause, URI url) {
        if (cause instanceof WebSocketClientHandshakeException h) {
            return handshake(h, url);
        }
        if (cause instanceof CorruptedFrameException || cause instanceof DecoderException) {
            return AgentException.wrap(AgentErrorKind.PROTOCOL, "the agent sent bytes that are not WebSocket "
                    + "frames: " + cause.getMessage(), cause);
        }
        if (cause instanceof IOException) {
            return AgentException.wrap(AgentErrorKind.CONNECTION_RESET, "the agent's stream broke: "
                    + cause.getMessage(), cause);
        }
        return AgentException.wrap(AgentErrorKind.OTHER, String.valueOf(cause.getMessage()), cause);
    }

    /** A handshake the agent refused: its HTTP status says why. */
    private static AgentException handshake(WebSocketClientHandshakeException e, URI url) {
        HttpResponse response = e.response();
        if (response == null) {
            String m = String.valueOf(e.getMessage());
            AgentErrorKind kind = m.contains("timed out") ? AgentErrorKind.TIMEOUT : AgentErrorKind.PROTOCOL;
            return AgentException.wrap(kind, "WebSocket handshake with " + url + " failed: " + m, e);
        }
        int status = response.status().code();
        String why = "WebSocket handshake with " + url + " answered " + response.status();
        String stage = response.headers().get("X-Callstorm-Stage");
        Stage s = stage == null ? null : stageOf(stage);
        if (status == 429) {
            return AgentException.rateLimited(s, RetryAfter.of(response.headers()).orElse(null), why);
        }
        if (status >= 500) {
            return AgentException.withStatus(AgentErrorKind.SERVER_ERROR, s, status, why);
        }
        if (status == 101) {
            return AgentException.wrap(AgentErrorKind.PROTOCOL, why + " but not a valid upgrade: "
                    + e.getMessage(), e);
        }
        return AgentException.withStatus(status == 408 ? AgentErrorKind.TIMEOUT : AgentErrorKind.OTHER, s, status,
                why);
    }

    /** A close frame from the agent before the caller hung up. */
    static AgentException closeFrame(int code, String reason) {
        String why = "the agent closed the stream mid-call (" + code + (reason == null || reason.isEmpty() ? ""
                : " " + reason) + ")";
        return switch (code) {
            case 1011, 1012, 1014 -> AgentException.withStatus(AgentErrorKind.SERVER_ERROR, null, 0, why);
            case 1013 -> AgentException.rateLimited(null, null, why); // try again later
            case 1002, 1003, 1007, 1009 -> AgentException.of(AgentErrorKind.PROTOCOL, why);
            default -> AgentException.of(AgentErrorKind.CONNECTION_RESET, why);
        };
    }

    /** Callstorm's {@code callstorm.error} event: the agent could not answer a turn. */
    static AgentException agentError(JsonNode error) {
        String type = error.path("type").asText("server_error").toLowerCase(Locale.ROOT);
        Stage stage = stageOf(error.path("stage").asText(""));
        int status = error.path("status").asInt(0);
        String message = error.path("message").asText(type);
        if (type.contains("rate")) {
            Duration after = error.hasNonNull("retry_after_ms") ? Duration.ofMillis(error.path("retry_after_ms")
                    .asLong()) : null;
            return AgentException.rateLimited(stage, after, message);
        }
        if (type.contains("timeout")) {
            return AgentException.withStatus(AgentErrorKind.TIMEOUT, stage, status, message);
        }
        return AgentException.withStatus(AgentErrorKind.SERVER_ERROR, stage, status == 0 ? 500 : status, message);
    }

    /** A stage by its report name ({@code llm_ttft}) or its span name ({@code llm}); null when neither. */
    private static Stage stageOf(String wire) {
        return Stage.fromWireName(wire).or(() -> Optional.ofNullable(AgentExtension.stageOf(wire))
                .map(VoiceStage::reportStage)).orElse(null);
    }
}
