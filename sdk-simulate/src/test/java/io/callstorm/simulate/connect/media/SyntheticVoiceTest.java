package io.callstorm.simulate.connect.media;

import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.transcript.Words;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticVoiceTest {
    /** The reference agent's speech level: mean absolute amplitude of a 20 ms frame. */
    private static final int VAD_THRESHOLD = 300;
    private static final String TEXT = "Hi, I was charged twice for my subscription this month and I'd like a refund.";

    private final SyntheticVoice voice = SyntheticVoice.create();

    @Test
    void lastsThePersonasSpeakingTimeToTheFrame() {
        for (Persona persona : Personas.builtIns()) {
            byte[] speech = voice.speak(persona, TEXT).join();

            long expectedMillis = persona.speakingTime(Words.count(TEXT)).toMillis();
            assertThat(Math.abs(speech.length - expectedMillis * 8)).as(persona.id())
                    .isLessThan(MuLaw.FRAME_BYTES);
        }
    }

    @Test
    void completesAtOnceAndTheSameEveryTime() {
        Persona persona = Personas.get("frustrated");
        CompletableFuture<byte[]> first = voice.speak(persona, TEXT);

        assertThat(first).isCompleted();
        assertThat(SyntheticVoice.create().speak(persona, TEXT).join()).isEqualTo(first.join());
    }

    @Test
    void callersGetTheirOwnCopy() {
        Persona persona = Personas.get("elderly");
        byte[] first = voice.speak(persona, TEXT).join();
        byte[] original = first.clone();
        first[0] = 0;

        assertThat(voice.speak(persona, TEXT).join()).isEqualTo(original);
    }

    @Test
    void personasSoundDifferent() {
        assertThat(voice.speak(Personas.get("elderly"), "yes please").join())
                .isNotEqualTo(voice.speak(Personas.get("frustrated"), "yes please").join());
    }

    @Test
    void isSpeechToADetectorFromFirstToLastFrameWithShortPausesBetweenWords() {
        for (Persona persona : List.of(Personas.get("in-a-hurry"), Personas.get("elderly"),
                Personas.get("repeat-caller"))) {
            byte[] speech = voice.speak(persona, TEXT).join();
            List<int[]> pauses = digitalSilences(speech);

            assertThat(pauses).as("one pause between each two words").hasSize(Words.count(TEXT) - 1);
            for (int[] pause : pauses) {
                assertThat(pause[1] - pause[0]).as("pause length in samples")
                        .isBetween(2 * MuLaw.FRAME_BYTES, 10 * MuLaw.FRAME_BYTES); // 40-200 ms: no end of turn
            }
            for (int start = 0; start + MuLaw.FRAME_BYTES <= speech.length; start += MuLaw.FRAME_BYTES) {
                int level = MuLaw.meanAmplitude(speech, start, MuLaw.FRAME_BYTES);
                if (inside(pauses, start)) {
                    assertThat(level).as("frame at %d inside a pause", start).isLessThan(VAD_THRESHOLD);
                } else if (!overlaps(pauses, start)) {
                    assertThat(level).as("speech frame at %d", start).isGreaterThan(3 * VAD_THRESHOLD);
                }
            }
            assertThat(MuLaw.meanAmplitude(speech, 0, MuLaw.FRAME_BYTES)).as("first frame")
                    .isGreaterThan(VAD_THRESHOLD);
            int lastWhole = (speech.length / MuLaw.FRAME_BYTES - 1) * MuLaw.FRAME_BYTES;
            assertThat(MuLaw.meanAmplitude(speech, lastWhole, MuLaw.FRAME_BYTES)).as("last frame")
                    .isGreaterThan(VAD_THRESHOLD);
        }
    }

    @Test
    void noWordsIsNoAudio() {
        assertThat(voice.speak(Personas.get("chatty"), "  ").join()).isEmpty();
    }

    @Test
    void describesItself() {
        assertThat(voice.describe()).isEqualTo("synthetic");
    }

    /** Runs of at least 10 ms of digital silence, as [start, end) sample indexes. */
    private static List<int[]> digitalSilences(byte[] speech) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= speech.length; i++) {
            boolean silent = i < speech.length && MuLaw.decode(speech[i]) == 0;
            if (silent && start < 0) {
                start = i;
            } else if (!silent && start >= 0) {
                if (i - start >= 80) {
                    runs.add(new int[] {start, i});
                }
                start = -1;
            }
        }
        return runs;
    }

    private static boolean inside(List<int[]> runs, int frameStart) {
        return runs.stream().anyMatch(r -> frameStart >= r[0] && frameStart + MuLaw.FRAME_BYTES <= r[1]);
    }

    private static boolean overlaps(List<int[]> runs, int frameStart) {
        return runs.stream().anyMatch(r -> frameStart < r[1] && frameStart + MuLaw.FRAME_BYTES > r[0]);
    }
}
