package io.callstorm.reference.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * What the agent's model sees of one conversation: its turns with their token counts. When the prompt
 * would outgrow the context window the oldest turns are dropped (context fade) — or, with summarization on,
 * folded into a short summary that keeps the facts (account number, issue).
 */
final class ConversationMemory {
    private final List<Entry> turns = new ArrayList<>();
    private final int summaryTokens;
    private boolean summarized;
    private boolean accountInSummary;
    private int droppedTurns;

    ConversationMemory(int summaryTokens) {
        this.summaryTokens = summaryTokens;
    }

    /** Adds a turn; {@code carriesAccount} marks the turn where the caller gave the account number. */
    void add(int tokens, boolean carriesAccount) {
        turns.add(new Entry(tokens, carriesAccount));
    }

    /** Removes the most recent turn (a refused request is not part of the conversation). */
    void removeLast() {
        if (!turns.isEmpty()) {
            turns.remove(turns.size() - 1);
        }
    }

    /**
     * Fits the history into {@code window} tokens besides the system prompt and returns the prompt size.
     */
    int fit(int systemPromptTokens, int window, boolean summarize) {
        int budget = window - systemPromptTokens;
        int total = historyTokens();
        while (total > budget && turns.size() > 1) {
            if (summarize) {
                // fold the older half into the summary; facts survive
                int fold = Math.max(1, turns.size() / 2);
                for (int i = 0; i < fold; i++) {
                    accountInSummary |= turns.get(0).carriesAccount;
                    turns.remove(0);
                }
                summarized = true;
            } else {
                turns.remove(0);
                droppedTurns++;
            }
            total = historyTokens();
        }
        return systemPromptTokens + total;
    }

    private int historyTokens() {
        int sum = summarized ? summaryTokens : 0;
        for (Entry e : turns) {
            sum += e.tokens;
        }
        return sum;
    }

    /** Whether the model still knows the account number. */
    boolean knowsAccount() {
        if (accountInSummary) {
            return true;
        }
        for (Entry e : turns) {
            if (e.carriesAccount) {
                return true;
            }
        }
        return false;
    }

    int droppedTurns() {
        return droppedTurns;
    }

    int size() {
        return turns.size();
    }

    private record Entry(int tokens, boolean carriesAccount) {
    }
}
