package io.callstorm.eval.internal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.eval.http.CircuitState;
import io.callstorm.eval.http.EvalHttpException;
import io.callstorm.eval.http.ResilienceConfig;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.util.List;
import java.util.Objects;

/**
 * One OpenAI-compatible chat-completions endpoint ({@code POST {baseUrl}/chat/completions}) behind a
 * {@link ResilientHttpClient}: the judge and the scenario generator both talk to it, so they share the request shape
 * (temperature 0, {@code response_format} {@code json_object}, the key as a bearer token) and the protections.
 * Blocking. Not API.
 */
public final class ChatCompletionClient implements AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json");

    /** One chat message: {@code system}, {@code user} or {@code assistant}, and its text. */
    public record Message(String role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }

        public static Message system(String content) {
            return new Message("system", content);
        }

        public static Message user(String content) {
            return new Message("user", content);
        }

        public static Message assistant(String content) {
            return new Message("assistant", content);
        }
    }

    private final HttpUrl endpoint;
    private final String model;
    private final String apiKey;
    private final Redactor redactor;
    private final ResilientHttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param name       what the client is for, in messages and logs, e.g. {@code judge}
     * @param baseUrl    the API's base URL, e.g. {@code https://api.openai.com/v1} (a trailing slash is ignored)
     * @param model      the model every request names
     * @param apiKey     sent as a bearer token; kept out of every message
     * @param resilience timeouts, retries and protections
     */
    public ChatCompletionClient(String name, String baseUrl, String model, String apiKey, ResilienceConfig resilience) {
        this.endpoint = HttpUrl.get(stripSlash(baseUrl) + "/chat/completions");
        this.model = model;
        this.apiKey = apiKey;
        this.redactor = new Redactor(List.of(apiKey));
        this.http = new ResilientHttpClient(name, resilience, redactor);
    }

    /** Whether {@code url}, without trailing slashes, is an http(s) URL. */
    public static boolean isHttpUrl(String url) {
        return HttpUrl.parse(stripSlash(url)) != null;
    }

    /**
     * Sends {@code messages} at temperature 0 asking for a JSON object, and returns the response body.
     *
     * @throws EvalHttpException when the call fails after the retries, or the circuit is open
     */
    public String complete(List<Message> messages) {
        return http.execute(request(messages));
    }

    /** The request {@link #complete} sends. */
    public Request request(List<Message> messages) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", model);
        body.put("temperature", 0);
        body.putObject("response_format").put("type", "json_object");
        ArrayNode array = body.putArray("messages");
        for (Message m : messages) {
            array.addObject().put("role", m.role()).put("content", m.content());
        }
        return new Request.Builder()
                .url(endpoint)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .post(RequestBody.create(body.toString(), JSON))
                .build();
    }

    /**
     * Sends {@code messages} for a free-text answer (no {@code response_format}) of at most {@code maxTokens} at
     * {@code temperature}, each attempt within {@code timeout}, and returns the response body: what the improvising
     * callers' {@code ChatModel} asks.
     *
     * @throws EvalHttpException when the call fails after the retries, or the circuit is open
     */
    public String completeText(List<Message> messages, int maxTokens, double temperature, java.time.Duration timeout) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", model);
        body.put("temperature", temperature);
        body.put("max_tokens", maxTokens);
        ArrayNode array = body.putArray("messages");
        for (Message m : messages) {
            array.addObject().put("role", m.role()).put("content", m.content());
        }
        return http.execute(new Request.Builder()
                .url(endpoint)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .post(RequestBody.create(body.toString(), JSON))
                .build(), timeout);
    }

    /** The endpoint requests go to. */
    public HttpUrl endpoint() {
        return endpoint;
    }

    /** The model requests name. */
    public String model() {
        return model;
    }

    /** Masks the key in text bound for messages and logs. */
    public Redactor redactor() {
        return redactor;
    }

    /** The state of the circuit breaker in front of the endpoint. */
    public CircuitState circuitState() {
        return http.circuitState();
    }

    /** The key, masked, for {@code toString}. */
    public String maskedKey() {
        return Redactor.mask(apiKey);
    }

    @Override
    public void close() {
        http.close();
    }

    /** {@code url} stripped of surrounding blanks and trailing slashes. */
    public static String stripSlash(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
