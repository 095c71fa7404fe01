package io.callstorm.simulate.measure;

import io.callstorm.core.CallStatus;
import io.callstorm.simulate.report.Timeline;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineBuilderTest {

    private static CallLine call(int i, double start, long durationMs, CallStatus status) {
        return new CallLine("call-" + i, i, "p", "path", "RESOLVED", "", status, start, durationMs, 1, 0,
                Optional.empty(), Map.of(), List.of(new CallLine.Turn(CallLine.Speaker.AGENT, "ok", durationMs / 2, 1,
                Optional.of(300.0 + i % 50), Map.of(), List.of(), Map.of(), 1, Map.of())), 1, 1);
    }

    @Test
    void countsCallsInProgressStartedEndedAndErrorsPerSecond() {
        TimelineBuilder b = new TimelineBuilder();
        b.add(call(1, 0.5, 2_000, CallStatus.COMPLETED));   // in progress at 1 and 2
        b.add(call(2, 1.0, 1_500, CallStatus.HUNG_UP));     // at 1 and 2
        b.add(call(3, 2.2, 500, CallStatus.COMPLETED));     // at none of the points
        Timeline t = b.build();

        assertThat(t.intervalSeconds()).isEqualTo(1.0);
        assertThat(t.rows()).extracting(Timeline.Row::concurrency).containsExactly(0, 2, 2);
        assertThat(t.rows()).extracting(Timeline.Row::callsStarted).containsExactly(1L, 1L, 1L);
        assertThat(t.rows()).extracting(Timeline.Row::callsEnded).containsExactly(0L, 0L, 3L);
        assertThat(t.rows()).extracting(Timeline.Row::errors).containsExactly(0L, 0L, 1L);
        assertThat(t.rows().get(1).gapP95Ms()).isGreaterThan(0);
    }

    @Test
    void aLongRunWidensItsIntervalsAndTheResultDoesNotDependOnTheOrderCallsArriveIn() {
        Random random = new Random(7);
        List<CallLine> calls = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            double start = random.nextDouble() * 2_000; // 2,000 s: over the row limit at one second each
            calls.add(call(i, Math.round(start * 1000) / 1000.0, 1_000 + random.nextInt(60_000),
                    i % 7 == 0 ? CallStatus.FAILED : CallStatus.COMPLETED));
        }
        TimelineBuilder inOrder = new TimelineBuilder();
        calls.stream().sorted((a, b) -> Double.compare(a.endedAtSeconds(), b.endedAtSeconds())).forEach(inOrder::add);
        List<CallLine> shuffled = new ArrayList<>(calls);
        Collections.shuffle(shuffled, random);
        TimelineBuilder anyOrder = new TimelineBuilder();
        shuffled.forEach(anyOrder::add);

        Timeline t = inOrder.build();
        assertThat(t.intervalSeconds()).isEqualTo(4.0);
        assertThat(t.rows().size()).isLessThanOrEqualTo(Timeline.MAX_ROWS);
        assertThat(anyOrder.build()).isEqualTo(t);
        assertThat(t.rows().stream().mapToLong(Timeline.Row::callsEnded).sum()).isEqualTo(3_000);
        // calls in progress at a point, counted directly
        Timeline.Row row = t.rows().get(100);
        long inProgress = calls.stream().filter(c -> c.startedAtSeconds() <= row.atSeconds()
                && row.atSeconds() < c.endedAtSeconds()).count();
        assertThat(row.concurrency()).isEqualTo((int) inProgress);
    }
}
