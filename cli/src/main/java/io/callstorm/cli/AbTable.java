package io.callstorm.cli;

import io.callstorm.simulate.report.AbReport;

import java.io.PrintStream;
import java.util.Locale;

/** The console table of {@code callstorm ab}: one line per metric, its two figures, the difference and the winner. */
final class AbTable {
    private AbTable() {
    }

    static void print(AbReport ab, PrintStream out) {
        out.printf(Locale.ROOT, "%nA/B at %s confidence (%s; a winner needs a move past the threshold: %s)%n%n",
                CompareCommand.percent(ab.confidence()), ab.order(), ab.thresholds());
        out.printf(Locale.ROOT, "  %-28s %14s %14s   %-30s %s%n", "metric", "A", "B", "B - A [interval]", "winner");
        for (AbReport.Metric m : ab.metrics()) {
            String unit = m.unit().equals("ms") ? "ms" : "pts";
            out.printf(Locale.ROOT, "  %-28s %14s %14s   %-30s %s%n", m.metric(), value(m, m.a()), value(m, m.b()),
                    String.format(Locale.ROOT, "%+.1f %s [%+.1f, %+.1f]", m.delta(), unit, m.deltaLow(),
                            m.deltaHigh()), m.winner());
        }
        long a = ab.metrics().stream().filter(m -> m.winner().equals("A")).count();
        long b = ab.metrics().stream().filter(m -> m.winner().equals("B")).count();
        out.printf(Locale.ROOT, "%nA (%s) wins %d, B (%s) wins %d of %d metrics%n", ab.a().name(), a, ab.b().name(), b,
                ab.metrics().size());
    }

    private static String value(AbReport.Metric m, double v) {
        return m.unit().equals("ms") ? String.format(Locale.ROOT, "%.1f ms", v)
                : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
}
