package io.callstorm.simulate.analysis;

import io.callstorm.simulate.report.DriftRow;
import io.callstorm.simulate.report.QualityRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Drift on pass-rate curves whose drop is known. */
class DriftTest {

    /** A rubric's rows from 250 to 9,750 concurrent calls, passing {@code low} at first and {@code peak} at the end. */
    private static List<QualityRow> rows(String rubric, double low, double peak) {
        List<QualityRow> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double rate = low + (peak - low) * i / 19.0;
            rows.add(new QualityRow(rubric, 250 + i * 500, 400, Math.round(rate * 10_000) / 10_000.0));
        }
        return rows;
    }

    private static DriftRow drift(double low, double peak) {
        return ReportAssembler.drift(rows("conversation_resolution", low, peak)).get(0);
    }

    @Test
    void dropUnderTwoPointsIsNone() {
        DriftRow d = drift(0.95, 0.935);
        assertThat(d.shape()).isEqualTo("none");
        assertThat(d.deltaPoints()).isEqualTo(-1.5);
        assertThat(d.lowPassRate()).isEqualTo(0.95);
        assertThat(d.peakPassRate()).isEqualTo(0.935);
    }

    @Test
    void dropFromTwoUpToTenPointsIsSoft() {
        assertThat(drift(0.95, 0.93).shape()).isEqualTo("soft");
        assertThat(drift(0.95, 0.93).deltaPoints()).isEqualTo(-2.0);
        assertThat(drift(0.88, 0.79).shape()).isEqualTo("soft");
        assertThat(drift(0.88, 0.79).deltaPoints()).isEqualTo(-9.0);
    }

    @Test
    void dropOfTenPointsOrMoreIsHard() {
        assertThat(drift(0.90, 0.80).shape()).isEqualTo("hard");
        assertThat(drift(0.90, 0.80).deltaPoints()).isEqualTo(-10.0);
        assertThat(drift(0.99, 0.72).deltaPoints()).isEqualTo(-27.0);
    }

    @Test
    void aRiseIsNone() {
        DriftRow d = drift(0.80, 0.95);
        assertThat(d.shape()).isEqualTo("none");
        assertThat(d.deltaPoints()).isEqualTo(15.0);
    }

    @Test
    void endsAreTheFirstAndLastBucketsWithEnoughCalls() {
        List<QualityRow> rows = new ArrayList<>();
        rows.add(new QualityRow("is_polite", 10, 3, 0.0));          // too few calls to be the lowest
        rows.addAll(rows("is_polite", 0.96, 0.94));
        rows.add(new QualityRow("is_polite", 10_000, 5, 0.2));     // a handful draining at the end
        DriftRow d = ReportAssembler.drift(rows).get(0);
        assertThat(d.lowPassRate()).isEqualTo(0.96);
        assertThat(d.peakPassRate()).isEqualTo(0.94);
        assertThat(d.shape()).isEqualTo("soft");
    }

    @Test
    void eachRubricDriftsOnItsOwn() {
        List<QualityRow> rows = new ArrayList<>(rows("conversation_resolution", 0.88, 0.79));
        rows.addAll(rows("is_polite", 0.96, 0.94));
        rows.addAll(rows("task_completion", 0.91, 0.76));
        assertThat(ReportAssembler.drift(rows)).extracting(DriftRow::rubric, DriftRow::shape)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("conversation_resolution", "soft"),
                        org.assertj.core.groups.Tuple.tuple("is_polite", "soft"),
                        org.assertj.core.groups.Tuple.tuple("task_completion", "hard"));
    }
}
