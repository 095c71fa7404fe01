package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.validation.ProblemCollector;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads {@code agent.connector} of a simulation file into a {@link ConnectorSpec}, reporting every problem. */
final class ConnectorSection {
    private static final String AT = "agent.connector";
    private static final List<String> KINDS = List.of(ConnectorSpec.IN_PROCESS, ConnectorSpec.HTTP, ConnectorSpec.WS);
    private static final List<String> KEYS = List.of("kind", "url", "headers", "bearerTokenEnv", "model",
            "customParameters", "voice", "bargeInRate", "recordAudio", "firstAudioTimeout");

    private ConnectorSection() {
    }

    static ConnectorSpec read(JsonNode agent, LocatedYaml doc, ProblemCollector p) {
        JsonNode node = agent == null || !agent.isObject() ? null : agent.get("connector");
        if (node == null) {
            return ConnectorSpec.inProcess();
        }
        if (!node.isObject()) {
            p.add(AT, "must be a mapping with kind: in-process, http or ws");
            return ConnectorSpec.inProcess();
        }
        KnownKeys.check(node, AT, KEYS, p);
        String kind = !node.has("kind") ? ConnectorSpec.IN_PROCESS
                : node.get("kind").isValueNode() ? node.get("kind").asText().toLowerCase(Locale.ROOT) : "";
        p.check(KINDS.contains(kind), AT + ".kind", "must be one of " + KINDS + ", was \"" + kind + '"');
        Optional<URI> url = Optional.empty();
        if (node.has("url")) {
            String text = node.get("url").asText();
            try {
                URI u = URI.create(text);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                boolean ok = u.getHost() != null && (kind.equals(ConnectorSpec.HTTP) && scheme.matches("https?")
                        || kind.equals(ConnectorSpec.WS) && scheme.matches("wss?"));
                p.check(ok, AT + ".url", kind.equals(ConnectorSpec.IN_PROCESS)
                        ? "needs kind: http or ws (an in-process agent has no URL)"
                        : "must be an absolute " + (kind.equals(ConnectorSpec.WS) ? "ws(s)" : "http(s)")
                        + ":// URL for kind " + kind + ", was \"" + text + '"');
                url = ok ? Optional.of(u) : Optional.empty();
            } catch (IllegalArgumentException e) {
                p.add(AT + ".url", "is not a URL: \"" + text + '"');
            }
        }
        Map<String, String> headers = strings(node.get("headers"), AT + ".headers", p);
        headers.keySet().stream().filter(h -> h.equalsIgnoreCase("Authorization")).findAny().ifPresent(h ->
                p.add(AT + ".headers." + h, "must not be in a file; name the environment variable that holds the "
                        + "token in bearerTokenEnv"));
        Optional<String> tokenEnv = Optional.empty();
        if (node.has("bearerTokenEnv")) {
            String env = node.get("bearerTokenEnv").asText();
            if (p.check(env.matches("[A-Za-z_][A-Za-z0-9_]*"), AT + ".bearerTokenEnv",
                    "must be an environment variable name, was \"" + env + '"')) {
                p.check(System.getenv(env) != null && !System.getenv(env).isBlank(), AT + ".bearerTokenEnv",
                        "environment variable " + env + " is not set");
                tokenEnv = Optional.of(env);
            }
        }
        Optional<String> model = node.has("model") ? Optional.of(node.get("model").asText()) : Optional.empty();
        Map<String, String> custom = strings(node.get("customParameters"), AT + ".customParameters", p);
        String voice = !node.has("voice") ? ConnectorSpec.DEFAULT_VOICE
                : node.get("voice").isValueNode() ? node.get("voice").asText() : "";
        p.check(ConnectorSpec.isVoice(voice), AT + ".voice", "must be " + ConnectorSpec.VOICES + ", was \"" + voice
                + '"');
        double bargeIn = share(node, "bargeInRate", doc, p);
        double record = share(node, "recordAudio", doc, p);
        boolean mediaOnly = bargeIn > 0 || record > 0 || node.has("voice") || node.has("customParameters");
        p.check(!mediaOnly || kind.equals(ConnectorSpec.WS), AT, "voice, bargeInRate, recordAudio and "
                + "customParameters need kind: ws");
        Optional<Duration> firstAudio = Optional.empty();
        if (node.has("firstAudioTimeout")) {
            String text = doc.written(AT + ".firstAudioTimeout", node.get("firstAudioTimeout"));
            firstAudio = Durations.parse(text);
            p.check(firstAudio.isPresent(), AT + ".firstAudioTimeout", "must be a duration such as 10s, was \""
                    + text + '"');
            if (firstAudio.isPresent() && !p.check(!firstAudio.get().isZero()
                    && firstAudio.get().compareTo(ConnectorSpec.MAX_FIRST_AUDIO_TIMEOUT) <= 0,
                    AT + ".firstAudioTimeout", "must be > 0 and <= 10m, was " + text)) {
                firstAudio = Optional.empty();
            }
        }
        return new ConnectorSpec(kind, url, headers, tokenEnv, model, custom, voice, bargeIn, record, firstAudio);
    }

    private static double share(JsonNode node, String key, LocatedYaml doc, ProblemCollector p) {
        if (!node.has(key)) {
            return 0;
        }
        JsonNode n = node.get(key);
        double v = n.isNumber() ? n.asDouble() : -1;
        p.check(n.isNumber() && v >= 0 && v <= 1, AT + "." + key, "must be a number between 0 and 1, was "
                + doc.written(AT + "." + key, n));
        return n.isNumber() && v >= 0 && v <= 1 ? v : 0;
    }

    private static Map<String, String> strings(JsonNode node, String at, ProblemCollector p) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!node.isObject()) {
            p.add(at, "must be a mapping of names to strings");
            return out;
        }
        node.fields().forEachRemaining(e -> {
            if (p.check(e.getValue().isValueNode(), at + "." + e.getKey(), "must be a string")) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }
}
