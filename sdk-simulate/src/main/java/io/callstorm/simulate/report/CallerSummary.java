package io.callstorm.simulate.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code callers} section of {@code report.json}: how the simulated callers found their words. Scripted callers
 * say their scenario's phrasings; improvising callers ask a model for each turn, and say the scripted turn when the
 * model cannot be used (the reason counted), the cache sparing requests for callers in the same situation.
 *
 * @param mode             {@code scripted} or {@code improvising}
 * @param model            the callers' model, e.g. {@code gpt-4o-mini}; empty when scripted
 * @param improvisedTurns  caller turns the model wrote (fresh or from the cache)
 * @param fallbackTurns    turns of improvising callers that were scripted instead
 * @param fallbackByReason those turns by reason: {@code budget}, {@code request_limit}, {@code queue_full},
 *                         {@code timeout}, {@code error}, {@code unusable}
 * @param modelRequests    requests sent to the model
 * @param cacheHits        improvised turns answered by an answer cached or already asked for
 * @param promptTokens     prompt tokens of the requests
 * @param completionTokens answer tokens of the requests
 * @param costUsd          the requests' estimated cost in US dollars
 */
public record CallerSummary(String mode, String model, long improvisedTurns, long fallbackTurns,
                            Map<String, Long> fallbackByReason, long modelRequests, long cacheHits,
                            long promptTokens, long completionTokens, double costUsd) {
    /** {@link #mode()} of callers that say their scenario's phrasings. */
    public static final String SCRIPTED = "scripted";
    /** {@link #mode()} of callers whose turns a model writes. */
    public static final String IMPROVISING = "improvising";

    public CallerSummary {
        mode = mode == null || mode.isEmpty() ? SCRIPTED : mode;
        model = model == null ? "" : model;
        fallbackByReason = fallbackByReason == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fallbackByReason));
    }

    /** Scripted callers (and reports written before this section was added, whose callers all were). */
    public static CallerSummary scripted() {
        return new CallerSummary(SCRIPTED, "", 0, 0, Map.of(), 0, 0, 0, 0, 0.0);
    }

    /** Whether the callers improvised. */
    public boolean improvising() {
        return mode.equals(IMPROVISING);
    }

    /** The share of improvising callers' turns that the model wrote; 0 when there were none. */
    public double improvisedShare() {
        long turns = improvisedTurns + fallbackTurns;
        return turns == 0 ? 0 : (double) improvisedTurns / turns;
    }
}
