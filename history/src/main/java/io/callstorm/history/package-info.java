/**
 * The run history: every run kept, and baselines taken from it. Start at {@link io.callstorm.history.RunHistory},
 * opened on an SQLite file or a PostgreSQL URL: it records a run's report under its tags
 * ({@link io.callstorm.history.RunTags}), lists runs ({@link io.callstorm.history.HistoryQuery},
 * {@link io.callstorm.history.RunSummary}), reads one back whole ({@link io.callstorm.history.RunRecord}), and makes a
 * baseline of the last run, a rolling median or a tagged run ({@link io.callstorm.history.BaselineSpec},
 * {@link io.callstorm.history.Baseline}) for {@code ReportComparison}. The tables and what the CLI does with them are
 * documented in {@code docs/history.md}. Nothing in this package returns or accepts {@code null}.
 */
package io.callstorm.history;
