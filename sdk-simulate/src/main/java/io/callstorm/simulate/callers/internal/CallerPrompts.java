package io.callstorm.simulate.callers.internal;

import io.callstorm.core.Outcome;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.scenario.ScenarioPath;
import io.callstorm.core.scenario.ScenarioRow;
import io.callstorm.core.scenario.ScenarioStep;
import io.callstorm.core.transcript.Speaker;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.simulate.callers.CallerPrompt;

import java.util.List;
import java.util.Locale;

/**
 * Writes an improvising caller's prompt: the persona (manner, patience, language), the path's goal (its steps'
 * intents and the outcome a correct agent reaches), the row's hidden facts, and the call so far. The facts are given
 * as placeholders and the row's values masked in the history, so that callers in the same situation are asked the
 * same prompt and can share one answer. The facts are the row's account number and its path's declared facts
 * ({@link ScenarioRow#facts()}). Not API.
 */
public final class CallerPrompts {
    /** The placeholder of the row's account number, as phrasings write it. */
    public static final String ACCOUNT = "{account}";
    /** The longest answer a caller says, in words: a phone caller's turn, not a letter. */
    static final int MAX_WORDS = 40;

    private CallerPrompts() {
    }

    /** The prompt for the caller of {@code row} at {@code step} (asking again when {@code reAsk}). */
    public static CallerPrompt write(ScenarioRow row, int step, boolean reAsk, List<TranscriptTurn> history,
                                     int maxTokens) {
        Persona persona = row.persona();
        ScenarioPath path = row.path();
        String language = languageName(persona.language());
        StringBuilder s = new StringBuilder();
        s.append("You are a caller on the phone with a customer-support voice agent. Play the caller, and only the ")
                .append("caller, for the whole call: never answer as the agent, never say you are an AI, a model or ")
                .append("a simulation.\n");
        s.append("Language: speak ").append(language).append(" only, as a native speaker would on the phone.\n");
        s.append("Manner: ").append(manner(persona)).append('\n');
        s.append("Patience: you wait about ").append(Math.max(1, Math.round(persona.patience().toMillis() / 1000.0)))
                .append(" seconds in silence before you give up").append(persona.patience().toSeconds() < 3
                        ? "; you are short of time and show it" : "").append(".\n");
        if (!persona.description().isBlank()) {
            s.append("Who you are: ").append(persona.description().strip()).append('\n');
        }
        s.append("Your goal on this call (").append(path.name()).append("), step by step:\n");
        for (int i = 0; i < path.steps().size(); i++) {
            s.append(i + 1).append(". ").append(path.steps().get(i).intent().replace('_', ' ')).append('\n');
        }
        s.append("The call should end with: ").append(outcome(path.expectedOutcome())).append(".\n");
        s.append("Facts only you know; give them when the agent asks or your step needs them, and invent no others: ");
        List<String> facts = new java.util.ArrayList<>();
        for (String name : row.facts().keySet()) {
            facts.add(name.equals(ScenarioPath.ACCOUNT_FACT) ? "your account number is " + ACCOUNT
                    : "your " + name.replace('_', ' ') + " is {" + name + "}");
        }
        s.append(String.join("; ", facts)).append(". Write each exactly as its placeholder, braces included: it is ")
                .append("filled in for you.\n");
        s.append("Answer with only the words you say next: one or two short sentences, at most ").append(MAX_WORDS)
                .append(" words, no quotes, no speaker label, no stage directions.");

        StringBuilder u = new StringBuilder("The call so far:\n");
        if (history.isEmpty()) {
            u.append("(the agent has just picked up)\n");
        }
        for (TranscriptTurn turn : history) {
            u.append(turn.speaker() == Speaker.CALLER ? "YOU: " : "AGENT: ")
                    .append(masked(row, turn.text().strip()).replace('\n', ' ')).append('\n');
        }
        ScenarioStep current = path.steps().get(step);
        u.append("\nYour step now: ").append(current.intent().replace('_', ' ')).append(" (step ").append(step + 1)
                .append(" of ").append(path.steps().size()).append("). Callers say it like this:\n");
        for (String phrasing : current.phrasingsFor(persona.language())) {
            u.append("- ").append(phrasing).append('\n');
        }
        if (reAsk) {
            u.append("The agent's last reply did not answer you: ask again, in other words.\n");
        }
        u.append("What do you say?");
        return new CallerPrompt(s.toString(), u.toString(), maxTokens);
    }

    /**
     * {@code text} with the row's facts masked as their placeholders ({@code AC-48213} as {@code {account}}), the
     * longest value first so that a value inside another is not masked apart.
     */
    public static String masked(ScenarioRow row, String text) {
        List<java.util.Map.Entry<String, String>> facts = new java.util.ArrayList<>(row.facts().entrySet());
        facts.sort((a, b) -> Integer.compare(b.getValue().length(), a.getValue().length()));
        String out = text;
        for (java.util.Map.Entry<String, String> f : facts) {
            if (!f.getValue().isBlank()) {
                out = out.replace(f.getValue(), "{" + f.getKey() + "}");
            }
        }
        return out;
    }

    /** {@code words} with every fact's placeholder filled in with the row's value. */
    public static String filled(ScenarioRow row, String words) {
        String out = words;
        for (java.util.Map.Entry<String, String> f : row.facts().entrySet()) {
            out = out.replace("{" + f.getKey() + "}", f.getValue());
        }
        return out;
    }

    /** {@code Spanish (es-ES)} of {@code es-ES}; the tag itself when Java does not know the language. */
    static String languageName(String tag) {
        String name = Locale.forLanguageTag(tag).getDisplayLanguage(Locale.ENGLISH);
        return name.isEmpty() || name.equals(tag) ? tag : name + " (" + tag + ")";
    }

    private static String manner(Persona p) {
        String style = switch (p.communicationStyle()) {
            case DIRECT -> "direct and to the point.";
            case CHATTY -> "chatty and friendly; you add a little small talk.";
            case FORMAL -> "formal and polite.";
            case HESITANT -> "hesitant; you use fillers and sometimes lose the thread.";
            case IRRITATED -> "irritated and blunt; this problem has cost you time before.";
        };
        return style + " You speak at about " + p.speakingRateWpm() + " words a minute.";
    }

    private static String outcome(Outcome outcome) {
        return switch (outcome) {
            case RESOLVED -> "your question answered or your problem solved";
            case TICKET_CREATED -> "a support ticket opened for your problem";
            case ESCALATED -> "being passed to a human agent";
            case UNRESOLVED -> "no resolution";
        };
    }
}
