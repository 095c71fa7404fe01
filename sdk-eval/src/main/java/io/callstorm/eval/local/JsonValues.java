package io.callstorm.eval.local;

import java.util.Locale;

/**
 * The values of a tool's JSON arguments or result, without their keys: a key such as {@code "plan"} says
 * nothing the caller was told, its value {@code "Business"} does. A lenient scan rather than a parser, because a
 * tool result may be plain text or cut short, and a scorer must judge it all the same (plain text is one value).
 *
 * <p>A cursor, reused from one text to the next: {@link #next()} moves to each value in turn and unescapes it
 * into a buffer, so that reading a tool call builds no string per value or key (scoring reads every call of every
 * conversation).
 */
final class JsonValues {
    private String json = "";
    private int end;
    private int at;
    private boolean plainText;
    // two buffers: the innermost key (in lower case; empty at the top level or in a list of scalars), and the value
    // read last. A string is known to be a key only once read, and then the two swap roles: by index, as each
    // reference stored in a long-lived object costs the garbage collector's write barrier.
    private final StringBuilder[] buffers = {new StringBuilder(), new StringBuilder()};
    private int keyIndex;

    /** Starts on {@code json}, before its first value. */
    JsonValues read(String json) {
        this.json = json;
        int start = 0;
        int end = json.length();
        while (start < end && Character.isWhitespace(json.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(json.charAt(end - 1))) {
            end--;
        }
        this.at = start;
        this.end = end;
        this.plainText = start < end && json.charAt(start) != '{' && json.charAt(start) != '[';
        keyBuffer().setLength(0);
        return this;
    }

    /** Moves to the next value; false when there is none left. */
    boolean next() {
        if (plainText) {
            if (at == end) {
                return false;
            }
            valueBuffer().setLength(0);
            valueBuffer().append(json, at, end);
            at = end;
            return true;
        }
        while (at < end) {
            char ch = json.charAt(at);
            if (ch == '"') {
                readString();
                int j = at;
                while (j < end && Character.isWhitespace(json.charAt(j))) {
                    j++;
                }
                if (j < end && json.charAt(j) == ':') {
                    setKey();
                    at = j + 1;
                } else {
                    return true;
                }
            } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
                int start = at;
                while (at < end && isNumberChar(json.charAt(at))) {
                    at++;
                }
                valueBuffer().setLength(0);
                valueBuffer().append(json, start, at);
                return true;
            } else if (Character.isLetter(ch)) {
                // true, false, null: no content a caller is told
                while (at < end && Character.isLetter(json.charAt(at))) {
                    at++;
                }
            } else {
                at++;
            }
        }
        return false;
    }

    /** The current value, unescaped; valid until the next call of {@link #next()}. */
    CharSequence value() {
        return valueBuffer();
    }

    /** Whether the current value holds {@code part}. */
    boolean valueContains(String part) {
        return valueBuffer().indexOf(part) >= 0;
    }

    /** Whether the current value's key holds {@code part}, a lower-case word. */
    boolean keyContains(String part) {
        return keyBuffer().indexOf(part) >= 0;
    }

    /** Reads the string that starts at {@code at} into the value buffer, and moves past its closing quote. */
    private void readString() {
        StringBuilder value = valueBuffer();
        value.setLength(0);
        at++;
        while (at < end) {
            int run = at;
            while (run < end && json.charAt(run) != '"' && json.charAt(run) != '\\') {
                run++;
            }
            value.append(json, at, run);
            at = run;
            if (at == end || json.charAt(at) == '"') {
                break;
            }
            if (at + 1 < end) {
                char escaped = json.charAt(++at);
                value.append(switch (escaped) {
                    case 'n', 'r', 't' -> ' ';
                    default -> escaped;
                });
            } else {
                value.append('\\'); // a backslash that ends the text is kept as it is
            }
            at++;
        }
        at++;
    }

    /** The string just read is a key: kept in lower case, as {@link String#toLowerCase} would give it. */
    private void setKey() {
        keyIndex ^= 1;
        StringBuilder key = keyBuffer();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 128) {
                String lower = key.toString().toLowerCase(Locale.ROOT); // rare: case rules beyond ASCII
                key.setLength(0);
                key.append(lower);
                return;
            }
            if (c >= 'A' && c <= 'Z') {
                key.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
    }

    private StringBuilder keyBuffer() {
        return buffers[keyIndex];
    }

    private StringBuilder valueBuffer() {
        return buffers[keyIndex ^ 1];
    }

    private static boolean isNumberChar(char c) {
        return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E';
    }
}
