package io.callstorm.simulate.gate;

import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.report.ErrorRateRow;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.QualityRow;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The values gates and comparisons read from a report: each at the peak bucket, the one at the highest
 * concurrency with at least {@link SimulationReport#MIN_SAMPLES_FOR_ENDS} samples (the highest of all when none
 * has that many).
 */
final class PeakValues {
    /**
     * A measured value and where it was measured, e.g. {@code " (9,748 concurrent, 1,240 samples)"}; {@code count}
     * is the calls or samples behind it (0 for drift), {@code latency} the bucket's row for a percentile.
     */
    record Value(double value, int concurrency, String where, long count, Optional<LatencyRow> latency) {
        Value(double value, int concurrency, String where, long count) {
            this(value, concurrency, where, count, Optional.empty());
        }
    }

    private PeakValues() {
    }

    static Optional<Value> of(SimulationReport r, GateCondition.Metric metric, String subject) {
        switch (metric) {
            case PASS_RATE:
                return atPeak(r.quality(subject), QualityRow::count)
                        .map(q -> new Value(q.passRate(), q.concurrency(), at(q.concurrency(), q.count(), "calls"),
                                q.count()));
            case DRIFT:
                return r.drift(subject).map(d -> new Value(d.deltaPoints(), -1, "", 0));
            case P50:
            case P95:
            case P99:
                return atPeak(r.latency().stream().filter(l -> l.stage().equals(subject)).toList(), LatencyRow::count)
                        .map(l -> new Value(metric == GateCondition.Metric.P50 ? l.p50Ms()
                                : metric == GateCondition.Metric.P95 ? l.p95Ms() : l.p99Ms(), l.concurrency(),
                                at(l.concurrency(), l.count(), "samples"), l.count(), Optional.of(l)));
            case ERROR_RATE: {
                long calls = r.errors().rate().stream().mapToLong(ErrorRateRow::calls).sum();
                return calls == 0 ? Optional.empty() : Optional.of(new Value(r.errorRate(), -1,
                        String.format(Locale.ROOT, " (%,d calls)", calls), calls));
            }
            default:
                return atPeak(r.errors().rate(), ErrorRateRow::calls)
                        .map(e -> new Value(e.errorRate(), e.concurrency(), at(e.concurrency(), e.calls(), "calls"),
                                e.calls()));
        }
    }

    static String describe(GateCondition.Metric metric, String subject) {
        return switch (metric) {
            case PASS_RATE -> subject + " pass rate at peak";
            case DRIFT -> subject + " drift (pass rate at peak minus at lowest, points)";
            case P50, P95, P99 -> subject + " " + metric.name() + " at peak";
            case ERROR_RATE -> "error rate over all calls";
            case ERROR_RATE_AT_PEAK -> "error rate at peak";
        };
    }

    static String format(GateCondition.Metric metric, double v) {
        if (metric.isLatency()) {
            return String.format(Locale.ROOT, "%.1f ms", v);
        }
        if (metric == GateCondition.Metric.DRIFT) {
            return String.format(Locale.ROOT, "%+.1f points", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String at(int concurrency, long count, String unit) {
        return String.format(Locale.ROOT, " (%,d concurrent, %,d %s)", concurrency, count, unit);
    }

    /** The row at the highest concurrency with enough samples to trust, else the highest row at all. */
    static <T> Optional<T> atPeak(List<T> rows, ToLongFunction<T> count) {
        T last = null;
        T lastTrusted = null;
        for (T row : rows) {
            last = row;
            if (count.applyAsLong(row) >= SimulationReport.MIN_SAMPLES_FOR_ENDS) {
                lastTrusted = row;
            }
        }
        return Optional.ofNullable(lastTrusted != null ? lastTrusted : last);
    }
}
