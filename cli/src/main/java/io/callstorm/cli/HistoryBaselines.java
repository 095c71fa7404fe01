package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.history.Baseline;
import io.callstorm.history.BaselineSpec;
import io.callstorm.history.HistoryException;
import io.callstorm.history.RunHistory;

import java.io.PrintStream;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code --baseline last|rolling:7d|tag:NAME}: the baseline a run or a report is compared with, taken from the run
 * history; the comparison itself is {@code ReportComparison}'s, with the thresholds of {@code compare}.
 */
final class HistoryBaselines {
    private HistoryBaselines() {
    }

    /**
     * The baseline {@code spec} selects among the runs of {@code simulation}, leaving out {@code excluded}; empty
     * when the history holds none (said on {@code err}, with what happens instead). A history that cannot be read
     * is a problem added to {@code p}.
     */
    static Optional<Baseline> find(BaselineSpec spec, String simulation, Set<String> excluded, HistoryLocation at,
                                   Function<String, String> environment, ProblemCollector p, PrintStream err,
                                   String instead) {
        if (at.isMissingFile(environment)) {
            err.println(noBaseline(spec, simulation, at.location(environment)) + instead);
            return Optional.empty();
        }
        try (RunHistory history = at.open(environment)) {
            Optional<Baseline> baseline = history.baseline(spec, simulation, excluded);
            if (baseline.isEmpty()) {
                err.println(noBaseline(spec, simulation, history.location()) + instead);
            }
            return baseline;
        } catch (HistoryException e) {
            p.add("--baseline " + spec, e.getMessage().lines().findFirst().orElse(""));
            return Optional.empty();
        }
    }

    private static String noBaseline(BaselineSpec spec, String simulation, String where) {
        String which = switch (spec.kind()) {
            case LAST -> "no run of " + simulation;
            case ROLLING -> "no run of " + simulation + " in the last " + spec.toString().substring("rolling:".length());
            case TAG -> "no run of " + simulation + " tagged " + spec.tagKey() + '=' + spec.tagValue();
        };
        return "callstorm: no baseline in the history " + where + " for --baseline " + spec + ": " + which;
    }
}
