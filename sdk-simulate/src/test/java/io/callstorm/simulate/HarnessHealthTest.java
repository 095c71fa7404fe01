package io.callstorm.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.simulate.analysis.ReportRebuilder;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.HarnessWindow;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.writer.JunitReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The harness watches its own health: an overloaded load generator says so in every output, and fails a gate. */
class HarnessHealthTest {
    private static Simulation.Builder simulation(AgentConnector agent) {
        return SmallSimulations.of(agent);
    }

    @Test
    void aRunWithAStalledHarnessLoopIsMarkedUnhealthyInEveryOutputAndFailsItsGate(@TempDir Path out)
            throws Exception {
        StallingListener stall = new StallingListener();
        SimulationReport report;
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            Simulation simulation = simulation(agent).name("stalled").listener(stall)
                    .load(LoadProfile.arrivalsPerSecond(20).hold(Duration.ofSeconds(3)).build())
                    .gate(Gate.parse("error_rate<=1.0"))
                    .outputDirectory(out)
                    .build();
            report = assertTimeoutPreemptively(Duration.ofSeconds(30), simulation::run);
        }

        HarnessStats h = report.harness();
        assertThat(h.healthy()).isFalse();
        assertThat(h.unhealthyWindows()).extracting(HarnessWindow::reason)
                .contains(HarnessWindow.REASON_EVENT_LOOP_STALL, HarnessWindow.REASON_LATE_CALLS);
        HarnessWindow stallWindow = h.unhealthyWindows().stream()
                .filter(w -> w.reason().equals(HarnessWindow.REASON_EVENT_LOOP_STALL)).findFirst().orElseThrow();
        assertThat(stallWindow.worst()).isGreaterThan(HarnessStats.STALL_LIMIT_MS);
        assertThat(stallWindow.limit()).isEqualTo(HarnessStats.STALL_LIMIT_MS);
        assertThat(stallWindow.endSeconds()).isGreaterThan(stallWindow.startSeconds());
        assertThat(stallWindow.startSeconds()).isGreaterThanOrEqualTo(0);
        assertThat(stallWindow.detail()).contains("event-loop stall of", "limit 400 ms");
        assertThat(h.callsLate()).isPositive();
        // the listeners heard it as the run went on
        assertThat(stall.told).extracting(HarnessWindow::reason).contains(HarnessWindow.REASON_EVENT_LOOP_STALL);

        // a gated run does not pass silently: the harness check fails
        assertThat(report.gate().passed()).isFalse();
        assertThat(report.gate().checks()).extracting(GateCheck::name).containsExactly("error_rate", "harness");
        GateCheck harness = report.gate().checks().get(1);
        assertThat(harness.passed()).isFalse();
        assertThat(harness.detail()).contains("load generator was overloaded", "event-loop stall");

        // report.json: the new keys
        JsonNode json = ReportJson.mapper().readTree(out.resolve("report.json").toFile()).get("harness");
        assertThat(json.get("healthy").asBoolean(true)).isFalse();
        JsonNode first = json.get("unhealthyWindows").get(0);
        assertThat(first.has("startSeconds")).isTrue();
        assertThat(first.has("endSeconds")).isTrue();
        assertThat(first.get("reason").asText()).isNotEmpty();
        assertThat(json.has("gcPauseTotalMs")).isTrue();
        assertThat(json.get("callsLate").asLong()).isPositive();
        assertThat(SimulationReport.readJson(out.resolve("report.json")).harness()).isEqualTo(h);

        // junit.xml: a failed harness test case
        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(out.resolve("junit.xml").toFile());
        Element harnessCase = testCase(junit, "harness healthy");
        assertThat(harnessCase).isNotNull();
        assertThat(harnessCase.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(Files.readString(out.resolve("junit.xml")))
                .contains("<property name=\"harnessHealthy\" value=\"false\"/>");

        // report.html: the windows shaded on the load chart
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("harnessWindows", "\"healthy\":false", "\"unhealthyWindows\":[{");

        // a rebuild from calls.jsonl takes the harness section from report.json
        SimulationReport rebuilt = ReportRebuilder.rebuild(out.resolve("calls.jsonl")).report();
        assertThat(rebuilt.harness()).isEqualTo(h);
        assertThat(rebuilt.harness().healthy()).isFalse();
    }

