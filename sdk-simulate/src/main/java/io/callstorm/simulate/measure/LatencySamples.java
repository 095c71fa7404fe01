package io.callstorm.simulate.measure;

import io.callstorm.core.Stage;

import java.util.List;

/**
 * The latency samples one call contributes to the report's histograms, each with the concurrency it was measured
 * at: every stage value of each agent turn, the user-perceived gap of each reply, and the gap of a reply the call
 * ended during. The one rule, shared by {@link CallRecorder} (the histograms) and whoever needs the raw samples
 * (the confidence intervals of a comparison), so that both count the same samples in the same buckets.
 */
public final class LatencySamples {
    /** Receives one sample. */
    @FunctionalInterface
    public interface Sink {
        void sample(Stage stage, double ms, int concurrency);
    }

    private LatencySamples() {
    }

    /** Hands each of {@code line}'s latency samples to {@code sink}, in the line's order. */
    public static void of(CallLine line, Sink sink) {
        for (CallLine.Turn t : line.turns()) {
            if (t.speaker() == CallLine.Speaker.AGENT) {
                ofTurn(t, sink);
            }
        }
        line.error().ifPresent(e -> e.gapMs().ifPresent(gap -> sink.sample(Stage.USER_PERCEIVED_GAP, gap,
                e.gapConcurrency())));
    }

    private static void ofTurn(CallLine.Turn t, Sink sink) {
        // each stage value at the concurrency it was measured at; a line without them, at the turn's
        t.stagesMs().forEach((wire, values) -> Stage.fromWireName(wire).ifPresent(stage -> {
            List<Integer> at = t.stagesConcurrency().getOrDefault(wire, List.of());
            for (int i = 0; i < values.size(); i++) {
                sink.sample(stage, values.get(i), i < at.size() ? at.get(i) : t.concurrency());
            }
        }));
        t.gapMs().ifPresent(gap -> sink.sample(Stage.USER_PERCEIVED_GAP, gap,
                t.gapConcurrency() > 0 ? t.gapConcurrency() : t.concurrency()));
    }
}
