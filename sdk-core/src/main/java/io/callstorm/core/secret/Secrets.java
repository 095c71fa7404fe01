package io.callstorm.core.secret;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redactor: every secret Callstorm is configured with (the agent's bearer token, headers marked secret, the
 * judge's key, the remote evaluator's keys) is {@linkplain #register registered} here by the builder that takes it,
 * and every output (connector errors, log lines, the console, {@code calls.jsonl}, {@code run.json},
 * {@code report.json}, {@code report.html}, {@code junit.xml}, verdicts) passes through {@link #redact(String)}
 * before it leaves the process.
 *
 * <pre>{@code
 * Secrets.register(token);                 // done for you by bearerToken(..), apiKey(..), secretHeader(..)
 * log.warn("agent said: {}", Secrets.redact(body));
 * }</pre>
 *
 * <p><b>Process-wide, on purpose.</b> A secret surfaces wherever a server echoes it: an error body read on a
 * Netty thread, a verdict written on the results thread, a line a library logs. One registry that every module
 * reads (sdk-core is below them all) needs no plumbing through each of those paths, and it only grows: masking a
 * secret in the output of a run that did not use it hides nothing anyone needs.
 *
 * <p><b>What is masked, as {@value #MASK}.</b> The secret as it is, and the forms a server or a writer may turn it
 * into: URL-encoded, JSON- and HTML-escaped, and base64 (standard and URL-safe alphabet) at any alignment, so
 * {@code base64("user:" + secret)} in a Basic header echoed back is caught too (the run of base64 characters that
 * depends on the secret alone is masked). {@code Bearer <secret>} is masked as {@code Bearer ***}.
 *
 * <p><b>Short secrets.</b> Masking a short string everywhere would mangle the output ({@code "a"} would blank every
 * a of every transcript) and tell a reader what the secret is. So: a secret of at least {@value #MIN_LENGTH_ANYWHERE}
 * characters is masked wherever it occurs, with its encodings; one of {@value #MIN_LENGTH_AS_WORD} to 7
 * characters only where it stands as a word of its own (not inside a longer
 * run of letters, digits, {@code -}, {@code _} or {@code .}), as it does in an echoed header; a shorter one only in
 * its {@code Bearer <secret>} form. Real API keys are far longer; a test stub's "x" stays readable.
 */
public final class Secrets {
    /** What a secret looks like once redacted. */
    public static final String MASK = "***";
    /** Secrets at least this long are masked wherever they occur, with their encodings. */
    public static final int MIN_LENGTH_ANYWHERE = 8;
    /** Secrets at least this long (and shorter than {@link #MIN_LENGTH_ANYWHERE}) are masked as whole words. */
    public static final int MIN_LENGTH_AS_WORD = 4;
    /** Characters that continue a word, for the whole-word rule: a token is made of these. */
    private static final String WORD = "A-Za-z0-9_.\\-";

    private static final Object LOCK = new Object();
    private static final Set<String> REGISTERED = new LinkedHashSet<>();
    /** What {@link #redact} applies, rebuilt on each new secret; read without a lock. */
    private static volatile Masks masks = Masks.NONE;

    private Secrets() {
    }

    /**
     * Adds a secret to the process-wide set every output is redacted with; null or blank is ignored (there is
     * nothing to hide). Returns the secret, so a builder can write {@code this.key = Secrets.register(key)}.
     */
    public static String register(String secret) {
        if (secret == null || secret.isBlank()) {
            return secret;
        }
        synchronized (LOCK) {
            if (REGISTERED.add(secret)) {
                masks = Masks.of(REGISTERED);
            }
        }
        return secret;
    }

    /**
     * {@code text} with every registered secret, and its encodings, replaced by {@value #MASK}; {@code null} stays
     * {@code null}. Cheap when no secret is registered or none occurs.
     */
    public static String redact(String text) {
        return text == null || text.isEmpty() ? text : masks.apply(text);
    }

    /**
     * {@code failure} itself when no registered secret is in its message or its causes; else a stand-in with the
     * same stack trace whose message is the original's {@code toString()} redacted, and whose cause is redacted
     * alike: what to hand a logger, which prints messages and causes as they are.
     */
    public static Throwable redact(Throwable failure) {
        if (failure == null || !holdsSecret(failure, 0)) {
            return failure;
        }
        return new Redacted(failure);
    }

    private static boolean holdsSecret(Throwable t, int depth) {
        if (t == null || depth > 16) {
            return false;
        }
        if (containsSecret(t.getMessage()) || containsSecret(t.toString())) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (holdsSecret(s, depth + 1)) {
                return true;
            }
        }
        return holdsSecret(t.getCause(), depth + 1);
    }

    /** A failure retold with its secrets masked: the original's class and message as the message, its stack trace. */
    private static final class Redacted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Redacted(Throwable original) {
            super(redact(original.toString()), original.getCause() == original ? null : redact(original.getCause()),
                    true, true);
            setStackTrace(original.getStackTrace());
            for (Throwable s : original.getSuppressed()) {
                addSuppressed(redact(s));
            }
        }

        @Override
        public String toString() {
            return getMessage(); // already "the.Original.Class: its message", redacted
        }
    }

    /** {@code true} when {@code text} holds a registered secret (or an encoding of it) that {@link #redact} masks. */
    public static boolean containsSecret(String text) {
        return text != null && !masks.apply(text).equals(text);
    }

    /** {@value #MASK} for a set secret, {@code <unset>} for none: what a {@code toString} shows. */
    public static String describe(String secret) {
        return secret == null || secret.isEmpty() ? "<unset>" : MASK;
    }

    /** The masks of a set of secrets: literal forms, longest first, then the patterns for short secrets. */
    private record Masks(List<String> literals, Pattern pattern) {
        static final Masks NONE = new Masks(List.of(), null);

        static Masks of(Set<String> secrets) {
            Set<String> literals = new LinkedHashSet<>();
            List<String> alternatives = new ArrayList<>();
            for (String s : secrets) {
                if (s.length() >= MIN_LENGTH_ANYWHERE) {
                    literals.addAll(forms(s));
                } else if (s.length() >= MIN_LENGTH_AS_WORD) {
                    alternatives.add("(?<![" + WORD + "])" + Pattern.quote(s) + "(?![" + WORD + "])");
                } else {
                    alternatives.add("(?<=\\bBearer )" + Pattern.quote(s) + "(?![" + WORD + "])");
                }
            }
            List<String> sorted = new ArrayList<>(literals);
            sorted.sort(Comparator.comparingInt(String::length).reversed()); // a longer form before its parts
            return new Masks(List.copyOf(sorted),
                    alternatives.isEmpty() ? null : Pattern.compile(String.join("|", alternatives)));
        }

        String apply(String text) {
            String t = text;
            for (String literal : literals) {
                if (t.contains(literal)) {
                    t = t.replace(literal, MASK);
                }
            }
            if (pattern != null) {
                Matcher m = pattern.matcher(t);
                if (m.find()) {
                    t = m.replaceAll(Matcher.quoteReplacement(MASK));
                }
            }
            return t;
        }

        /** The secret and the forms a server or a writer may turn it into. */
        private static Set<String> forms(String s) {
            Set<String> forms = new LinkedHashSet<>();
            forms.add(s);
            forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
            forms.add(jsonEscaped(s));
            forms.add(htmlEscaped(s));
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            for (int offset = 0; offset < 3; offset++) {
                String core = base64Core(bytes, offset);
                if (core.length() >= MIN_LENGTH_ANYWHERE) {
                    forms.add(core);
                    forms.add(core.replace('+', '-').replace('/', '_'));
                }
            }
            return forms;
        }

        /**
         * The base64 characters that depend on {@code bytes} alone when they follow {@code offset} other bytes:
         * what any {@code base64(prefix + secret + suffix)} with such a prefix contains.
         */
        private static String base64Core(byte[] bytes, int offset) {
            byte[] padded = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, padded, offset, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(padded);
            int firstBit = offset * 8;
            int endBit = (offset + bytes.length) * 8; // exclusive
            int from = (firstBit + 5) / 6;            // first character whose 6 bits all come from the secret
            int to = endBit / 6;                      // exclusive: the last whole character inside the secret
            return from >= to ? "" : encoded.substring(from, to);
        }

        private static String jsonEscaped(String s) {
            StringBuilder b = new StringBuilder(s.length() + 8);
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.toString();
        }

        private static String htmlEscaped(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                    .replace("'", "&#39;");
        }
    }
}
