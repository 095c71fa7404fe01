package io.callstorm.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.core.Stage;
import io.callstorm.simulate.ScriptedAgent.Response;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.live.LivePage;
import io.callstorm.simulate.live.LiveSnapshot;
import io.callstorm.simulate.live.LiveState;
import io.callstorm.simulate.live.LiveStream;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live stream a dashboard reads: readings once a second while the run goes on, with the same figures the report
 * is assembled from, a last {@code FINISHED} reading, and a stop that ends the run with a partial report.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LiveStreamTest {
    /** Every fifth call is refused for rate; the rest answer quickly. */
    private static ScriptedAgent sometimesRateLimited() {
        return new ScriptedAgent(a -> Integer.parseInt(a.callId().substring("call-".length())) % 5 == 0
                ? Response.error(AgentException.rateLimited(Stage.LLM_TTFT, Duration.ofMillis(5),
                "LLM token budget exceeded: 2400 tokens requested"))
                : Response.reply(Duration.ofMillis(5), Duration.ofMillis(10)));
    }

    @Test
    void readingsGrowWhileTheRunGoesOnAndAStopEndsItWithAPartialReport() throws Exception {
        try (ScriptedAgent agent = sometimesRateLimited()) {
            LiveStream live = LiveStream.create();
            List<LiveSnapshot> seen = new CopyOnWriteArrayList<>();
            RunningSimulation running = SmallSimulations.of(agent).name("live")
                    .load(LoadProfile.concurrentCalls(10).hold(Duration.ofMinutes(5)).build())
                    .listener(live).build().start();
            live.attach(running);
            try (LiveStream.Subscription ignored = live.subscribe(seen::add)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                while (System.nanoTime() < deadline && (seen.size() < 3 || last(seen).clusters().isEmpty()
                        || last(seen).passRates().isEmpty())) {
                    Thread.sleep(100);
                }
                LiveSnapshot running3 = last(seen);
                assertThat(running3.state()).isEqualTo(LiveState.RUNNING);
                assertThat(running3.sequence()).isGreaterThanOrEqualTo(3);
                assertThat(running3.simulation()).isEqualTo("live");
                assertThat(running3.callsStarted()).isPositive();
                assertThat(running3.timeline()).hasSizeGreaterThanOrEqualTo(2);
                assertThat(running3.stages()).extracting(LiveSnapshot.StagePoint::stage)
                        .contains(Stage.USER_PERCEIVED_GAP.wireName());
                assertThat(running3.passRates()).isNotEmpty();
                assertThat(running3.clusters()).extracting(LiveSnapshot.Cluster::name).contains("provider rate limit");
                assertThat(running3.errorRateOverall()).isBetween(0.05, 0.5);

                assertThat(live.stop("stopped from a test")).isTrue();
                SimulationReport report = running.await();

                assertThat(report.completeness().partial()).isTrue();
                assertThat(report.completeness().reason()).isEqualTo("stopped from a test");
                assertThat(live.stoppedHere()).isTrue();
                LiveSnapshot end = live.latest().orElseThrow();
                assertThat(end.state()).isEqualTo(LiveState.FINISHED);
                assertThat(end.partial()).isTrue();
                assertThat(end.stopReason()).isEqualTo("stopped from a test");
                assertThat(end.callsStarted()).isEqualTo(report.load().callsStarted());
                assertThat(last(seen)).isEqualTo(end);
                assertThat(seen).extracting(LiveSnapshot::sequence).isSorted();

                // the JSON a page reads: one line, the fields by their names
                String json = end.toJson();
                assertThat(json).doesNotContain("\n");
                JsonNode node = ReportJson.mapper().readTree(json);
                assertThat(node.get("state").asText()).isEqualTo("FINISHED");
                assertThat(node.get("partial").asBoolean()).isTrue();
                assertThat(node.get("clusters").get(0).get("name").asText()).isNotBlank();
                assertThat(node.get("harness").has("healthy")).isTrue();
            }
            assertThat(live.stop("again")).as("a finished run is not stopped again").isFalse();
        }
    }

    @Test
    void aRunNobodyStoppedEndsWithAWholeFinishedReading() {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            LiveStream live = LiveStream.create();
            RunningSimulation running = SmallSimulations.of(agent)
                    .load(LoadProfile.concurrentCalls(5).hold(Duration.ofMillis(1_500)).build())
                    .listener(live).build().start();
            live.attach(running);
            SimulationReport report = running.await();

            LiveSnapshot end = live.latest().orElseThrow();
            assertThat(end.state()).isEqualTo(LiveState.FINISHED);
            assertThat(end.partial()).isFalse();
            assertThat(end.stopReason()).isEmpty();
            assertThat(end.callsEnded()).isEqualTo(report.load().callsStarted());
            assertThat(live.stoppedHere()).isFalse();
        }
    }

    @Test
    void thePageAndItsChartLibraryComeFromTheJar() {
        String page = new String(LivePage.html(), StandardCharsets.UTF_8);
        assertThat(page).contains("src=\"" + LivePage.CHART_JS_PATH + "\"")
                .contains("EventSource('" + LivePage.EVENTS_PATH + "')")
                .contains("fetch('" + LivePage.STOP_PATH + "'")
                .doesNotContain("http://", "https://");
        assertThat(new String(LivePage.chartJs(), StandardCharsets.UTF_8)).contains("Chart");
    }

    private static LiveSnapshot last(List<LiveSnapshot> seen) {
        return seen.isEmpty() ? emptySnapshot() : seen.get(seen.size() - 1);
    }

    private static LiveSnapshot emptySnapshot() {
        return new LiveSnapshot(0, "", LiveState.STARTING, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(), List.of(),
                List.of(), new LiveSnapshot.Harness(true, 0, List.of()), "", false);
    }
}
