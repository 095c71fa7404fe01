package io.callstorm.eval.internal.http;

import io.callstorm.core.secret.Secrets;

import java.util.Collection;

/**
 * The judge's and the remote evaluator's view of the one redactor, {@link Secrets}: constructing it registers their
 * keys there, so that every output of the process masks them, and {@link #redact} masks every registered secret
 * (the agent's token too) in what may reach a log line, an exception message or a verdict. Not API.
 */
public final class Redactor {
    /** What a secret looks like once redacted. */
    public static final String MASK = Secrets.MASK;

    public Redactor(Collection<String> secrets) {
        for (String secret : secrets) {
            Secrets.register(secret);
        }
    }

    /** {@code text} with every registered secret masked; {@code ""} for null. */
    public String redact(String text) {
        return text == null ? "" : Secrets.redact(text);
    }

    /** {@value #MASK} for a set secret, {@code <unset>} for none: what a toString shows. */
    public static String mask(String secret) {
        return Secrets.describe(secret);
    }
}
