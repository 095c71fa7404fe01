package io.callstorm.simulate;

import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.local.AudioQualityEvaluator;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.RecordedAudio;
import io.callstorm.simulate.connect.RecordingPolicy;
import io.callstorm.simulate.connect.media.MuLaw;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.writer.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audio a connector recorded reaches the harness as {@link RecordedAudio}: written to {@code recordings/} as the
 * mu-law WAV of its bytes, and scored by {@code audio_quality}; a call not recorded is not scored for audio.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordedAgentAudioTest {
    /** One second of a 440 Hz tone at about -12 dBFS: clean speech-level audio. */
    private static final RecordedAudio TONE;

    static {
        short[] s = new short[MuLaw.SAMPLE_RATE];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(8_000 * Math.sin(2 * Math.PI * 440 * i / MuLaw.SAMPLE_RATE));
        }
        TONE = RecordedAudio.ofMuLaw(MuLaw.encode(s));
    }

    /** Records the calls with an even number, as a connector asked to record a share of its calls does. */
    private static final class RecordingAgent implements AgentConnector {
        private final ScriptedAgent agent = ScriptedAgent.fast();

        @Override
        public AgentCall open(CallSetup setup, AgentCallListener listener) {
            AgentCall call = agent.open(setup, listener);
            boolean recorded = recorded(setup.callId());
            return new AgentCall() {
                @Override
                public void sendTurn(CallerTurn turn) {
                    call.sendTurn(turn);
                }

                @Override
                public Optional<RecordedAudio> agentAudio() {
                    return recorded ? Optional.of(TONE) : Optional.empty();
                }

                @Override
                public void hangUp() {
                    call.hangUp();
                }
            };
        }

        @Override
        public String describe() {
            return "test:recording-agent";
        }

        @Override
        public void close() {
            agent.close();
        }
    }

    private static boolean recorded(String callId) {
        return Integer.parseInt(callId.substring("call-".length())) % 2 == 0;
    }

    @Test
    void recordedAudioIsWrittenAndScoredForAudioQuality(@TempDir Path out) throws Exception {
        try (RecordingAgent agent = new RecordingAgent()) {
            Simulation.builder()
                    .name("recorded-audio")
                    .agent(AgentDefinition.builder("recording-agent").behaviour("Answers at once.").build(), agent)
                    .personas(Personas.builtIns())
                    .scenarios(SupportDeskScenarios.graph(), 100)
                    .timeScale(0.02)
                    .load(LoadProfile.concurrentCalls(4).hold(Duration.ofMillis(600)).build())
                    .evaluators(List.of(new AudioQualityEvaluator()))
                    .outputDirectory(out)
                    .build().run();
        }

        List<CallLine> lines = new ArrayList<>();
        for (String json : Files.readAllLines(out.resolve("calls.jsonl"))) {
            lines.add(ReportJson.mapper().readValue(json, CallLine.class));
        }
        assertThat(lines).anyMatch(l -> recorded(l.callId())).anyMatch(l -> !recorded(l.callId()));
        byte[] wav = WavWriter.muLawWav(TONE.muLaw());
        for (CallLine line : lines) {
            Path file = out.resolve("recordings").resolve(line.callId() + ".wav");
            if (recorded(line.callId())) {
                assertThat(Files.readAllBytes(file)).as(line.callId()).isEqualTo(wav);
                assertThat(line.scores().get(Rubrics.AUDIO_QUALITY)).as(line.callId()).satisfies(s -> {
                    assertThat(s.status()).isEqualTo(CallLine.Verdict.PASS);
                    assertThat(s.passed()).isTrue();
                });
            } else {
                assertThat(file).as(line.callId()).doesNotExist();
                assertThat(line.scores()).as(line.callId()).doesNotContainKey(Rubrics.AUDIO_QUALITY);
            }
        }
    }

    /** Fails the calls whose number is a multiple of 3: a verdict the test knows in advance. */
    private static final Evaluator EVERY_THIRD_FAILS = new Evaluator() {
        @Override
        public String rubric() {
            return "every_third_fails";
        }

        @Override
        public EvalResult evaluate(Conversation conversation) {
            boolean fails = failedVerdict(conversation.callId());
            return new EvalResult(rubric(), !fails, fails ? 0 : 1, fails ? "a multiple of 3" : "fine");
        }
    };

    private static boolean failedVerdict(String callId) {
        return Integer.parseInt(callId.substring("call-".length())) % 3 == 0;
    }

    @Test
    void onlyTheRecordingsOfFailedCallsAreKeptWhenAskedTo(@TempDir Path out) throws Exception {
        try (RecordingAgent agent = new RecordingAgent()) {
            Simulation.builder()
                    .name("failed-recordings")
                    .agent(AgentDefinition.builder("recording-agent").behaviour("Answers at once.").build(), agent)
                    .personas(Personas.builtIns())
                    .scenarios(SupportDeskScenarios.graph(), 100)
                    .timeScale(0.02)
                    .load(LoadProfile.concurrentCalls(4).hold(Duration.ofMillis(600)).build())
                    .evaluators(List.of(EVERY_THIRD_FAILS))
                    .keepRecordings(RecordingPolicy.FAILED_CALLS)
                    .outputDirectory(out)
                    .build().run();
        }

        List<CallLine> lines = new ArrayList<>();
        for (String json : Files.readAllLines(out.resolve("calls.jsonl"))) {
            lines.add(ReportJson.mapper().readValue(json, CallLine.class));
        }
        assertThat(lines).anyMatch(l -> recorded(l.callId()) && failedVerdict(l.callId()))
                .anyMatch(l -> recorded(l.callId()) && !failedVerdict(l.callId()));
        for (CallLine line : lines) {
            Path file = out.resolve("recordings").resolve(line.callId() + ".wav");
            boolean failed = failedVerdict(line.callId()) || line.error().isPresent()
                    || line.status() != io.callstorm.core.CallStatus.COMPLETED;
            if (recorded(line.callId()) && failed) {
                assertThat(file).as(line.callId()).exists();
            } else {
                assertThat(file).as(line.callId()).doesNotExist();
            }
        }
    }

    @Test
    void recordedAudioIsAnImmutableValue() {
        byte[] bytes = {1, 2, 3};
        RecordedAudio audio = RecordedAudio.ofMuLaw(bytes);
        bytes[0] = 9;
        audio.muLaw()[1] = 9;

        assertThat(audio.muLaw()).containsExactly(1, 2, 3);
        assertThat(audio).isEqualTo(RecordedAudio.ofMuLaw(new byte[] {1, 2, 3}))
                .isNotEqualTo(RecordedAudio.ofMuLaw(new byte[] {1, 2, 4}));
        assertThat(TONE.durationMillis()).isEqualTo(1_000);
    }
}
