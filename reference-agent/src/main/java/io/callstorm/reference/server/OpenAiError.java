package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.core.Stage;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.Optional;

/**
 * Error answers as OpenAI shapes them: the HTTP status and {@code {"error": {"message", "type", "param", "code"}}},
 * so that an OpenAI client raises its own typed exception (400 bad request, 429 rate limit with
 * {@code Retry-After}, 5xx server error). Callstorm adds {@code error.stage} and the {@code X-Callstorm-Stage}
 * header, naming the pipeline stage that failed; other clients ignore both.
 */
final class OpenAiError {
    static final String INVALID_REQUEST = "invalid_request_error";

    private OpenAiError() {
    }

    /** A 400 for a request OpenAI would refuse. */
    static FullHttpResponse invalid(ChatRequest.Invalid e) {
        return response(HttpResponseStatus.BAD_REQUEST, body(e.getMessage(), INVALID_REQUEST, e.param(),
                Optional.of(e.code())));
    }

    /** An error of the request itself (404, 405, ...); {@code code} and {@code param} are null, as OpenAI's are. */
    static FullHttpResponse request(HttpResponseStatus status, String message) {
        return response(status, body(message, INVALID_REQUEST, Optional.empty(), Optional.empty()));
    }

    /**
     * The agent failed a turn before any of its answer was sent: a 429 with {@code Retry-After} (whole seconds,
     * rounded up) and {@code retry-after-ms} when it was rate limited, else its status (500 when it gave none).
     */
    static FullHttpResponse agent(AgentException e) {
        int status = e.kind() == AgentErrorKind.RATE_LIMITED ? 429 : e.status().orElse(500);
        if (status < 400) {
            status = 500;
        }
        FullHttpResponse r = response(HttpResponseStatus.valueOf(status), agentBody(e));
        e.retryAfter().ifPresent(d -> {
            r.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (d.toMillis() + 999) / 1000)));
            r.headers().set("retry-after-ms", Long.toString(Math.max(1, d.toMillis())));
        });
        e.stage().ifPresent(s -> r.headers().set("X-Callstorm-Stage", s.wireName()));
        return r;
    }

    /**
     * The agent's error as a body: {@code rate_limit_error} / {@code rate_limit_exceeded} when it was rate limited,
     * else {@code server_error}. Also the data of the event that ends a stream already under way, as OpenAI sends
     * when a provider fails mid-answer.
     */
    static ObjectNode agentBody(AgentException e) {
        boolean limited = e.kind() == AgentErrorKind.RATE_LIMITED;
        ObjectNode body = body(String.valueOf(e.getMessage()), limited ? "rate_limit_error" : "server_error",
                Optional.empty(), limited ? Optional.of("rate_limit_exceeded") : Optional.empty());
        ((ObjectNode) body.get("error")).put("stage", e.stage().map(Stage::wireName).orElse(""));
        return body;
    }

    static ObjectNode body(String message, String type, Optional<String> param, Optional<String> code) {
        ObjectNode body = ReferenceAgentServer.JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("message", message).put("type", type);
        param.ifPresentOrElse(p -> error.put("param", p), () -> error.putNull("param"));
        code.ifPresentOrElse(c -> error.put("code", c), () -> error.putNull("code"));
        return body;
    }

    private static FullHttpResponse response(HttpResponseStatus status, ObjectNode body) {
        return HttpEndpoints.response(status, "application/json", body.toString());
    }
}
