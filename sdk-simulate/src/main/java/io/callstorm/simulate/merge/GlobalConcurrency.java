package io.callstorm.simulate.merge;

import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.InFlightSeries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The concurrency of all shards together at the instant of a measurement: the measuring shard's own concurrency, as
 * it recorded it (exact), plus every other shard's calls in progress at that instant (the last sample of its series
 * at or before it; none before its first sample or after its last). A shard's times are ms after its own time 0,
 * which is {@code anchorEpochMillis} on the wall clock; the merged times are after the earliest shard's.
 */
final class GlobalConcurrency {
    private final List<ShardFile> shards;
    private final long[] anchors;
    private final InFlightSeries[] series;

    GlobalConcurrency(List<ShardFile> shards) {
        this.shards = List.copyOf(shards);
        this.anchors = shards.stream().mapToLong(ShardFile::anchorEpochMillis).toArray();
        this.series = shards.stream().map(ShardFile::inFlight).toArray(InFlightSeries[]::new);
    }

    /** {@code own} calls of shard {@code shard} at {@code epochMillis}, plus the other shards' then. */
    int at(int shard, int own, long epochMillis) {
        long sum = own;
        for (int o = 0; o < series.length; o++) {
            if (o != shard) {
                sum += series[o].at(epochMillis - anchors[o]);
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, sum);
    }

    /** The most calls in progress at once across the shards, at any shard's sample instant. */
    int peak() {
        int peak = 0;
        for (int s = 0; s < series.length; s++) {
            long[] at = series[s].atMillis();
            int[] calls = series[s].calls();
            for (int i = 0; i < at.length; i++) {
                peak = Math.max(peak, at(s, calls[i], anchors[s] + at[i]));
            }
        }
        return peak;
    }

    /**
     * The line of a call of shard {@code shard} as one process would have written it: every concurrency global, its
     * start {@code offsetMillis} later (after the earliest shard's time 0), its id prefixed. A measurement's instant is
     * its turn's (a stage or gap of an agent turn: when the turn was recorded), the call's start, or its end.
     */
    CallLine rebucket(CallLine line, int shard, long offsetMillis, String idPrefix) {
        long start = anchors[shard] + Math.round(line.startedAtSeconds() * 1000);
        long end = start + line.durationMs();
        List<CallLine.Turn> turns = new ArrayList<>(line.turns().size());
        long othersSum = 0;
        for (CallLine.Turn t : line.turns()) {
            long at = start + t.atMs();
            int others = at(shard, 0, at);
            othersSum += others;
            Map<String, List<Integer>> stages = new LinkedHashMap<>();
            t.stagesConcurrency().forEach((stage, values) -> stages.put(stage, values.stream()
                    .map(c -> c + others).toList()));
            turns.add(new CallLine.Turn(t.speaker(), t.text(), t.atMs(), plus(t.concurrency(), others), t.gapMs(),
                    t.stagesMs(), t.toolCalls(), t.annotations(), plus(t.gapConcurrency(), others), stages));
        }
        int meanOthers = turns.isEmpty() ? at(shard, 0, (start + end) / 2)
                : (int) Math.round((double) othersSum / turns.size());
        int othersAtEnd = at(shard, 0, end);
        Optional<CallLine.CallError> error = line.error().map(e -> new CallLine.CallError(e.kind(), e.stage(),
                e.status(), plus(e.concurrency(), othersAtEnd), e.message(), e.timeout(), e.exception(), e.retrying(),
                e.gapMs(), plus(e.gapConcurrency(), othersAtEnd)));
        double startedAt = Math.round(line.startedAtSeconds() * 1000 + offsetMillis) / 1000.0;
        return new CallLine(idPrefix + line.callId(), line.row(), line.persona(), line.path(), line.expectedOutcome(),
                line.actualOutcome(), line.status(), startedAt, line.durationMs(), plus(line.concurrency(), meanOthers),
                line.retries(), error, line.scores(), turns, plus(line.startConcurrency(), at(shard, 0, start)),
                plus(line.endConcurrency(), othersAtEnd), line.scoring(), line.expectedToolCalls());
    }

    /** A concurrency a line recorded, with the others' added; 0 stays 0: the line did not record it. */
    private static int plus(int own, int others) {
        return own <= 0 ? own : own + others;
    }

    int size() {
        return shards.size();
    }
}
