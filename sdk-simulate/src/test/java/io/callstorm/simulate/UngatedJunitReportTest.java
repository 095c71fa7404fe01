package io.callstorm.simulate;

import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.writer.JunitCase;
import io.callstorm.simulate.writer.JunitReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** junit.xml is never empty: a run without a gate gets its own checks as test cases, none of them failed. */
class UngatedJunitReportTest {
    @TempDir
    static Path out;
    private static SimulationReport report;

    @BeforeAll
    static void runWithoutAGate() throws Exception {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            report = assertTimeoutPreemptively(Duration.ofSeconds(30), SmallSimulations.of(agent).name("ungated")
                    .load(LoadProfile.concurrentCalls(5).hold(Duration.ofSeconds(1)).build())
                    .outputDirectory(out).build()::run);
        }
    }

    @Test
    void anUngatedRunWritesTheRunsOwnChecksNoneFailed() throws Exception {
        assertThat(report.gate().checks()).isEmpty();
        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(out.resolve(SimulationReport.JUNIT_FILE).toFile());
        Map<String, Element> cases = cases(junit);
        List<String> rubrics = report.quality().stream().map(q -> q.rubric()).distinct().toList();
        assertThat(rubrics).isNotEmpty();
        List<String> expected = new ArrayList<>(List.of("complete whole run", "harness healthy", "calls ran",
                "error_rate measured"));
        rubrics.forEach(r -> expected.add(r + " measured"));
        assertThat(cases.keySet()).containsExactlyElementsOf(expected);

        Element suite = (Element) junit.getElementsByTagName("testsuite").item(0);
        assertThat(Integer.parseInt(suite.getAttribute("tests"))).isEqualTo(expected.size());
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(junit.getElementsByTagName("failure").getLength()).isZero();

        assertThat(outputOf(cases.get("complete whole run"))).isEqualTo("the load profile ran to its end");
        assertThat(outputOf(cases.get("calls ran"))).startsWith(String.format("%,d calls started",
                report.load().callsStarted()));
        assertThat(outputOf(cases.get("error_rate measured"))).contains("error rate over all calls", "was 0.0000");
        assertThat(outputOf(cases.get("conversation_resolution measured")))
                .contains("conversation_resolution pass rate at peak", "; no gate threshold");
        // the machine may be busy: the harness case is passed or, overloaded, skipped with why; never failed
        Element harness = cases.get("harness healthy");
        if (report.harness().healthy()) {
            assertThat(harness.getElementsByTagName("skipped").getLength()).isZero();
        } else {
            assertThat(((Element) harness.getElementsByTagName("skipped").item(0)).getAttribute("message"))
                    .startsWith("no gate: not failed, but the load generator was overloaded");
        }
    }

    @Test
    void aPartialUngatedRunSkipsItsCompleteCaseSayingWhy() throws Exception {
        SimulationReport partial = report.withCompleteness(Completeness.stopped(Completeness.CANCELLED,
                "SIGTERM received", 0.5, 3));
        Document junit = parse(JunitReport.render(partial));
        Element complete = cases(junit).get("complete whole run");
        assertThat(((Element) complete.getElementsByTagName("skipped").item(0)).getAttribute("message"))
                .isEqualTo("no gate: not failed, but partial run: stopped at 0.5 s (SIGTERM received); 3 calls in "
                        + "progress cut short, left out of the pass and error rates");
        assertThat(junit.getElementsByTagName("failure").getLength()).isZero();
        // the one case for it: not also the skipped case a gated run's extras would get
        assertThat(junit.getElementsByTagName("testcase").getLength())
                .isEqualTo(cases(junit).size()).isEqualTo(4 + report.quality().stream().map(q -> q.rubric())
                        .distinct().count());
    }

    @Test
    void aGatedRunHasOneCasePerGateCheckOnly() throws Exception {
        SimulationReport gated = report.withGate(Gate.parse("error_rate<=0.05, conversation_resolution>=0.5")
                .evaluate(report));
        Document junit = parse(JunitReport.render(gated));
        assertThat(gated.gate().checks()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(cases(junit).keySet()).containsExactlyElementsOf(gated.gate().checks().stream()
                .map(c -> c.name() + " " + c.threshold()).toList());
    }

    @Test
    void extraCasesStandInForTheRunsOwnChecks() throws Exception {
        Document junit = parse(JunitReport.render(report, List.of(JunitCase.passed("rubric is_polite", "ok"))));
        assertThat(cases(junit).keySet()).containsExactly("rubric is_polite");
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, Element> cases(Document junit) {
        Map<String, Element> byName = new LinkedHashMap<>();
        NodeList list = junit.getElementsByTagName("testcase");
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            byName.put(e.getAttribute("name"), e);
        }
        return byName;
    }

    private static String outputOf(Element testCase) {
        NodeList out = testCase.getElementsByTagName("system-out");
        return out.getLength() == 0 ? "" : out.item(0).getTextContent();
    }
}
