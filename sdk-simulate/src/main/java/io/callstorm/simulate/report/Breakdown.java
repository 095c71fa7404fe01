package io.callstorm.simulate.report;

import java.util.List;
import java.util.Optional;

/**
 * The {@code breakdown} section of {@code report.json}: the results per persona and per scenario path, and the worst
 * of each, so that "which callers, which paths" has an answer next to "at which concurrency".
 *
 * <pre>{@code
 * for (BreakdownRow p : report.breakdown().personas().worstRows()) {
 *     System.out.printf("%s: %.0f%% resolved, %.1f%% errors%n", p.id(),
 *             p.rubric("conversation_resolution").map(BreakdownRow.RubricRate::passRate).orElse(0.0) * 100,
 *             p.errorRate() * 100);
 * }
 * }</pre>
 *
 * @param personas one row per persona id
 * @param paths    one row per scenario path id
 */
public record Breakdown(Table personas, Table paths) {
    /** Rows called out as worst, per table. */
    public static final int WORST = 5;

    public Breakdown {
        personas = personas == null ? Table.empty() : personas;
        paths = paths == null ? Table.empty() : paths;
    }

    /** No section: a report written before it was added. */
    public static Breakdown none() {
        return new Breakdown(Table.empty(), Table.empty());
    }

    /**
     * The rows of one dimension, and the worst of them.
     *
     * <p>How "worst" is ranked ({@link #rankedBy()} says it in keys): by the lowest {@code conversation_resolution}
     * pass rate, then the highest error rate, then the highest gap P95, then by id; in a run with no verdict of
     * {@code conversation_resolution}, by the highest error rate, then gap P95. Only rows with at least
     * {@link SimulationReport#MIN_SAMPLES_FOR_ENDS} calls and something wrong (an error, or a failed
     * {@code conversation_resolution}) are called out: a run where every call resolved without error calls out none.
     *
     * @param rows     by id
     * @param worst    the ids of up to {@value Breakdown#WORST} rows, worst first
     * @param rankedBy the keys {@code worst} is ranked by, first key first, e.g.
     *                 {@code [conversation_resolution, errorRate, gapP95Ms]}
     */
    public record Table(List<BreakdownRow> rows, List<String> worst, List<String> rankedBy) {
        public Table {
            rows = rows == null ? List.of() : List.copyOf(rows);
            worst = worst == null ? List.of() : List.copyOf(worst);
            rankedBy = rankedBy == null ? List.of() : List.copyOf(rankedBy);
        }

        /** No rows. */
        public static Table empty() {
            return new Table(List.of(), List.of(), List.of());
        }

        /** The row of one id. */
        public Optional<BreakdownRow> row(String id) {
            return rows.stream().filter(r -> r.id().equals(id)).findFirst();
        }

        /** The rows named in {@link #worst()}, worst first. */
        public List<BreakdownRow> worstRows() {
            return worst.stream().map(this::row).flatMap(Optional::stream).toList();
        }
    }
}
