package io.callstorm.simulate.connect.media;

import io.callstorm.core.persona.Persona;

import java.util.concurrent.CompletableFuture;

/** Where a simulated caller's speech comes from: mu-law 8 kHz mono audio per utterance. */
public interface CallerVoice extends AutoCloseable {
    /**
     * The caller's speech for one utterance, G.711 mu-law, 8 kHz, mono, without silence padding. Called from a
     * network event loop: must not block; slow voices complete on their own threads.
     */
    CompletableFuture<byte[]> speak(Persona persona, String text);

    /** A short description for reports, e.g. {@code synthetic}. */
    String describe();

    @Override
    default void close() {
    }
}
