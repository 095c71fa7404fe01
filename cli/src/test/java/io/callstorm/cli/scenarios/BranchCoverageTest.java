package io.callstorm.cli.scenarios;

import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.simulate.load.LoadProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BranchCoverageTest {
    @Test
    void aPassRateNeedsAboutSixtyCallsForTenPoints() {
        assertThat(BranchCoverage.halfWidthPoints(0.8, 59)).isGreaterThan(10);
        assertThat(BranchCoverage.halfWidthPoints(0.8, 60)).isLessThanOrEqualTo(10);
        assertThat(BranchCoverage.minimumCalls()).isEqualTo(60);
        assertThat(BranchCoverage.halfWidthPoints(0.8, 0)).isEqualTo(100);
        // the Wilson interval of 80% on 1,000 calls: 77.4% .. 82.4%
        assertThat(BranchCoverage.halfWidthPoints(0.8, 1000)).isCloseTo(2.48, within(0.01));
    }

    @Test
    void thePeakBucketsShareWeighsTimeByTheLoadInForce() {
        // 0 -> 100 in 10 s, then 10 s at 100: buckets of 5 calls, the peak bucket 96-100. Calls start in proportion
        // to concurrency: the ramp's last half second (48.75 call-seconds) and the hold (1,000) of 1,500 in all.
        LoadProfile load = LoadProfile.concurrentCalls(0).rampTo(100, Duration.ofSeconds(10))
                .hold(Duration.ofSeconds(10)).build();

        BranchCoverage.PeakBucket peak = BranchCoverage.peakBucket(load);

        assertThat(peak.from()).isEqualTo(96);
        assertThat(peak.to()).isEqualTo(100);
        assertThat(peak.share()).isCloseTo(1048.75 / 1500, within(0.001));
    }

    @Test
    void rowsSpreadEvenlyAndThinPathsAreFlagged() {
        var graph = SupportDeskScenarios.graph();
        var personas = List.of(Personas.get("elderly"), Personas.get("frustrated"));
        int rows = 2 * graph.paths().size() * 40; // 80 rows a path: enough on their own, not at a 50% peak share

        BranchCoverage all = BranchCoverage.of(personas, graph, rows, 3, Optional.empty());
        // 10 s at 100, then 20 s at 50: about half the calls start at the peak
        LoadProfile halfAtPeak = LoadProfile.concurrentCalls(100).hold(Duration.ofSeconds(10))
                .rampTo(50, Duration.ofSeconds(1)).hold(Duration.ofSeconds(20)).build();
        BranchCoverage half = BranchCoverage.of(personas, graph, rows, 3, Optional.of(halfAtPeak));

        assertThat(all.paths()).allSatisfy(p -> assertThat(p.rows()).isEqualTo(80));
        assertThat(all.personas().values()).containsOnly(rows / 2);
        assertThat(all.outcomes().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(rows);
        assertThat(all.flagged()).isEmpty();
        assertThat(half.peak().orElseThrow().share()).isCloseTo(0.48, within(0.01));
        assertThat(half.flagged()).hasSize(graph.paths().size());
        assertThat(half.rowsFor(half.paths().get(0))).isGreaterThan(rows);
    }
}
