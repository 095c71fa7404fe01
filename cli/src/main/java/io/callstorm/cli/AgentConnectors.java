package io.callstorm.cli;

import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.local.LocalEvaluators;
import io.callstorm.cli.config.ConnectorSpec;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.http.HttpSseConnector;
import io.callstorm.simulate.connect.media.MediaStreamConnector;
import io.callstorm.reference.Fix;
import io.callstorm.reference.ReferenceAgent;
import io.callstorm.reference.ReferenceAgentConfig;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How {@code demo} and {@code run} reach their agent: the {@link ConnectorSpec} of {@code --connector}/{@code --target}
 * or of a simulation file's {@code agent.connector}.
 */
final class AgentConnectors {
    static final java.util.List<String> NAMES = java.util.List.of(ConnectorSpec.IN_PROCESS, ConnectorSpec.HTTP,
            ConnectorSpec.WS);

    private AgentConnectors() {
    }

    /**
     * The connector a spec names: the reference agent in this process; or over HTTP (SSE) or a WebSocket media
     * stream, at the spec's URL when it has one, else at a {@code serve-agent} child process started with the same
     * seed and fixes (stopped on close).
     */
    static AgentConnector open(ConnectorSpec spec, ReferenceAgentConfig config, long seed, Set<Fix> fixes,
                               Function<String, String> environment) throws IOException {
        if (spec.kind().equals(ConnectorSpec.IN_PROCESS)) {
            return ReferenceAgent.create(config);
        }
        if (spec.url().isPresent()) {
            return network(spec, spec.url().get(), false, environment);
        }
        ServedAgentProcess child = ServedAgentProcess.start(seed, fixes);
        AgentConnector network;
        try {
            network = network(spec, spec.kind().equals(ConnectorSpec.WS) ? mediaUrl(child.baseUrl())
                    : child.baseUrl(), true, environment);
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
        return new ChildAgent(network, child, ReferenceAgent.settings(config));
    }

    private static AgentConnector network(ConnectorSpec spec, URI url, boolean servedAgent,
                                          Function<String, String> environment) {
        if (spec.kind().equals(ConnectorSpec.WS)) {
            MediaStreamConnector.Builder b = MediaStreamConnector.builder(url)
                    .voice(Voices.of(spec.voice()))
                    .bargeInRate(spec.bargeInRate())
                    .recordAudio(spec.recordAudio());
            spec.headers().forEach(b::header);
            spec.secretHeadersEnv().forEach((name, env) -> b.secretHeader(name, secret(environment, env)));
            spec.customParameters().forEach(b::customParameter);
            spec.bearerTokenEnv().ifPresent(env -> b.bearerToken(secret(environment, env)));
            spec.firstAudioTimeout().ifPresent(b::firstAudioTimeout);
            return b.build();
        }
        HttpSseConnector.Builder b = HttpSseConnector.builder(url).endSessionOnHangUp(servedAgent);
        spec.headers().forEach(b::header);
        spec.secretHeadersEnv().forEach((name, env) -> b.secretHeader(name, secret(environment, env)));
        spec.bearerTokenEnv().ifPresent(env -> b.bearerToken(secret(environment, env)));
        spec.model().ifPresent(b::model);
        spec.firstAudioTimeout().ifPresent(b::firstTokenTimeout);
        return b.build();
    }

    /** The secret in environment variable {@code env}, stripped; the reader checked that it is set. */
    private static String secret(Function<String, String> environment, String env) {
        String value = environment.apply(env);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + env + " is not set");
        }
        return value.strip();
    }

    /** The five local rubrics and {@code audio_quality}, which scores the calls a media stream recorded. */
    static java.util.List<io.callstorm.eval.Evaluator> evaluatorsWithAudio() {
        java.util.List<io.callstorm.eval.Evaluator> out = new java.util.ArrayList<>(LocalEvaluators.all());
        LocalEvaluators.forRubric(Rubrics.AUDIO_QUALITY).ifPresent(out::add);
        return out;
    }

    /** The served agent's media-stream endpoint: {@code ws://host:port/media}. */
    static URI mediaUrl(URI baseUrl) {
        return URI.create("ws://" + baseUrl.getHost() + ":" + baseUrl.getPort() + "/media");
    }

    /** The network connector to a child serve-agent; closing it stops the child. */
    private record ChildAgent(AgentConnector network, ServedAgentProcess child, Map<String, Object> settings)
            implements AgentConnector {
        @Override
        public AgentCall open(CallSetup setup, AgentCallListener listener) {
            return network.open(setup, listener);
        }

        @Override
        public boolean streamsCallerSpeech() {
            return network.streamsCallerSpeech();
        }

        @Override
        public Map<String, Object> agentSettings() {
            return settings;
        }

        @Override
        public String describe() {
            return network.describe() + " (serve-agent child process)";
        }

        @Override
        public void close() {
            try {
                network.close();
            } finally {
                child.close();
            }
        }
    }
}
