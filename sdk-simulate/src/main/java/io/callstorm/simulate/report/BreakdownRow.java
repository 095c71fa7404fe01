package io.callstorm.simulate.report;

import java.util.List;
import java.util.Optional;

/**
 * The results of the calls of one persona, or of one scenario path, over the whole run. Calls cut short by the run's
 * stop ({@code CANCELLED}) are counted apart and are in no rate, as everywhere in the report; their replies' gaps
 * count, as in {@code latency}.
 *
 * @param id         the persona id or the path id (empty when the calls named none)
 * @param calls      calls that ended, cut ones aside: the error rate's denominator
 * @param cancelled  calls cut short by the run's stop
 * @param errors     of {@code calls}, those that ended {@code FAILED}, {@code TIMED_OUT} or {@code HUNG_UP}
 * @param errorRate  {@code errors / calls}, 0 when no call ended
 * @param gapSamples user-perceived gaps measured (one per agent reply that started)
 * @param gapP50Ms   median user-perceived gap, 0 when none
 * @param gapP95Ms   95th percentile of the user-perceived gap, 0 when none
 * @param rubrics    per rubric, its verdicts and pass rate (an evaluator error is no verdict), in the run's scoring
 *                   order
 */
public record BreakdownRow(String id, long calls, long cancelled, long errors, double errorRate, long gapSamples,
                           double gapP50Ms, double gapP95Ms, List<RubricRate> rubrics) {
    public BreakdownRow {
        id = id == null ? "" : id;
        rubrics = rubrics == null ? List.of() : List.copyOf(rubrics);
    }

    /** The pass rate of one rubric, when the row's calls got verdicts of it. */
    public Optional<RubricRate> rubric(String name) {
        return rubrics.stream().filter(r -> r.rubric().equals(name)).findFirst();
    }

    /**
     * The verdicts of one rubric on the row's calls.
     *
     * @param rubric   rubric name
     * @param verdicts passes and fails
     * @param passed   of which passed
     * @param passRate {@code passed / verdicts}
     */
    public record RubricRate(String rubric, long verdicts, long passed, double passRate) {
    }
}
