package io.callstorm.cli.api;

import io.callstorm.simulate.report.RubricEvaluation;
import io.callstorm.simulate.report.SimulationReport;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What {@link CallstormApi#runSimulation} gives back: the pass rate per rubric (the guide's {@code results.pass_rate}),
 * the gate's verdict, the full report, and where its files are.
 *
 * @param report          the run's report, as {@code report.json} holds it
 * @param outputDirectory where {@code report.json}, {@code report.html}, {@code junit.xml}, {@code calls.jsonl} and the
 *                        {@code simulation.yaml} that ran are
 */
public record RunResult(SimulationReport report, Path outputDirectory) {
    /** Each scored rubric's pass rate over the whole run (0..1), in scoring order. */
    public Map<String, Double> passRates() {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (RubricEvaluation r : report.evaluation().rubrics()) {
            if (r.passed() + r.failed() > 0) {
                rates.put(r.rubric(), r.passRate());
            }
        }
        return rates;
    }

    /** A rubric's pass rate over the whole run; empty when it was not scored (or no call got a verdict). */
    public OptionalDouble passRate(String rubric) {
        Double rate = passRates().get(rubric);
        return rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate);
    }

    /** Whether the gate passed (trivially, with no condition). */
    public boolean gatePassed() {
        return report.gate().passed();
    }
}
