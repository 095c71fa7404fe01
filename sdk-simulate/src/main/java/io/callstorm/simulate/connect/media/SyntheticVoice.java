package io.callstorm.simulate.connect.media;

import io.callstorm.core.persona.Persona;
import io.callstorm.core.transcript.Words;

import java.util.concurrent.CompletableFuture;

/** Placeholder until the synthetic voice lands: a voiced tone for the persona's speaking time. */
public final class SyntheticVoice implements CallerVoice {
    private SyntheticVoice() {
    }

    public static SyntheticVoice create() {
        return new SyntheticVoice();
    }

    @Override
    public CompletableFuture<byte[]> speak(Persona persona, String text) {
        int ms = (int) persona.speakingTime(Words.count(text)).toMillis();
        byte[] out = new byte[Math.max(MuLaw.FRAME_BYTES, ms * 8)];
        for (int i = 0; i < out.length; i++) {
            out[i] = MuLaw.encode((int) (6000 * Math.sin(2 * Math.PI * 150 * i / 8000.0)));
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public String describe() {
        return "synthetic";
    }
}
