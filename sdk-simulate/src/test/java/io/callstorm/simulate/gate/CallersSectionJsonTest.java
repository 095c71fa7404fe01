package io.callstorm.simulate.gate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.simulate.report.CallerSummary;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code report.json}'s {@code callers} section: written last, read back equal, and absent in older reports. */
class CallersSectionJsonTest {
    @Test
    void theSectionRoundTrips() throws Exception {
        CallerSummary callers = new CallerSummary("improvising", "caller-model", 900, 12,
                Map.of("timeout", 10L, "error", 2L), 40, 860, 12_000, 600, 0.0132);
        SimulationReport report = SampleReports.report(0.9, 500, 0).withCallers(callers);
        String json = ReportJson.mapper().writeValueAsString(report);
        assertThat(json).endsWith("\"costUsd\":0.0132}}");
        assertThat(ReportJson.mapper().readValue(json, SimulationReport.class).callers()).isEqualTo(callers);
    }

    @Test
    void aReportWrittenBeforeTheSectionReadsAsScripted() throws Exception {
        ObjectNode json = ReportJson.mapper().valueToTree(SampleReports.report(0.9, 500, 0));
        json.remove("callers");
        SimulationReport read = ReportJson.mapper().treeToValue(json, SimulationReport.class);
        assertThat(read.callers()).isEqualTo(CallerSummary.scripted());
        assertThat(read.callers().improvising()).isFalse();
    }
}
