package io.callstorm.cli;

import io.callstorm.simulate.connect.media.AudioFileVoice;
import io.callstorm.simulate.connect.media.CallerVoice;
import io.callstorm.simulate.connect.media.EspeakVoice;
import io.callstorm.simulate.connect.media.SyntheticVoice;

import java.nio.file.Path;

/** The caller voice a {@code voice} setting names: {@code synthetic}, {@code espeak-ng[:VOICE]} or {@code files:DIR}. */
final class Voices {
    private Voices() {
    }

    /**
     * The voice; recorded files fall back to the synthetic voice for utterances nobody recorded.
     *
     * @throws IllegalArgumentException or IllegalStateException naming what is missing (a folder, espeak-ng)
     */
    static CallerVoice of(String spec) {
        if (spec.equals("synthetic")) {
            return SyntheticVoice.create();
        }
        if (spec.equals("espeak-ng")) {
            return EspeakVoice.builder().build();
        }
        if (spec.startsWith("espeak-ng:")) {
            return EspeakVoice.builder().voice(spec.substring("espeak-ng:".length())).build();
        }
        if (spec.startsWith("files:")) {
            return AudioFileVoice.fromDirectory(Path.of(spec.substring("files:".length())))
                    .withFallback(SyntheticVoice.create());
        }
        throw new IllegalArgumentException("voice \"" + spec + "\" is not known; allowed: synthetic, espeak-ng, "
                + "espeak-ng:VOICE, files:DIR");
    }
}
