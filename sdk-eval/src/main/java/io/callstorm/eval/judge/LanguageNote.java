package io.callstorm.eval.judge;

import io.callstorm.core.Conversation;

import java.util.Locale;

/**
 * The line a judge prompt ends with when the conversation is in a language other than English: the rubrics are
 * written in English, and a judge left to itself reads a Spanish or Hindi transcript by English norms (or fails it
 * for not being in English). Nothing is added for English or an unknown language, so those prompts stay as they were.
 */
final class LanguageNote {
    private LanguageNote() {
    }

    /** The note for {@code conversation}'s language, or "" for English and an unknown language. */
    static String of(Conversation conversation) {
        String tag = conversation.language();
        if (tag.isEmpty() || tag.toLowerCase(Locale.ROOT).startsWith("en")) {
            return "";
        }
        String name = Locale.forLanguageTag(tag).getDisplayLanguage(Locale.ENGLISH);
        String language = name.isEmpty() ? tag : name + " (" + tag + ")";
        return "\n\nLanguage: the conversation is in " + language + ". Judge it in that language and by the "
                + "conventions of its speakers; a caller and agent speaking " + (name.isEmpty() ? tag : name)
                + " is expected, never a fault. Write the reason in English.";
    }
}
