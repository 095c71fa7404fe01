package io.callstorm.simulate.connect.media;

import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.simulate.connect.media.internal.TestWavs;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AudioFileVoiceTest {
    private static final String TEXT = "Where is my refund?";
    private static final Persona FRUSTRATED = Personas.get("frustrated");
    private static final Persona ELDERLY = Personas.get("elderly");

    @TempDir
    Path dir;
    private AudioFileVoice voice;

    @AfterEach
    void close() {
        if (voice != null) {
            voice.close();
        }
    }

    @Test
    void slugsAreLowerCaseWordsJoinedByDashes() {
        assertThat(AudioFileVoice.slug("Where is my refund?")).isEqualTo("where-is-my-refund");
        assertThat(AudioFileVoice.slug("  What's my   balance -- on 12/03?! ")).isEqualTo("what-s-my-balance-on-12-03");
        assertThat(AudioFileVoice.slug("Café crème, s'il vous plaît")).isEqualTo("cafe-creme-s-il-vous-plait");
        assertThat(AudioFileVoice.slug("¿¡…!?")).isEmpty();
        String longText = "word ".repeat(40);
        assertThat(AudioFileVoice.slug(longText)).hasSizeLessThanOrEqualTo(AudioFileVoice.MAX_SLUG_LENGTH)
                .startsWith("word-word").doesNotEndWith("-");
    }

    @Test
    void aPersonasOwnRecordingComesFirstThenTheSharedOneThenUtterancesTsv() throws Exception {
        Files.createDirectories(dir.resolve("frustrated"));
        tone(dir.resolve("frustrated/where-is-my-refund.wav"), 300);
        tone(dir.resolve("where-is-my-refund.wav"), 500);
        tone(dir.resolve("mapped.wav"), 700);
        Files.writeString(dir.resolve("utterances.tsv"), "# file<TAB>text\n\nmapped.wav\t" + TEXT + "\n"
                + "other.wav\tSomething else\n", StandardCharsets.UTF_8);
        voice = AudioFileVoice.fromDirectory(dir);

        assertThat(pitchHz(voice.speak(FRUSTRATED, TEXT).get(5, TimeUnit.SECONDS))).isCloseTo(300, within(5));
        assertThat(pitchHz(voice.speak(ELDERLY, TEXT).get(5, TimeUnit.SECONDS))).isCloseTo(500, within(5));

        Files.delete(dir.resolve("where-is-my-refund.wav"));
        AudioFileVoice fresh = AudioFileVoice.fromDirectory(dir); // lookups are remembered per voice
        try {
            assertThat(pitchHz(fresh.speak(ELDERLY, TEXT).get(5, TimeUnit.SECONDS))).isCloseTo(700, within(5));
            assertThat(pitchHz(fresh.speak(FRUSTRATED, TEXT).get(5, TimeUnit.SECONDS))).isCloseTo(300, within(5));
        } finally {
            fresh.close();
        }
    }

    @Test
    void utterancesTsvMapsTextsWhoseSlugIsEmpty() throws Exception {
        tone(dir.resolve("question-marks.wav"), 400);
        Files.writeString(dir.resolve("utterances.tsv"), "question-marks.wav\t???\n", StandardCharsets.UTF_8);
        voice = AudioFileVoice.fromDirectory(dir);

        assertThat(voice.speak(ELDERLY, "???").get(5, TimeUnit.SECONDS)).hasSize(4_000);
    }

    @Test
    void aMissingRecordingGoesToTheFallback() throws Exception {
        tone(dir.resolve("where-is-my-refund.wav"), 500);
        voice = AudioFileVoice.fromDirectory(dir).withFallback(SyntheticVoice.create());

        byte[] recorded = voice.speak(ELDERLY, TEXT).get(5, TimeUnit.SECONDS);
        byte[] synthetic = voice.speak(ELDERLY, "I was charged twice").get(5, TimeUnit.SECONDS);

        assertThat(recorded).hasSize(4_000);
        assertThat(synthetic).isEqualTo(SyntheticVoice.create().speak(ELDERLY, "I was charged twice").join());
        assertThat(voice.describe()).isEqualTo("files:" + dir.toAbsolutePath().normalize() + " (fallback synthetic)");
    }

    @Test
    void aMissingRecordingWithoutFallbackFailsNamingThePathsLookedFor() {
        voice = AudioFileVoice.fromDirectory(dir);

        assertThatThrownBy(() -> voice.speak(FRUSTRATED, TEXT).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(CallerVoiceException.class)
                .hasMessageContaining("no recording of \"" + TEXT + "\" for persona frustrated")
                .hasMessageContaining(dir.resolve("frustrated").resolve("where-is-my-refund.wav").toString())
                .hasMessageContaining(dir.resolve("where-is-my-refund.wav").toString())
                .hasMessageContaining(dir.resolve("utterances.tsv").toString());
    }

    @Test
    void aRecordingThatIsNotAWavFailsTheUtteranceNamingIt() throws Exception {
        Path bad = Files.writeString(dir.resolve("where-is-my-refund.wav"), "not audio");
        voice = AudioFileVoice.fromDirectory(dir).withFallback(SyntheticVoice.create());

        assertThatThrownBy(() -> voice.speak(FRUSTRATED, TEXT).join())
                .cause().isInstanceOf(CallerVoiceException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("not a WAV file");
    }

    @Test
    void readsFilesOnItsOwnThreadsAndServesRepeatsFromCache() throws Exception {
        tone(dir.resolve("where-is-my-refund.wav"), 500);
        voice = AudioFileVoice.fromDirectory(dir);
        String[] thread = new String[1];

        voice.speak(ELDERLY, TEXT).thenRun(() -> thread[0] = Thread.currentThread().getName()).get(5,
                TimeUnit.SECONDS);
        Files.delete(dir.resolve("where-is-my-refund.wav"));

        assertThat(thread[0]).startsWith("callstorm-voice-files-");
        assertThat(voice.speak(ELDERLY, TEXT)).as("no file IO for a repeat").isCompletedWithValueMatching(
                bytes -> bytes.length == 4_000);
    }

    @Test
    void theDirectoryAndUtterancesTsvAreCheckedUpFront() throws Exception {
        Path nowhere = dir.resolve("nowhere");
        assertThatThrownBy(() -> AudioFileVoice.fromDirectory(nowhere))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(nowhere.toString()).hasMessageContaining("does not exist");

        Files.writeString(dir.resolve("utterances.tsv"), "# header\nhello.wav Hello there\n");
        assertThatThrownBy(() -> AudioFileVoice.fromDirectory(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("utterances.tsv line 2").hasMessageContaining("no tab");
    }

    @Test
    void closingStopsItAndClosesTheFallback() {
        boolean[] closed = new boolean[1];
        CallerVoice fallback = new CallerVoice() {
            @Override
            public CompletableFuture<byte[]> speak(Persona persona, String text) {
                return CompletableFuture.completedFuture(new byte[0]);
            }

            @Override
            public String describe() {
                return "test";
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        voice = AudioFileVoice.fromDirectory(dir).withFallback(fallback);

        voice.close();

        assertThat(closed[0]).isTrue();
        assertThatThrownBy(() -> voice.speak(ELDERLY, TEXT).join()).hasMessageContaining("closed");
    }

    /** Half a second of a tone at 16 kHz: 4,000 bytes at 8 kHz. */
    private static void tone(Path file, double hz) throws Exception {
        TestWavs.tone(file, 16_000, 1, hz, 0.5, 0.4);
    }

    private static double pitchHz(byte[] mulaw) {
        return TestWavs.risingZeroCrossings(MuLaw.decode(mulaw, 0, mulaw.length)) / (mulaw.length / 8_000.0);
    }

    private static Offset<Double> within(double hz) {
        return Offset.offset(hz);
    }
}
