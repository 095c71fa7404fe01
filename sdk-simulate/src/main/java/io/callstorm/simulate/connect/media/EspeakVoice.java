package io.callstorm.simulate.connect.media;

import io.callstorm.core.persona.Persona;
import io.callstorm.simulate.connect.media.internal.RenderCache;
import io.callstorm.simulate.connect.media.internal.TelephoneAudio;
import io.callstorm.simulate.connect.media.internal.VoiceWorkers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Speaks the caller's words with the {@code espeak-ng} speech synthesiser (Debian/Ubuntu package {@code espeak-ng},
 * Homebrew {@code espeak-ng}): robotic, but real words, for agents whose speech recogniser should hear what the
 * caller says. Each persona gets its own voice (an English accent from its language and accent, a male or female
 * variant from its gender, chosen by its id) at its speaking rate.
 *
 * <pre>{@code
 * if (EspeakVoice.isAvailable()) {
 *     try (EspeakVoice voice = EspeakVoice.builder().build()) {
 *         byte[] speech = voice.speak(persona, "I was charged twice").join();
 *     }
 * }
 * }</pre>
 *
 * <p>Each utterance runs {@code espeak-ng --stdout -v <voice> -s <wpm> -- <text>} (the text as an argument, never
 * through a shell) on one of two daemon threads ({@code callstorm-voice-espeak-N}); its WAV output is trimmed of
 * silence, resampled to 8 kHz and cached, so a sentence is synthesised once per voice however many calls say it.
 * espeak-ng's rate is approximate: utterances last roughly, not exactly, the persona's speaking time (use
 * {@link SyntheticVoice} for exact timing).
 */
public final class EspeakVoice implements CallerVoice {
    /** The longest one utterance may take to synthesise before the process is killed. */
    public static final Duration DEFAULT_RENDER_TIMEOUT = Duration.ofSeconds(10);
    /** The program, looked up on the {@code PATH}. */
    public static final String DEFAULT_EXECUTABLE = "espeak-ng";

