package io.callstorm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code demo --connector http|ws}: the reference agent served by a child process, reached over the network,
 * gives a report with the same sections as the in-process demo.
 */
class NetworkedDemoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"http", "ws"})
    void aNetworkedDemoReportsWhatTheInProcessOneDoes(String connector, @TempDir Path out) throws Exception {
        List<String> args = new ArrayList<>(List.of("demo", "--connector", connector, "--peak", "16", "--start", "4",
                "--ramp", "2s", "--hold", "3s", "--ramp-down", "1s", "--time-scale", "0.1", "--no-progress",
                "--out", out.toString()));
        if (connector.equals("ws")) {
            // a gate may name audio_quality once calls are recorded
            args.addAll(List.of("--barge-in", "0.5", "--record-audio", "1", "--gate", "audio_quality>=0.0"));
        }
        CliResult r = CliResult.run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.err()).isIn(CallstormCli.EXIT_OK, CallstormCli.EXIT_GATE_FAILED);
        SimulationReport report = SimulationReport.readJson(out.resolve("report.json"));
        JsonNode json = JSON.readTree(out.resolve("report.json").toFile());
        assertThat(json.fieldNames()).toIterable().contains("simulation", "load", "latency", "curves", "quality",
                "errors", "gate", "harness", "timeline");
        // the served agent's settings are the harness's choice, so the report records them
        assertThat(report.simulation().agent()).containsEntry("reference", true).containsKey("stt");
        assertThat(report.load().callsCompleted()).isPositive();
        for (String stage : List.of("stt_ttft", "llm_ttft", "tts_first_audio", "user_perceived_gap")) {
            assertThat(json.path("latency").toString()).as(stage).contains(stage);
        }
        assertThat(report.quality("conversation_resolution")).isNotEmpty();
        if (connector.equals("ws")) {
            assertThat(report.quality("audio_quality")).as("recorded calls are scored for audio").isNotEmpty();
            assertThat(report.gate().checks()).anySatisfy(c -> assertThat(c.name()).contains("audio_quality"));
            try (var files = Files.list(out.resolve("recordings"))) {
                assertThat(files.filter(f -> f.toString().endsWith(".wav")).count()).isPositive();
            }
            assertThat(Files.readString(out.resolve("calls.jsonl"))).contains("barge_in.clear_ms");
        }
    }
}
