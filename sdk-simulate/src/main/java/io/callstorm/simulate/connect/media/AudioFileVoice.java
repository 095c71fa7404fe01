package io.callstorm.simulate.connect.media;

import io.callstorm.core.persona.Persona;
import io.callstorm.simulate.connect.media.internal.LruCache;
import io.callstorm.simulate.connect.media.internal.RenderCache;
import io.callstorm.simulate.connect.media.internal.TelephoneAudio;
import io.callstorm.simulate.connect.media.internal.VoiceWorkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Plays recorded WAV files, one per utterance, from a directory. For a persona {@code frustrated} and the text
 * {@code "Where is my refund?"} it looks, in order, for
 * <ol>
 *   <li>{@code <dir>/frustrated/where-is-my-refund.wav} (this persona's recording),</li>
 *   <li>{@code <dir>/where-is-my-refund.wav} (any persona's),</li>
 *   <li>the file that {@code <dir>/utterances.tsv} maps the exact text to (lines {@code file<TAB>text},
 *       files relative to the directory, {@code #} starts a comment): for texts whose {@link #slug} is awkward.</li>
 * </ol>
 * When none exists the utterance goes to the fallback voice, if one was given with {@link #withFallback}, so that a
 * partly recorded set works; otherwise it fails with a message listing the paths looked for.
 *
 * <pre>{@code
 * try (CallerVoice voice = AudioFileVoice.fromDirectory(Path.of("recordings"))
 *         .withFallback(SyntheticVoice.create())) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Files may be any WAV this SDK reads (PCM 8/16/24/32-bit, float, mu-law, A-law; any rate; stereo is mixed
 * down); they are resampled to 8 kHz with an anti-aliasing filter, silence before the first and after the last
 * sound is trimmed, and the result is cached. Files are read on the voice's own two daemon threads
 * ({@code callstorm-voice-files-N}), started on first use.
 */
public final class AudioFileVoice implements CallerVoice {
    /** The optional file mapping exact texts to recordings. */
    public static final String UTTERANCES_FILE = "utterances.tsv";
    /** Longest slug, in characters; longer texts are cut (or mapped in {@value #UTTERANCES_FILE}). */
    public static final int MAX_SLUG_LENGTH = 80;

    private final Path dir;
    private final Map<String, Path> mapped;
    private final Optional<CallerVoice> fallback;
    /** Which file (or none) serves each (persona, text): looking is file IO, done once. */
    private final LruCache<String, Optional<Path>> resolved =
            new LruCache<>(RenderCache.DEFAULT_MAX_ENTRIES * 4, Long.MAX_VALUE, p -> 1);
    /** Decoded audio by file: personas sharing a recording share the bytes. */
    private final RenderCache decoded = new RenderCache();
    private VoiceWorkers workers;
    private boolean closed;

    private AudioFileVoice(Path dir, Map<String, Path> mapped, Optional<CallerVoice> fallback) {
        this.dir = dir;
        this.mapped = mapped;
        this.fallback = fallback;
    }

    /**
     * Recordings in {@code dir}; reads {@value #UTTERANCES_FILE} now if it is there.
     *
     * @throws IllegalArgumentException when {@code dir} is not a directory, or naming the line of
     *                                  {@value #UTTERANCES_FILE} that is malformed
     * @throws UncheckedIOException     when {@value #UTTERANCES_FILE} cannot be read
     */
    public static AudioFileVoice fromDirectory(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("recordings directory " + absolute
                    + (Files.exists(absolute) ? " is not a directory" : " does not exist"));
        }
        return new AudioFileVoice(absolute, readUtterances(absolute), Optional.empty());
    }

    /**
     * This voice, with utterances that have no recording spoken by {@code fallback} instead of failing.
     * {@link #close()} closes the fallback too.
     */
    public AudioFileVoice withFallback(CallerVoice fallback) {
        Objects.requireNonNull(fallback, "fallback");
        if (fallback == this) {
            throw new IllegalArgumentException("fallback must be another voice");
        }
        return new AudioFileVoice(dir, mapped, Optional.of(fallback));
    }

    /**
     * The file name (without {@code .wav}) under which the recording of {@code text} is looked for: lower case,
     * accents dropped, every run of other characters than {@code a-z} and {@code 0-9} made one {@code -}, no
     * {@code -} at either end, at most {@value #MAX_SLUG_LENGTH} characters. {@code "What's my balance?"} becomes
     * {@code what-s-my-balance}. Empty when the text has no such characters (map it in
     * {@value #UTTERANCES_FILE}).
     */
    public static String slug(String text) {
        Objects.requireNonNull(text, "text");
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
        StringBuilder s = new StringBuilder(Math.min(plain.length(), MAX_SLUG_LENGTH));
        boolean dash = false;
        for (int i = 0; i < plain.length() && s.length() < MAX_SLUG_LENGTH; i++) {
            char c = plain.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue; // the accent of an accented letter, split off by NFD
            }
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (dash && s.length() > 0) {
                    if (s.length() + 2 > MAX_SLUG_LENGTH) {
                        break; // a slug never ends with '-'
                    }
                    s.append('-');
                }
                dash = false;
                s.append(c);
            } else {
                dash = true;
            }
        }
        return s.toString();
    }

    @Override
    public CompletableFuture<byte[]> speak(Persona persona, String text) {
        Objects.requireNonNull(persona, "persona");
        Objects.requireNonNull(text, "text");
        String key = persona.id() + '\n' + text;
        Optional<Path> file = resolved.get(key);
        CompletableFuture<Optional<Path>> lookup = file != null ? CompletableFuture.completedFuture(file)
                : workers().submit(() -> {
                    Optional<Path> found = find(persona, text);
                    resolved.put(key, found);
                    return found;
                });
        return lookup.thenCompose(found -> found.isPresent() ? load(found.get())
                : fallback.map(v -> v.speak(persona, text))
                .orElseGet(() -> CompletableFuture.failedFuture(new CallerVoiceException(missing(persona, text)))));
    }

    private CompletableFuture<byte[]> load(Path file) {
        return decoded.get(file.toString(), () -> workers().submit(() -> {
            try {
                return TelephoneAudio.fromWavFile(file);
            } catch (IOException e) {
                throw new CallerVoiceException("cannot read recording " + e.getMessage(), e);
            }
        })).thenApply(byte[]::clone);
    }

    private Optional<Path> find(Persona persona, String text) {
        for (Path candidate : candidates(persona, text)) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private List<Path> candidates(Persona persona, String text) {
        List<Path> paths = new ArrayList<>(3);
        String slug = slug(text);
        if (!slug.isEmpty()) {
            paths.add(dir.resolve(persona.id()).resolve(slug + ".wav"));
            paths.add(dir.resolve(slug + ".wav"));
        }
        Path listed = mapped.get(text.strip());
        if (listed != null) {
            paths.add(listed);
        }
        return paths;
    }

    private String missing(Persona persona, String text) {
        StringBuilder m = new StringBuilder("no recording of \"").append(text).append("\" for persona ")
                .append(persona.id()).append(": looked for ");
        String slug = slug(text);
        if (!slug.isEmpty()) {
            m.append(dir.resolve(persona.id()).resolve(slug + ".wav")).append(", ")
                    .append(dir.resolve(slug + ".wav")).append(", ");
        }
        Path listed = mapped.get(text.strip());
        if (listed != null) {
            m.append(listed).append(" (from ").append(UTTERANCES_FILE).append(')');
        } else {
            m.append("a line for this text in ").append(dir.resolve(UTTERANCES_FILE));
        }
        return m.append("; record one, or give the voice a fallback with withFallback(..)").toString();
    }

    private synchronized VoiceWorkers workers() {
        if (workers == null) {
            workers = new VoiceWorkers("files", 2, 10_000);
            if (closed) {
                workers.close(); // submissions now fail with "closed"
            }
        }
        return workers;
    }

    @Override
    public String describe() {
        return "files:" + dir + fallback.map(v -> " (fallback " + v.describe() + ")").orElse("");
    }

    /** Stops the file-reading threads and closes the fallback voice. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (workers != null) {
                workers.close();
            }
        }
        fallback.ifPresent(CallerVoice::close);
    }

    @Override
    public String toString() {
        return "AudioFileVoice{" + describe() + ", mapped=" + mapped.size() + ", cached=" + decoded.size() + '}';
    }

    private static Map<String, Path> readUtterances(Path dir) {
        Path tsv = dir.resolve(UTTERANCES_FILE);
        if (!Files.isRegularFile(tsv)) {
            return Map.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tsv + ": " + e.getMessage(), e);
        }
        Map<String, Path> map = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark from a spreadsheet export
            }
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            String where = tsv + " line " + (i + 1);
            if (tab < 0) {
                throw new IllegalArgumentException(where + ": expected file<TAB>text, found no tab in \"" + line
                        + '"');
            }
            String file = line.substring(0, tab).strip();
            String text = line.substring(tab + 1).strip();
            if (file.isEmpty() || text.isEmpty()) {
                throw new IllegalArgumentException(where + ": expected file<TAB>text, the "
                        + (file.isEmpty() ? "file" : "text") + " is empty");
            }
            Integer earlier = lineOf.putIfAbsent(text, i + 1);
            if (earlier != null) {
                throw new IllegalArgumentException(where + ": the text \"" + text + "\" is already mapped on line "
                        + earlier);
            }
            map.put(text, dir.resolve(file).normalize());
        }
        return Map.copyOf(map);
    }
}