    private static final Pattern VOICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+./-]{0,63}");
    private static final List<String> MALE = List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7");
    private static final List<String> FEMALE = List.of("f1", "f2", "f3", "f4", "f5");
    /** espeak-ng's own limits on {@code -s}. */
    private static final int MIN_WPM = 80;
    private static final int MAX_WPM = 450;

    private final String executable;
    private final Function<Persona, String> voiceFor;
    private final String voiceLabel;
    private final Duration renderTimeout;
    private final RenderCache cache = new RenderCache();
    private final VoiceWorkers workers = new VoiceWorkers("espeak", 2, 10_000);

    private EspeakVoice(Builder b) {
        this.executable = b.executable;
        this.voiceFor = b.voiceFor;
        this.voiceLabel = b.voiceLabel;
        this.renderTimeout = b.renderTimeout;
    }

    /**
     * Whether {@code espeak-ng} on the {@code PATH} runs: it is asked for its version once per JVM. Use it to skip
     * tests or choose another voice.
     */
    public static boolean isAvailable() {
        return Installed.RUNS;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletableFuture<byte[]> speak(Persona persona, String text) {
        Objects.requireNonNull(persona, "persona");
        Objects.requireNonNull(text, "text");
        String voice;
        try {
            voice = voiceFor.apply(persona);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new CallerVoiceException("voiceFor failed for persona "
                    + persona.id() + ": " + e, e));
        }
        if (voice == null || !VOICE_NAME.matcher(voice).matches()) {
            return CompletableFuture.failedFuture(new CallerVoiceException("voiceFor gave persona " + persona.id()
                    + " the voice " + (voice == null ? "null" : '"' + voice + '"')
                    + "; expected an espeak-ng voice name such as en-us or en-gb+f2 (see espeak-ng --voices)"));
        }
        if (text.isBlank()) {
            return CompletableFuture.completedFuture(new byte[0]);
        }
        int wpm = Math.max(MIN_WPM, Math.min(MAX_WPM, persona.speakingRateWpm()));
        String key = voice + '\n' + wpm + '\n' + text;
        return cache.get(key, () -> workers.submit(() -> render(voice, wpm, text))).thenApply(byte[]::clone);
    }

    private byte[] render(String voice, int wpm, String text) {
        Path out = null;
        Path err = null;
        Process process = null;
        String what = "espeak-ng (voice " + voice + ", " + wpm + " wpm) speaking \"" + abbreviate(text) + '"';
        try {
            // files, not pipes: nothing to drain concurrently, and the timeout is a plain waitFor
            out = Files.createTempFile("callstorm-espeak-", ".wav");
            err = Files.createTempFile("callstorm-espeak-", ".err");
            process = new ProcessBuilder(executable, "--stdout", "-v", voice, "-s", Integer.toString(wpm), "--", text)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(renderTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new CallerVoiceException(what + " took longer than " + renderTimeout.toMillis()
                        + " ms; killed it");
            }
            String errors = new String(Files.readAllBytes(err), StandardCharsets.UTF_8).strip();
            errors = errors.length() <= 500 ? errors : errors.substring(0, 497) + "...";
            byte[] wav = Files.readAllBytes(out);
            if (process.exitValue() != 0 || wav.length <= 44) {
                // an unknown voice exits 0 with no audio and a message on stderr
                throw new CallerVoiceException(what + " failed (exit " + process.exitValue() + ", " + wav.length
                        + " bytes of output)" + (errors.isEmpty() ? "" : ": " + errors));
            }
            return TelephoneAudio.fromWav(wav, "output of " + what);
        } catch (IOException e) {
            throw new CallerVoiceException(what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallerVoiceException(what + " was interrupted: the voice is closing", e);
        } finally {
            if (process != null && process.isAlive()) {
                kill(process);
            }
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /**
     * The voice a persona gets unless {@link Builder#voiceFor} says otherwise: {@code en-gb} for British, Irish and
     * Scottish accents or regions, {@code en-us} for other English, {@code es-419} for Spanish in the Americas,
     * else the language's primary subtag; with a male ({@code +m1}..{@code +m7}) or female ({@code +f1}..{@code +f5})
     * variant by gender, picked by the persona id's hash so that callers sound different.
     */
    public static String defaultVoice(Persona persona) {
        String[] tag = persona.language().toLowerCase(Locale.ROOT).split("-");
        String region = tag.length > 1 ? tag[1] : "";
        String accent = persona.accent().toLowerCase(Locale.ROOT);
        String base;
        if (tag[0].equals("en")) {
            if (accent.contains("scottish") || accent.contains("scots")) {
                base = "en-gb-scotland";
            } else if (List.of("gb", "uk", "ie").contains(region) || accent.contains("british")
                    || accent.contains("irish") || accent.contains("northern english") || accent.equals("english")
                    || accent.contains("received pronunciation")) {
                base = "en-gb";
            } else {
                base = "en-us";
            }
        } else if (tag[0].equals("es")) {
            base = region.isEmpty() || region.equals("es") ? "es" : "es-419";
        } else {
            base = tag[0];
        }
        List<String> variants = switch (persona.gender()) {
            case MALE -> MALE;
            case FEMALE -> FEMALE;
            default -> persona.id().hashCode() % 2 == 0 ? MALE : FEMALE;
        };
        return base + "+" + variants.get(Math.floorMod(persona.id().hashCode() * 31 + 7, variants.size()));
    }

    /** {@code espeak-ng:<voice>}, e.g. {@code espeak-ng:en-us} or {@code espeak-ng:by-persona}. */
    @Override
    public String describe() {
        return "espeak-ng:" + voiceLabel;
    }

    /** Stops the worker threads; a synthesis in progress is killed. */
    @Override
    public void close() {
        workers.close();
    }

    @Override
    public String toString() {
        return "EspeakVoice{" + describe() + ", executable=" + executable
                + ", renderTimeout=" + renderTimeout + ", cached=" + cache.size() + '}';
    }

    /** Kills the process and anything it started (a wrapper script's child would otherwise live on). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    /** Whether {@code executable --version} runs and exits 0 within 5 seconds. */
    static boolean runs(String executable) {
        Process p = null;
        try {
            p = new ProcessBuilder(executable, "--version")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** Asked once, on first use. */
    private static final class Installed {
        static final boolean RUNS = runs(DEFAULT_EXECUTABLE);
    }

    /** Configures an {@link EspeakVoice}; setters check their input and say what is wrong. */
    public static final class Builder {
        private String executable = DEFAULT_EXECUTABLE;
        private Function<Persona, String> voiceFor = EspeakVoice::defaultVoice;
        private String voiceLabel = "by-persona";
        private Duration renderTimeout = DEFAULT_RENDER_TIMEOUT;

        private Builder() {
        }

        /** The espeak-ng program (default {@value #DEFAULT_EXECUTABLE} on the {@code PATH}). */
        public Builder executable(Path executable) {
            Objects.requireNonNull(executable, "executable");
            this.executable = executable.toString();
            return this;
        }

        /** One voice for every persona, e.g. {@code en-us}, {@code en-gb+f2} (see {@code espeak-ng --voices}). */
        public Builder voice(String voice) {
            Objects.requireNonNull(voice, "voice");
            if (!VOICE_NAME.matcher(voice).matches()) {
                throw new IllegalArgumentException("voice must be an espeak-ng voice name such as en-us or en-gb+f2, "
                        + "was \"" + voice + '"');
            }
            this.voiceFor = p -> voice;
            this.voiceLabel = voice;
            return this;
        }

        /** The voice for each persona (default {@link EspeakVoice#defaultVoice}); must not return null. */
        public Builder voiceFor(Function<Persona, String> voiceFor) {
            this.voiceFor = Objects.requireNonNull(voiceFor, "voiceFor");
            this.voiceLabel = "custom";
            return this;
        }

        /** The longest one utterance may take to synthesise (default 10 s); past it, the utterance fails. */
        public Builder renderTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "renderTimeout");
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("renderTimeout must be > 0 and <= 5 minutes, was " + timeout);
            }
            this.renderTimeout = timeout;
            return this;
        }

        /**
         * @throws IllegalStateException when the executable does not run, saying to install {@code espeak-ng}
         */
        public EspeakVoice build() {
            boolean runs = executable.equals(DEFAULT_EXECUTABLE) ? Installed.RUNS : runs(executable);
            if (!runs) {
                throw new IllegalStateException("espeak-ng is not installed or does not run (tried \"" + executable
                        + " --version\"): install the espeak-ng package (apt-get install espeak-ng, "
                        + "brew install espeak-ng) or set executable(..) to where it is");
            }
            return new EspeakVoice(this);
        }
    }
}