    @Test
    void anUngatedUnhealthyRunHasASkippedHarnessTestCase(@TempDir Path out) throws Exception {
        SimulationReport report;
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            report = assertTimeoutPreemptively(Duration.ofSeconds(30), simulation(agent).name("ungated")
                    .listener(new StallingListener())
                    .load(LoadProfile.concurrentCalls(5).hold(Duration.ofSeconds(2)).build())
                    .outputDirectory(out).build()::run);
        }
        assertThat(report.harness().healthy()).isFalse();
        assertThat(report.gate().checks()).isEmpty();
        assertThat(report.gate().passed()).isTrue();
        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(out.resolve("junit.xml").toFile());
        Element harnessCase = testCase(junit, "harness healthy");
        assertThat(harnessCase).isNotNull();
        assertThat(harnessCase.getElementsByTagName("skipped").getLength()).isEqualTo(1);
        assertThat(junit.getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void aNormalShortRunIsHealthy(@TempDir Path out) throws Exception {
        SimulationReport report;
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            report = assertTimeoutPreemptively(Duration.ofSeconds(30), simulation(agent).name("healthy")
                    .load(LoadProfile.concurrentCalls(10).hold(Duration.ofSeconds(2)).build())
                    .gate(Gate.parse("error_rate<=1.0"))
                    .outputDirectory(out).build()::run);
        }
        HarnessStats h = report.harness();
        assertThat(h.unhealthyWindows()).as("%s", h.unhealthyWindows()).isEmpty();
        assertThat(h.healthy()).isTrue();
        assertThat(h.callsLate()).isZero();
        assertThat(h.heapMaxMb()).isPositive();
        assertThat(report.gate().passed()).isTrue();
        assertThat(report.gate().checks()).extracting(GateCheck::name).containsExactly("error_rate");

        JsonNode json = ReportJson.mapper().readTree(out.resolve("report.json").toFile()).get("harness");
        assertThat(json.get("healthy").asBoolean(false)).isTrue();
        assertThat(json.get("unhealthyWindows")).isEmpty();
        assertThat(JunitReport.render(report)).contains("<property name=\"harnessHealthy\" value=\"true\"/>")
                .doesNotContain("harness healthy");
    }

    @Test
    void aReportWrittenBeforeTheHealthKeysReadsAsHealthy(@TempDir Path dir) throws Exception {
        SimulationReport report;
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            report = simulation(agent).listener(new StallingListener())
                    .load(LoadProfile.concurrentCalls(3).hold(Duration.ofMillis(1500)).build()).build().run();
        }
        assertThat(report.harness().healthy()).isFalse();
        ObjectNode json = ReportJson.mapper().valueToTree(report);
        ((ObjectNode) json.get("harness")).remove(List.of("healthy", "unhealthyWindows", "gcPauseTotalMs",
                "gcPauseMaxMs", "heapMaxMb", "callsLate"));
        Path old = dir.resolve("report.json");
        ReportJson.mapper().writeValue(old.toFile(), json);

        HarnessStats read = SimulationReport.readJson(old).harness();
        assertThat(read.healthy()).isTrue();
        assertThat(read.unhealthyWindows()).isEmpty();
        assertThat(read.eventLoopLagMaxMs()).isEqualTo(report.harness().eventLoopLagMaxMs());
        // an old gated report is judged as before: no harness check
        assertThat(Gate.parse("error_rate<=1.0").evaluate(SimulationReport.readJson(old)).checks())
                .extracting(GateCheck::name).containsExactly("error_rate");
    }

    private static Element testCase(Document junit, String name) {
        var cases = junit.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        return null;
    }
}
