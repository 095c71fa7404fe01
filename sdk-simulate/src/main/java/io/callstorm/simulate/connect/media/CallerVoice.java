package io.callstorm.simulate.connect.media;

import io.callstorm.core.persona.Persona;

import java.util.concurrent.CompletableFuture;

/**
 * Where a simulated caller's speech comes from: the audio the media-stream connector sends for each caller turn.
 * {@link SyntheticVoice} (the default) needs nothing installed and lasts exactly as long as the in-process
 * simulation's speaking time; {@link AudioFileVoice} plays recorded files; {@link EspeakVoice} speaks the words
 * with the {@code espeak-ng} synthesiser.
 *
 * <pre>{@code
 * try (CallerVoice voice = AudioFileVoice.fromDirectory(Path.of("recordings"))
 *         .withFallback(SyntheticVoice.create())) {
 *     byte[] speech = voice.speak(persona, "I'd like to check my balance").join();
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe and are called from network event loops, so {@link #speak} never blocks for
 * long: a voice that has to read files or run a program does it on its own small pool of threads.
 */
public interface CallerVoice extends AutoCloseable {

    /**
     * The caller's speech for one utterance: G.711 mu-law, 8 kHz, mono ({@link MuLaw}), from the first sound to
     * the last, without silence added before or after (the connector adds its own silence tail). Each call gets
     * its own array.
     *
     * <p>Cheap voices return a completed future; others complete on their own thread, so continue on your own
     * executor (for Netty, the channel's event loop) rather than in the callback. Failures complete the future
     * exceptionally with a {@link CallerVoiceException} saying what is missing or wrong.
     */
    CompletableFuture<byte[]> speak(Persona persona, String text);

    /** A short description for reports, e.g. {@code synthetic}, {@code espeak-ng:en-us}, {@code files:/path}. */
    String describe();

    /** Releases the voice's threads and processes; later calls to {@link #speak} may fail. Does not throw. */
    @Override
    default void close() {
    }
}
