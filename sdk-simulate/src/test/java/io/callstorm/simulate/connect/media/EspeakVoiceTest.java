package io.callstorm.simulate.connect.media;

import io.callstorm.core.persona.Gender;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EspeakVoiceTest {
    private static final Persona CALLER = Personas.get("first-time-caller");

    @Test
    void speaksWordsAsTrimmedTelephoneAudioThatGrowsWithTheText() throws Exception {
        assumeTrue(EspeakVoice.isAvailable(), "espeak-ng is not installed");
        try (EspeakVoice voice = EspeakVoice.builder().build()) {
            byte[] shortUtterance = voice.speak(CALLER, "Hello.").get(10, TimeUnit.SECONDS);
            byte[] longUtterance = voice.speak(CALLER, "Hello, I would like to check the balance of my account "
                    + "and ask about a charge I do not recognise.").get(10, TimeUnit.SECONDS);

            assertThat(shortUtterance.length).isBetween(MuLaw.SAMPLE_RATE / 10, 2 * MuLaw.SAMPLE_RATE);
            assertThat(longUtterance.length).isGreaterThan(4 * shortUtterance.length);
            // trimmed: sound in the first and last 20 ms, not seconds of espeak-ng's trailing silence
            assertThat(MuLaw.meanAmplitude(longUtterance, 0, 2 * MuLaw.FRAME_BYTES)).isGreaterThan(30);
            assertThat(MuLaw.meanAmplitude(longUtterance, longUtterance.length - 2 * MuLaw.FRAME_BYTES,
                    2 * MuLaw.FRAME_BYTES)).isGreaterThan(30);
            assertThat(voice.speak(CALLER, "Hello.")).as("cached")
                    .isCompletedWithValueMatching(again -> Arrays.equals(again, shortUtterance));
        }
    }

    @Test
    void textIsAnArgumentNotAnOption() throws Exception {
        assumeTrue(EspeakVoice.isAvailable(), "espeak-ng is not installed");
        try (EspeakVoice voice = EspeakVoice.builder().voice("en-us").build()) {
            assertThat(voice.speak(CALLER, "--version; rm -rf /tmp/x").get(10, TimeUnit.SECONDS)).isNotEmpty();
            assertThat(voice.describe()).isEqualTo("espeak-ng:en-us");
        }
    }

    @Test
    void anUnknownVoiceFailsTheUtteranceWithEspeaksMessage() {
        assumeTrue(EspeakVoice.isAvailable(), "espeak-ng is not installed");
        try (EspeakVoice voice = EspeakVoice.builder().voice("xx-nowhere").build()) {
            assertThatThrownBy(() -> voice.speak(CALLER, "Hello").get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(CallerVoiceException.class)
                    .hasMessageContaining("voice xx-nowhere").hasMessageContaining("does not exist");
        }
    }

    @Test
    void aSynthesisThatHangsIsKilledAndFailsTheUtterance(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell for the stand-in program");
        Path hanging = dir.resolve("espeak-ng");
        Files.writeString(hanging, "#!/bin/sh\n[ \"$1\" = --version ] && exit 0\nexec sleep 30\n");
        hanging.toFile().setExecutable(true);

        try (EspeakVoice voice = EspeakVoice.builder().executable(hanging).renderTimeout(Duration.ofMillis(300))
                .build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> voice.speak(CALLER, "Hello").get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(CallerVoiceException.class)
                    .hasMessageContaining("took longer than 300 ms").hasMessageContaining("Hello");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aMissingProgramFailsTheBuildSayingWhatToInstall() {
        assertThatThrownBy(() -> EspeakVoice.builder().executable(Path.of("/nonexistent/espeak-ng")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/espeak-ng").hasMessageContaining("install the espeak-ng package");
    }

    @Test
    void personasGetVoicesByAccentAndGender() {
        assertThat(EspeakVoice.defaultVoice(Personas.get("repeat-caller"))).matches("en-gb\\+m[1-7]");
        assertThat(EspeakVoice.defaultVoice(Personas.get("first-time-caller"))).matches("en-us\\+f[1-5]");
        assertThat(EspeakVoice.defaultVoice(Personas.get("multilingual"))).matches("es-419\\+f[1-5]");
        Persona neutral = Persona.builder("tester").gender(Gender.NEUTRAL).build();
        assertThat(EspeakVoice.defaultVoice(neutral)).isEqualTo(EspeakVoice.defaultVoice(neutral));
        assertThat(Personas.builtIns().stream().map(EspeakVoice::defaultVoice).distinct().count())
                .as("callers sound different").isGreaterThan(6);
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> EspeakVoice.builder().voice("-s 999"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("voice");
        assertThatThrownBy(() -> EspeakVoice.builder().renderTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("renderTimeout");
    }
}
