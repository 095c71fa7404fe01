package io.callstorm.core.transcript;

import java.util.List;
import java.util.Locale;

/**
 * Phrases that tell what kind of reply an agent gave, shared by the simulated caller (who re-asks when
 * it hears a non-answer) and the local evaluators (who score helpfulness and politeness). Plain phrase
 * lists keep both sides deterministic and explainable.
 */
public final class ReplyCues {
    /** Replies that hold the caller off or ask again instead of answering. */
    public static final List<String> NON_ANSWERS = List.of(
            "let me check that", "let me check on that", "one moment", "hold on", "please hold",
            "i'm not able to", "i am not able to", "i can't access", "i cannot access", "try again later",
            "could you repeat", "can you repeat", "remind me", "i need your account number",
            "i didn't catch", "i did not catch", "having trouble");

    /** Courtesy markers. */
    public static final List<String> COURTESY = List.of(
            "please", "thank you", "thanks", "sorry", "happy to help", "glad to help", "my pleasure",
            "you're welcome", "i appreciate", "apologize", "apologies", "of course", "certainly");

    /** Markers of a rude or dismissive reply; whole phrases, so polite replies that share a word do not match. */
    public static final List<String> RUDE = List.of(
            "calm down", "as i already said", "as i said before", "obviously", "that's not my problem",
            "you should have known", "stop interrupting", "whatever you say", "figure it out yourself", "not my job");

    private ReplyCues() {
    }

    public static boolean isNonAnswer(String reply) {
        return containsAny(reply, NON_ANSWERS);
    }

    public static boolean isCourteous(String reply) {
        return containsAny(reply, COURTESY);
    }

    public static boolean isRude(String reply) {
        return containsAny(reply, RUDE);
    }

    private static boolean containsAny(String text, List<String> phrases) {
        String t = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        for (String p : phrases) {
            if (t.contains(p)) {
                return true;
            }
        }
        return false;
    }
}
