package io.callstorm.eval.internal.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Replaces secrets with {@value #MASK} in any text that may reach a log line, an exception message or a
 * report: a server that echoes a request header back in an error body must not leak the key through us.
 * Not API.
 */
public final class Redactor {
    /** What a secret looks like once redacted. */
    public static final String MASK = "***";

    private final List<String> secrets;

    public Redactor(Collection<String> secrets) {
        List<String> s = new ArrayList<>();
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                s.add(secret);
            }
        }
        this.secrets = List.copyOf(s);
    }

    public String redact(String text) {
        if (text == null) {
            return "";
        }
        String t = text;
        for (String secret : secrets) {
            t = t.replace(secret, MASK);
        }
        return t;
    }

    /** {@value #MASK} for a set secret, {@code <unset>} for none: what a toString shows. */
    public static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "<unset>" : MASK;
    }
}
