package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.validation.HeaderSyntax;
import io.callstorm.core.validation.ProblemCollector;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads {@code agent.connector} of a simulation file into a {@link ConnectorSpec}, reporting every problem. */
final class ConnectorSection {
    private static final String AT = "agent.connector";
    private static final List<String> KINDS = List.of(ConnectorSpec.IN_PROCESS, ConnectorSpec.HTTP, ConnectorSpec.WS);
    private static final List<String> KEYS = List.of("kind", "url", "headers", "headersEnv", "bearerTokenEnv", "model",
            "customParameters", "voice", "bargeInRate", "recordAudio", "firstAudioTimeout");

    private ConnectorSection() {
    }

    static ConnectorSpec read(JsonNode agent, LocatedYaml doc, Function<String, String> environment,
                              ProblemCollector p) {
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
        headers.forEach((name, value) -> {
            if (headerName(name, AT + ".headers", p)) {
                // the builder's rule (HeaderSyntax), under the file's key
                HeaderSyntax.valueProblem(value).ifPresent(problem -> p.add(AT + ".headers." + name, problem));
            }
        });
        Map<String, String> secretHeaders = strings(node.get("headersEnv"), AT + ".headersEnv", p);
        secretHeaders.forEach((name, env) -> {
            if (headerName(name, AT + ".headersEnv", p)) {
                secret(env, "header " + name, AT + ".headersEnv." + name, environment, p);
            }
            p.check(!headers.containsKey(name), AT + ".headersEnv." + name, "is in headers too; say it once");
        });
        Optional<String> tokenEnv = Optional.empty();
        if (node.has("bearerTokenEnv")) {
            String env = node.get("bearerTokenEnv").asText();
            if (secret(env, "bearer token", AT + ".bearerTokenEnv", environment, p)) {
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
        return new ConnectorSpec(kind, url, headers, secretHeaders, tokenEnv, model, custom, voice, bargeIn, record, firstAudio);
    }

    /** Whether {@code name} is a header name a file may set: an HTTP token, and not {@code Authorization}. */
    private static boolean headerName(String name, String at, ProblemCollector p) {
        Optional<String> problem = HeaderSyntax.nameProblem(name);
        if (problem.isPresent()) {
            p.add(at + "." + printable(name), problem.get());
            return false;
        }
        if (name.equalsIgnoreCase("Authorization")) {
            p.add(at + "." + name, "must not be in a file; name the environment variable that holds the token in "
                    + "bearerTokenEnv");
            return false;
        }
        return true;
    }

    /**
     * Whether {@code env} names a set environment variable whose value a header can carry; the value (a secret) is
     * never repeated in a problem.
     */
    private static boolean secret(String env, String what, String at, Function<String, String> environment,
                                  ProblemCollector p) {
        if (!p.check(env.matches("[A-Za-z_][A-Za-z0-9_]*"), at, "must be an environment variable name, was \""
                + printable(env) + '"')) {
            return false;
        }
        String value = environment.apply(env);
        if (!p.check(value != null && !value.isBlank(), at, "environment variable " + env + " is not set")) {
            return false;
        }
        Optional<String> problem = HeaderSyntax.valueProblem(value.strip());
        problem.ifPresent(pr -> p.add(at, "environment variable " + env + " (" + what + ") " + pr));
        return problem.isEmpty();
    }

    /** {@code s} with its control characters shown as escapes, for a problem's path or message. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
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
