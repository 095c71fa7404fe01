package io.callstorm.simulate.connect.media;

import io.callstorm.core.persona.Persona;
import io.callstorm.core.transcript.Words;
import io.callstorm.simulate.connect.media.internal.RenderCache;
import io.callstorm.simulate.connect.media.internal.SyntheticSpeech;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The default caller voice: a deterministic speech-like signal (voiced syllables at a pitch chosen per persona,
 * short pauses between words) that lasts exactly {@link Persona#speakingTime(int)} for the utterance's words, so
 * that timings match the in-process simulation and nothing has to be installed. An agent's voice-activity
 * detector hears it as speech; a speech recogniser hears no words (the connector sends them alongside in its
 * {@code callstorm.utterance} event).
 *
 * <pre>{@code
 * CallerVoice voice = SyntheticVoice.create();
 * byte[] speech = voice.speak(Personas.get("frustrated"), "Where is my refund?").join(); // completed at once
 * }</pre>
 *
 * <p>Rendering takes well under a millisecond for a sentence and is done on the calling thread; the last 4,096
 * utterances (at most 64 MiB) are kept, since the same sentences repeat across thousands of calls.
 */
public final class SyntheticVoice implements CallerVoice {
    /** Lowest pitch a persona may get, in Hz. */
    static final double MIN_PITCH_HZ = 95;
    /** Highest pitch a persona may get, in Hz. */
    static final double MAX_PITCH_HZ = 220;

    private final RenderCache cache = new RenderCache();

    private SyntheticVoice() {
    }

    /** A synthetic voice with its own cache of rendered utterances. */
    public static SyntheticVoice create() {
        return new SyntheticVoice();
    }

    @Override
    public CompletableFuture<byte[]> speak(Persona persona, String text) {
        Objects.requireNonNull(persona, "persona");
        Objects.requireNonNull(text, "text");
        // the rate and gender are in the key: a persona variant built with toBuilder() may keep the id
        String key = persona.id() + '\n' + persona.speakingRateWpm() + '\n' + persona.gender() + '\n' + text;
        return cache.get(key, () -> CompletableFuture.completedFuture(SyntheticSpeech.render(text,
                        persona.speakingTime(Words.count(text)).toMillis(), pitchHz(persona))))
                .thenApply(byte[]::clone);
    }

    /**
     * The persona's speaking pitch: from its id's hash, within a range by gender (male 95-145 Hz, female
     * 165-220 Hz, neutral 95-220 Hz), so that callers sound different from one another but each is the same in
     * every run.
     */
    static double pitchHz(Persona persona) {
        double u = (persona.id().hashCode() * 0x9E3779B1L & 0xFFFF_FFFFL) / 4_294_967_296.0;
        switch (persona.gender()) {
            case MALE:
                return MIN_PITCH_HZ + 50 * u;
            case FEMALE:
                return 165 + (MAX_PITCH_HZ - 165) * u;
            default:
                return MIN_PITCH_HZ + (MAX_PITCH_HZ - MIN_PITCH_HZ) * u;
        }
    }

    @Override
    public String describe() {
        return "synthetic";
    }

    @Override
    public String toString() {
        return "SyntheticVoice{cached=" + cache.size() + ", bytes=" + cache.bytes() + '}';
    }
}
