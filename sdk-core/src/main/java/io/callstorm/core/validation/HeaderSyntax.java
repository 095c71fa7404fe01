package io.callstorm.core.validation;

import java.util.Optional;

/**
 * What an HTTP header name or value may hold, checked when a header is configured (a builder's setter, a simulation
 * file, a command-line flag) rather than when the first request is written: a CR or LF in a value would split the
 * request (header injection), so HTTP libraries refuse to send it, and a run would send nothing at all.
 *
 * <p>A name is an RFC 9110 token: letters, digits and {@code !#$%&'*+-.^_`|~}. A value may hold any character but
 * the C0 controls (NUL to US, among them CR and LF) and DEL; a horizontal tab is allowed. The problems name the
 * character and its index, never the value: a header value may be a secret.
 */
public final class HeaderSyntax {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HeaderSyntax() {
    }

    /** What is wrong with {@code name} as a header name, or empty when it is a token. */
    public static Optional<String> nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || TOKEN_SYMBOLS.indexOf(c) >= 0;
            if (!token) {
                return Optional.of("header name must be a token (letters, digits and " + TOKEN_SYMBOLS
                        + "), has " + describe(c) + " at index " + i);
            }
        }
        return Optional.empty();
    }

    /** What is wrong with {@code value} as a header value, or empty when it holds no control character. */
    public static Optional<String> valueProblem(String value) {
        if (value == null) {
            return Optional.of("header value must not be null");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return Optional.of("must not contain control characters (CR, LF, NUL, ...): it has "
                        + describe(c) + " at index " + i + ", and no request could carry it");
            }
        }
        return Optional.empty();
    }

    /** A character as a reader can see it: {@code CR}, {@code LF}, {@code NUL}, {@code U+0007}, or {@code 'x'}. */
    static String describe(char c) {
        return switch (c) {
            case '\r' -> "CR";
            case '\n' -> "LF";
            case 0 -> "NUL";
            case '\t' -> "TAB";
            case ' ' -> "a space";
            default -> c < 0x20 || c == 0x7f || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
        };
    }
}
