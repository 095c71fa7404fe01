package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.transcript.Words;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A chat-completions request body, read and checked the way OpenAI reads it: {@code stream} absent or false asks
 * for one {@code chat.completion}, true for a stream of chunks; a field of the wrong type or out of range is a 400
 * naming the field ({@link Invalid}). Fields the served agent has no use for ({@code tools}, {@code temperature},
 * ...) are accepted and ignored, as an OpenAI-compatible server does with options it does not support.
 *
 * @param model        the {@code model} asked for, echoed in the answer
 * @param stream       whether the answer is streamed as server-sent events
 * @param includeUsage {@code stream_options.include_usage}: a streamed answer ends with a usage chunk
 * @param maxTokens    {@code max_completion_tokens} (or the older {@code max_tokens}): longer answers are cut
 * @param firstUser    the first user message: the session key when the caller sends none
 * @param lastUser     the last message, the caller's turn
 * @param userTurns    how many user messages the history holds
 * @param promptTokens the messages' estimated size in tokens ({@link #tokens(CharSequence)})
 */
record ChatRequest(String model, boolean stream, boolean includeUsage, OptionalInt maxTokens, String firstUser,
                   String lastUser, int userTurns, int promptTokens) {
    static final String DEFAULT_MODEL = "callstorm-reference";

    /** Reads a request body. */
    static ChatRequest read(ByteBuf content) throws Invalid {
        JsonNode body;
        try (InputStream in = new ByteBufInputStream(content)) {
            body = ReferenceAgentServer.JSON.readTree(in);
        } catch (IOException e) {
            throw new Invalid("We could not parse the JSON body of your request: it is not valid JSON.", null,
                    "invalid_json");
        }
        return of(body);
    }

    /** Reads a request body that Jackson parsed (any JSON value, or null for none). */
    static ChatRequest of(JsonNode body) throws Invalid {
        if (body == null || !body.isObject()) {
            throw new Invalid("the request body must be a JSON object", null, "invalid_type");
        }
        JsonNode messages = body.path("messages");
        if (messages.isMissingNode() || messages.isNull()) {
            throw new Invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        if (!messages.isArray()) {
            throw invalidType("messages", "an array of objects", messages);
        }
        if (messages.isEmpty()) {
            throw new Invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an "
                    + "empty array instead.", "messages", "empty_array");
        }
        String firstUser = null;
        String lastUser = null;
        int users = 0;
        int words = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject()) {
                throw invalidType(where, "an object", m);
            }
            if (!m.path("role").isTextual()) {
                throw new Invalid("Missing required parameter: '" + where + ".role'.", where + ".role",
                        "missing_required_parameter");
            }
            String content = text(m.path("content"), where + ".content");
            words += Words.count(content);
            if (m.path("role").asText().equals("user")) {
                firstUser = firstUser == null ? content : firstUser;
                lastUser = content;
                users++;
            }
        }
        if (!messages.get(messages.size() - 1).path("role").asText().equals("user")) {
            // the served agent answers a caller; it runs its tools itself, so a trailing tool result is no turn
            throw new Invalid("the last message must be the caller's (role user)", "messages", "invalid_value");
        }
        JsonNode stream = body.path("stream");
        if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
            throw invalidType("stream", "a boolean", stream);
        }
        JsonNode n = body.path("n");
        if (!n.isMissingNode() && !n.isNull() && !(n.canConvertToExactIntegral() && n.asLong() == 1)) {
            throw new Invalid("Invalid 'n': the served agent gives one answer per turn; n must be 1.", "n",
                    "unsupported_value");
        }
        JsonNode model = body.path("model");
        if (!model.isMissingNode() && !model.isNull() && !model.isTextual()) {
            throw invalidType("model", "a string", model);
        }
        String field = body.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        JsonNode max = body.path(field);
        OptionalInt maxTokens = OptionalInt.empty();
        if (!max.isMissingNode() && !max.isNull()) {
            if (!max.canConvertToExactIntegral()) {
                throw invalidType(field, "an integer", max);
            }
            if (max.asLong() < 1) {
                throw new Invalid("Invalid '" + field + "': integer below minimum value. Expected a value >= 1, but "
                        + "got " + max.asText() + " instead.", field, "integer_below_min_value");
            }
            maxTokens = OptionalInt.of((int) Math.min(Integer.MAX_VALUE, max.asLong()));
        }
        boolean streamed = stream.asBoolean(false);
        boolean includeUsage = streamed && body.path("stream_options").path("include_usage").asBoolean(false);
        return new ChatRequest(model.isTextual() ? model.asText() : DEFAULT_MODEL, streamed, includeUsage, maxTokens,
                firstUser, lastUser, users, tokensOfWords(words));
    }

    /**
     * Estimated tokens of a text: 4 for every 3 words, OpenAI's rule of thumb for English. The served agent has no
     * tokenizer; the estimate keeps usage figures of the right size and the same on every run.
     */
    static int tokens(CharSequence text) {
        return tokensOfWords(Words.count(text));
    }

    private static int tokensOfWords(int words) {
        return (int) ((words * 4L + 2) / 3);
    }

    /** A message's content: a string, or an array of content parts of which the text parts count. */
    private static String text(JsonNode content, String where) throws Invalid {
        if (content.isMissingNode() || content.isNull()) {
            return ""; // an assistant message that only called tools
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw invalidType(where, "a string or an array of content parts", content);
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("type").asText().equals("text")) {
                sb.append(sb.length() == 0 ? "" : "\n").append(part.path("text").asText(""));
            }
        }
        return sb.toString();
    }

    private static Invalid invalidType(String param, String expected, JsonNode got) {
        return new Invalid("Invalid type for '" + param + "': expected " + expected + ", but got "
                + typeName(got) + " instead.", param, "invalid_type");
    }

    private static String typeName(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> "null";
        };
    }

    /** A request OpenAI would refuse with 400 {@code invalid_request_error}; {@code param} names the field. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Optional<String> param;
        private final String code;

        Invalid(String message, String param, String code) {
            super(message, null, false, false); // an answer to the client, not a fault: no stack trace
            this.param = Optional.ofNullable(param);
            this.code = code;
        }

        /** The field at fault; empty when it is the whole body (OpenAI then sends {@code "param": null}). */
        Optional<String> param() {
            return param;
        }

        String code() {
            return code;
        }
    }
}
