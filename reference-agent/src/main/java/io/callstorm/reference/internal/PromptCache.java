package io.callstorm.reference.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The LLM provider's prompt-prefix cache: a fixed number of tokens shared by every live conversation. Each
 * conversation's prefix (system prompt plus history) is one entry that grows turn by turn; when the cache is
 * full a random entry is evicted. While live prefixes fit, every turn after the first hits; once they
 * outgrow the capacity the hit rate falls towards capacity / demand — the cache thrashes.
 */
final class PromptCache {
    /** Key of the shared system-prompt prefix that first turns hit. */
    static final String SYSTEM_PREFIX = "\u0000system";

    private final long capacityTokens;
    private final Sampler sampler;
    private final Map<String, Entry> entries = new HashMap<>();
    private final List<Entry> slots = new ArrayList<>();
    private long usedTokens;
    private long lookups;
    private long hits;

    PromptCache(long capacityTokens, Sampler sampler) {
        this.capacityTokens = capacityTokens;
        this.sampler = sampler;
    }

    /** Whether {@code key}'s prefix is cached; counts the lookup. */
    boolean lookup(String key) {
        lookups++;
        boolean hit = entries.containsKey(key);
        if (hit) {
            hits++;
        }
        return hit;
    }

    /** Stores (or grows) {@code key}'s prefix to {@code tokens}, evicting random entries to make room. */
    void put(String key, int tokens) {
        if (tokens > capacityTokens) {
            return;
        }
        Entry e = entries.get(key);
        if (e != null) {
            usedTokens -= e.tokens;
            e.tokens = tokens;
        } else {
            e = new Entry(key, tokens, slots.size());
            entries.put(key, e);
            slots.add(e);
        }
        usedTokens += tokens;
        while (usedTokens > capacityTokens && slots.size() > 1) {
            Entry victim = slots.get(sampler.nextInt(slots.size()));
            if (victim != e) {
                remove(victim);
            }
        }
    }

    void remove(String key) {
        Entry e = entries.get(key);
        if (e != null) {
            remove(e);
        }
    }

    private void remove(Entry e) {
        entries.remove(e.key);
        Entry last = slots.remove(slots.size() - 1);
        if (last != e) {
            slots.set(e.slot, last);
            last.slot = e.slot;
        }
        usedTokens -= e.tokens;
    }

    double hitRate() {
        return lookups == 0 ? 1.0 : (double) hits / lookups;
    }

    private static final class Entry {
        final String key;
        int tokens;
        int slot;

        Entry(String key, int tokens, int slot) {
            this.key = key;
            this.tokens = tokens;
            this.slot = slot;
        }
    }
}
