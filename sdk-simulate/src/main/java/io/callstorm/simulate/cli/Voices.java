package io.callstorm.simulate.cli;

import io.callstorm.simulate.connect.media.CallerVoice;
import io.callstorm.simulate.connect.media.SyntheticVoice;

/** The caller voice a {@code voice} setting names: {@code synthetic}, {@code espeak-ng[:VOICE]} or {@code files:DIR}. */
final class Voices {
    private Voices() {
    }

    static CallerVoice of(String spec) {
        if (spec.equals("synthetic")) {
            return SyntheticVoice.create();
        }
        throw new IllegalArgumentException("voice \"" + spec + "\" is not available; allowed: synthetic");
    }
}
