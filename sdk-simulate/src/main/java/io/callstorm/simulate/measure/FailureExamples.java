package io.callstorm.simulate.measure;

import io.callstorm.simulate.report.ExampleCall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The transcripts of failed calls that the report may show as its error clusters' examples: per way of failing
 * ({@link FailedCall#way()}), those of the first {@value #PER_WAY} calls to end (ties by call id). So the same calls
 * are kept whatever order they come in, and a handful of transcripts per way, not one per failed call.
 *
 * <p>Why per way and not per cluster: a cluster is decided only at the end (a hang-up on silence is blamed by
 * weighing its last reply against the run's low-load medians), while a failure's way is known when it is recorded.
 * The calls of one way land in one cluster, so each cluster's first calls are among those kept; a way whose calls
 * split between clusters (those hang-ups) keeps more than a cluster shows, and each of its clusters shows the earliest
 * of its calls among them. Not thread-safe.
 */
final class FailureExamples {
    /** Calls kept per way of failing: more than a cluster shows, for the ways that split. */
    static final int PER_WAY = 10;
    private static final Comparator<Kept> ORDER = Comparator.comparingDouble(Kept::endedAtSeconds)
            .thenComparing(Kept::callId);

    /** A kept transcript with the exact end time that orders it (the example's own is rounded). */
    private record Kept(double endedAtSeconds, String callId, ExampleCall call) {
    }

    private final Map<String, TreeSet<Kept>> byWay = new HashMap<>();

    /** Keeps the transcript of {@code line}, which failed as {@code failure}, if it is among its way's first. */
    void offer(FailedCall failure, CallLine line) {
        TreeSet<Kept> kept = byWay.computeIfAbsent(failure.way(), k -> new TreeSet<>(ORDER));
        if (kept.size() == PER_WAY) {
            Kept last = kept.last();
            int c = Double.compare(failure.endedAtSeconds(), last.endedAtSeconds());
            if (c > 0 || (c == 0 && failure.callId().compareTo(last.callId()) >= 0)) {
                return; // not among the first: decided before building its example
            }
        }
        kept.add(new Kept(failure.endedAtSeconds(), failure.callId(), example(failure, line)));
        if (kept.size() > PER_WAY) {
            kept.pollLast();
        }
    }

    /** Every kept transcript, the earliest to end first. */
    List<ExampleCall> all() {
        List<Kept> all = new ArrayList<>();
        byWay.values().forEach(all::addAll);
        all.sort(ORDER);
        return all.stream().map(Kept::call).toList();
    }

    private static ExampleCall example(FailedCall failure, CallLine line) {
        List<CallLine.Turn> turns = line.turns();
        int from = Math.max(0, turns.size() - ExampleCall.MAX_TURNS);
        List<ExampleCall.Turn> kept = new ArrayList<>(turns.size() - from);
        for (int i = from; i < turns.size(); i++) {
            CallLine.Turn t = turns.get(i);
            kept.add(new ExampleCall.Turn(i, String.valueOf(t.speaker()), t.atMs(), Excerpts.clip(t.text()),
                    t.speaker() == CallLine.Speaker.AGENT ? t.gapMs() : Optional.empty()));
        }
        String error = failure.error().map(FailureExamples::describe).orElse("");
        return new ExampleCall(failure.callId(), line.persona(), line.path(), String.valueOf(failure.status()),
                Math.round(failure.endedAtSeconds() * 1000) / 1000.0, failure.concurrency(line.concurrency()), error,
                kept, from);
    }

    /** E.g. {@code HUNG_UP at user_perceived_gap (patience): caller hung up after 3000 ms of silence}. */
    private static String describe(CallLine.CallError e) {
        StringBuilder b = new StringBuilder().append(e.kind());
        if (e.status() != 0) {
            b.append(' ').append(e.status());
        }
        b.append(" at ").append(e.stage());
        if (e.timeout() != CallLine.Timeout.NONE) {
            b.append(" (").append(e.timeout().wire()).append(')');
        }
        e.retrying().ifPresent(r -> b.append(" while retrying ").append(r.kind())
                .append(r.status() != 0 ? " " + r.status() : ""));
        if (!e.message().isBlank()) {
            b.append(": ").append(e.message().strip());
        }
        return Excerpts.clip(b.toString());
    }
}
