package io.callstorm.eval.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The values of a tool's JSON arguments or result, without their keys: a key such as {@code "plan"} says
 * nothing the caller was told, its value {@code "Business"} does. A lenient scan rather than a parser, because a
 * tool result may be plain text or cut short, and a scorer must judge it all the same (plain text is one value).
 */
final class JsonValues {
    /** One value and the key it sits under (the innermost key; empty at the top level or in a list of scalars). */
    record Entry(String key, String value) {
    }

    private JsonValues() {
    }

    static List<Entry> of(String json) {
        List<Entry> entries = new ArrayList<>();
        String text = json.strip();
        if (text.isEmpty()) {
            return entries;
        }
        if (text.charAt(0) != '{' && text.charAt(0) != '[') {
            entries.add(new Entry("", text));
            return entries;
        }
        String key = "";
        int i = 0;
        int n = text.length();
        StringBuilder sb = new StringBuilder();
        while (i < n) {
            char ch = text.charAt(i);
            if (ch == '"') {
                sb.setLength(0);
                i++;
                while (i < n && text.charAt(i) != '"') {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        char esc = text.charAt(++i);
                        sb.append(switch (esc) {
                            case 'n', 'r', 't' -> ' ';
                            default -> esc;
                        });
                    } else {
                        sb.append(c);
                    }
                    i++;
                }
                i++;
                int j = i;
                while (j < n && Character.isWhitespace(text.charAt(j))) {
                    j++;
                }
                if (j < n && text.charAt(j) == ':') {
                    key = sb.toString().toLowerCase(Locale.ROOT);
                    i = j + 1;
                } else {
                    entries.add(new Entry(key, sb.toString()));
                }
            } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
                int start = i;
                while (i < n && "+-.eE0123456789".indexOf(text.charAt(i)) >= 0) {
                    i++;
                }
                entries.add(new Entry(key, text.substring(start, i)));
            } else if (Character.isLetter(ch)) {
                // true, false, null: no content a caller is told
                while (i < n && Character.isLetter(text.charAt(i))) {
                    i++;
                }
            } else {
                i++;
            }
        }
        return entries;
    }

    /** The values joined as sentences, for {@link TurnText#of}. */
    static String text(List<Entry> entries) {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e.value()).append(". ");
        }
        return sb.toString();
    }
}
